"""Every form's errors in the GOV.UK pattern: a titled summary listing each error as a link
to its field, and each field's error tied to it (aria-describedby), checkbox groups through
their fieldset."""

import re
from html.parser import HTMLParser

from django.urls import reverse

from incidents.models import Behaviour
from tests.evidence.factories import make_chat_exhibit
from tests.incidents.conftest import minimal_post


class Elements(HTMLParser):
    """Every start tag's attributes, and whether the markup nests a block in a <p>."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.open_p, self.block_in_p = [], 0, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "p":
            self.open_p += 1
        elif tag in ("ul", "ol", "div", "p", "fieldset") and self.open_p:
            self.block_in_p = True

    def handle_endtag(self, tag):
        if tag == "p" and self.open_p:
            self.open_p -= 1

    def by_id(self, element_id):
        return next(attrs for _tag, attrs in self.tags if attrs.get("id") == element_id)


def summary_links(html):
    summary = html[
        html.index("data-error-summary") : html.index("</div>", html.index("data-error-summary"))
    ]
    return re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)


def assert_each_link_reaches_a_described_field(html):
    page = Elements(html)
    links = summary_links(html)
    assert links
    for target, _message in links:
        attrs = page.by_id(target)  # the link's target exists
        assert attrs is not None
    return page, links


def test_empty_incident_form_lists_each_error_as_a_link_to_its_field(victim_client, victim):
    data = minimal_post(behaviours=[], description="")
    html = victim_client.post(reverse("incident_new"), data).content.decode()
    assert "There is a problem" in html
    assert "Check the answers marked below" not in html
    page, links = assert_each_link_reaches_a_described_field(html)
    targets = [target for target, _ in links]
    assert targets == ["id_behaviours_0", "id_description"]  # in the order of the form
    assert "id_description_error" in page.by_id("id_description")["aria-describedby"]
    assert page.by_id("id_description").get("aria-invalid") == "true"


def test_checkbox_group_error_is_tied_to_its_fieldset(victim_client, victim):
    data = minimal_post(behaviours=[])
    html = victim_client.post(reverse("incident_new"), data).content.decode()
    fieldsets = [attrs for tag, attrs in Elements(html).tags if tag == "fieldset"]
    described = [attrs["aria-describedby"] for attrs in fieldsets if "aria-describedby" in attrs]
    assert "id_behaviours_helptext id_behaviours_error" in described
    assert 'id="id_behaviours_error"' in html
    legend = html[html.index('aria-describedby="id_behaviours_helptext') :]
    assert legend.index("<legend>What kind of thing happened?</legend>") < legend.index(
        "id_behaviours_0"
    )


def test_each_field_has_one_error_element_even_with_two_errors(victim_client, victim):
    html = victim_client.post(reverse("incident_new"), minimal_post(date="")).content.decode()
    assert html.count('id="id_date_error"') == 1


def test_person_form_lists_identifier_errors(victim_client, victim):
    data = {
        "name": "",
        "relationship": "ex_partner",
        "identifier-TOTAL_FORMS": "1",
        "identifier-INITIAL_FORMS": "0",
        "identifier-MIN_NUM_FORMS": "0",
        "identifier-MAX_NUM_FORMS": "50",
        "identifier-0-kind": "phone",
        "identifier-0-value": "",
        "identifier-0-first_seen": "not a date",
    }
    html = victim_client.post(reverse("person_new"), data).content.decode()
    assert html.count("data-error-summary") == 1
    targets = [target for target, _ in assert_each_link_reaches_a_described_field(html)[1]]
    assert "id_name" in targets
    assert "id_identifier-0-first_seen" in targets


def test_sign_up_shows_a_summary_and_its_password_hint_is_valid_html(client, db):
    data = {"username": "", "password1": "x", "password2": "y", "initials": "1"}
    html = client.post(reverse("signup"), data).content.decode()
    page, links = assert_each_link_reaches_a_described_field(html)
    assert {"id_username", "id_initials"} <= {target for target, _ in links}
    assert not Elements(client.get(reverse("signup")).content.decode()).block_in_p


def test_sign_up_refusal_is_in_the_summary(client, db, settings, monkeypatch):
    from stalklog import views

    monkeypatch.setattr(views.signup_throttle, "allow_attempt", lambda request: False)
    html = client.post(reverse("signup"), {"username": "someone"}).content.decode()
    summary = html[html.index("data-error-summary") :]
    assert "Too many accounts have been tried" in summary[: summary.index("</div>")]


def test_no_page_nests_a_block_in_a_paragraph(victim_client, victim):
    for name in ("incident_new", "person_new", "order_new", "exhibit_upload", "password_change"):
        html = victim_client.get(reverse(name)).content.decode()
        assert not Elements(html).block_in_p, name


def test_messages_page_ties_its_errors_to_the_boxes(victim_client, victim):
    chat = make_chat_exhibit(victim.log, victim)
    url = reverse("exhibit_messages", args=[chat.pk])
    html = victim_client.post(url, {}).content.decode()
    page, links = assert_each_link_reaches_a_described_field(html)
    assert [target for target, _ in links] == ["id_message_0", "id_behaviours_0"]
    assert page.by_id("id_message_0")["aria-describedby"] == "id_message_error"
    assert 'class="field-error" aria-describedby="id_behaviours_error"' in html


def test_a_form_without_errors_has_no_summary(victim_client, victim):
    assert b"data-error-summary" not in victim_client.get(reverse("incident_new")).content
    assert Behaviour.objects.exists()


def test_log_it_now_lists_its_errors_and_ties_them_to_the_groups(victim_client, victim):
    four = [str(pk) for pk in Behaviour.objects.values_list("pk", flat=True)[:4]]
    data = {"when": "at", "at": "", "description": "", "behaviours": four}
    html = victim_client.post(reverse("log_it_now"), data).content.decode()
    page, links = assert_each_link_reaches_a_described_field(html)
    targets = {target for target, _ in links}
    assert {"id_at", "id_description", "id_behaviours_0"} <= targets
    described = [
        attrs["aria-describedby"]
        for tag, attrs in page.tags
        if tag == "fieldset" and "aria-describedby" in attrs
    ]
    assert "id_behaviours_helptext id_behaviours_error" in described
    assert "id_at_error" in page.by_id("id_at")["aria-describedby"]
