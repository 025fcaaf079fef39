"""Issue 21: every page a victim, a caseworker and a service admin can reach (and the public
pages), in Welsh, Polish and Urdu, on a touch phone (390x844) and at desktop size (1280x800):
axe-core finds no fault, nothing scrolls sideways, `<html lang>` names the language and Urdu
runs right to left.

The pages come from the URL map (tests/browser/pages.py), so a page added later is walked
too. The victim's log has something on every page (a_full_log): a person with identifiers,
a court order an incident breached, a correction, a photo with screenshot answers linked to
the incident, a chat, a call log, a withdrawn exhibit and an upload cut off part-way. On the
export page, no choice is cut off by its box, and the document's language (Welsh) is chosen
on a page in hers, the PDF made in Welsh from a Polish or an Urdu page.

This one walk replaces the incidents, evidence and export language walks that opened the
same pages again. Kept lean for CI: one browser context per (language, size, role), axe
parsed once per context and run once per page, signed in once, the data made once per test.
Set STALKLOG_SCREENSHOTS to a folder to keep a full-page screenshot of every Urdu phone page.
"""

import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from evidence.resumable import save_upload_chunk, start_upload
from evidence.services import withdraw_exhibit
from incidents.export.models import ExportJob
from incidents.models import Behaviour, Incident, Order, Person
from incidents.services import correct_incident, record_incident, save_order, save_person
from tests.actors import make_caseworker, make_service_admin, make_share
from tests.browser.conftest import AXE, follow, sign_in
from tests.browser.pages import (
    CASEWORKER_RULES,
    PUBLIC_RULES,
    STAFF_RULES,
    VICTIM_RULES,
    reachable,
)
from tests.browser.test_axe import SIZES, violations
from tests.conftest import PASSWORD, make_victim
from tests.evidence import files
from tests.evidence.factories import make_chat_exhibit, make_exhibit

pytestmark = pytest.mark.usefixtures("axe_installed")

LANGUAGES = ["cy", "pl", "ur"]
MAKE_THE_PDF = {"cy": "Gwneud y PDF", "pl": "Utwórz PDF", "ur": "PDF بنائیں"}
SHOTS = os.environ.get("STALKLOG_SCREENSHOTS")
TIMINGS = []


def a_full_log(language):
    """A victim, her account in `language`, whose log has something on every page. Returns
    (victim, objects, extra): objects names, for URL patterns, the kwargs of these objects
    (the URL map makes bare ones for the rest); extra are pages beyond the URL map's one per
    pattern (a withdrawn exhibit's page)."""
    victim = make_victim()
    victim.language = language  # her account's choice: every page after signing in
    victim.save()
    log = victim.log
    person = save_person(
        log,
        victim,
        name="Mark Smith",
        relationship=Person.Relationship.EX_PARTNER,
        is_perpetrator=True,
        identifiers=[{"kind": "phone", "value": "07700 900123", "first_seen": None}],
    )
    order = save_order(log, victim, kind=Order.Kind.RESTRAINING, reference="RO-77")
    incident = record_incident(
        log,
        victim,
        behaviours=Behaviour.objects.filter(code__in=["following", "threats"]),
        people=[person],
        occurred_start=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        description="He was parked outside the school.",
        channel=Incident.Channel.PHONE_CALL,
        alarm_or_distress=True,
        order_breached=order,
    )
    changes = {"impact_score": 2, "people": [person]}
    amendment = correct_incident(incident, victim, reason="I remembered", changes=changes)
    photo = make_exhibit(
        log,
        victim,
        "car.jpg",
        title="His car",
        incidents=[incident],
        screenshot_answers={"sender_visible": "no"},
    )
    chat = make_chat_exhibit(log, victim)
    calls = make_exhibit(log, victim, "calls.xml", files.calls_xml())
    wrong = make_exhibit(log, victim, "wrong.jpg")
    withdraw_exhibit(wrong, victim, reason="uploaded by mistake")
    half = start_upload(log, victim, name="doorstep.jpg", size_bytes=2000)
    save_upload_chunk(log, half.pk, offset=0, data=b"\xff\xd8\xff" + b"0" * 997)
    on_incident = {"pk": incident.pk}
    on_photo = {"pk": photo.pk}
    objects = {
        "incident_detail": on_incident,
        "incident_amend": on_incident,
        "incident_position": on_incident,
        "incident_exhibit_link": on_incident,
        "record_voice": on_incident,
        "amendment_detail": {"pk": incident.pk, "amendment_pk": amendment.pk},
        "person_detail": {"pk": person.pk},
        "person_edit": {"pk": person.pk},
        "order_edit": {"pk": order.pk},
        "exhibit_detail": on_photo,
        "exhibit_edit": on_photo,
        "exhibit_link": on_photo,
        "exhibit_withdraw": on_photo,
        "exhibit_unlink": {"pk": photo.pk, "incident_pk": incident.pk},
        "exhibit_messages": {"pk": chat.pk},
        "exhibit_calls": {"pk": calls.pk},
    }
    return victim, objects, [f"/evidence/{wrong.pk}/"]


def in_language(page, path, language):
    """axe, sideways scrolling, and the page's language (lang and dir on <html>). A path
    that lands on a page already checked in this context (a GET that redirects to the
    incident, say) is not checked twice."""
    seen = page.context.checked = getattr(page.context, "checked", set())
    page.goto(path)  # waits for the load event
    if page.url in seen:
        return []
    seen.add(page.url)
    started = time.monotonic()
    faults = [(path, *v) for v in violations(page)]
    TIMINGS.append(time.monotonic() - started)
    width, lang, direction = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.lang,"
        " document.documentElement.dir || 'ltr']"
    )
    if width > page.viewport_size["width"]:
        faults.append((path, "sideways", f"{width}px wide", []))
    if lang != language:
        faults.append((path, "lang", lang, []))
    if direction != ("rtl" if language == "ur" else "ltr"):
        faults.append((path, "dir", direction, []))
    if SHOTS and language == "ur" and page.viewport_size["width"] < 500:
        name = re.sub(r"\W+", "-", path).strip("-") or "home"
        page.screenshot(path=str(Path(SHOTS) / f"urdu-phone-{name}.png"), full_page=True)
    return faults


def cut_off_choices(page):
    """The labels of the export form's choices that a box around them hides in part: the
    point just above each label's last line must show the label itself, not what is beside
    or below it. Only the page scrolls to each (scrollIntoView would scroll the box too and
    hide the cut); the long lists of people and behaviours scroll in their own box by design."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.export-form label')].filter(label => {
            if (!label.getClientRects().length) return false;
            if (label.closest('[id$="_people"], [id$="_behaviours"]')) return false;
            const top = label.getBoundingClientRect().top + window.scrollY;
            window.scrollTo(0, top - window.innerHeight / 2);
            const box = label.getBoundingClientRect();
            const found = document.elementFromPoint(box.left + box.width / 2, box.bottom - 4);
            return !(found && (label === found || label.contains(found)));
        }).map(label => label.textContent.trim())"""
    )


def export_in_welsh(page, victim, language, settings):
    """The export page in her language: no choice cut off at this size; on the phone, the
    document's language chosen there (Welsh), the job asked for and its page checked while
    it waits (the walk checked a finished one). The Welsh PDF itself is tested in
    tests/incidents/export/test_languages.py: here the job is queued and not run."""
    page.goto("/export/")
    assert cut_off_choices(page) == [], f"choices cut off at {page.viewport_size['width']} px"
    if page.viewport_size["width"] > 500:
        return []  # asked once per language
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    before = set(ExportJob.objects.filter(log=victim.log).values_list("pk", flat=True))
    page.get_by_label("Cymraeg", exact=True).check()
    page.get_by_role("button", name=MAKE_THE_PDF[language]).click()
    page.wait_for_url(re.compile(r"/export/[^/]+/$"))
    job = ExportJob.objects.filter(log=victim.log).exclude(pk__in=before).get()
    assert job.export_options.language == "cy"
    return in_language(page, page.url, language)


def walk_as_victim(page, language, settings):
    victim, objects, extra = a_full_log(language)
    # The public pages first, in the language chosen on /language/ (no account yet) ...
    public = reachable(PUBLIC_RULES, victim.log, victim)
    page.goto("/language/")
    follow(page.locator(f"button[name=language][value={language}]"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    faults = [f for path in public for f in in_language(page, path, language)]
    # ... then signed in, in her account's language.
    page.context.clear_cookies()
    sign_in(page, victim.username)
    paths = reachable(VICTIM_RULES, victim.log, victim, objects) + extra
    faults += [f for p in paths for f in in_language(page, p, language)]
    faults += export_in_welsh(page, victim, language, settings)
    return public + paths, faults


def walk_as_caseworker(page, language, settings):
    victim, objects, extra = a_full_log(language)
    caseworker = make_caseworker(password=PASSWORD, language=language)
    share = make_share(victim.log, caseworker)
    sign_in(page, caseworker.username)
    faults = in_language(page, "/", language)
    # The dashboard is in her language too, so the expect below cannot tell the pages apart:
    # a goto before the log is open would cancel opening it.
    follow(page.locator(f"form[action$='/caseworker/open/{share.pk}/'] button"))
    expect(page.locator("html")).to_have_attribute("lang", language)
    paths = reachable(CASEWORKER_RULES, victim.log, victim, objects) + extra
    return paths, faults + [f for p in paths for f in in_language(page, p, language)]


def walk_as_service_admin(page, language, settings):
    admin = make_service_admin(password=PASSWORD)
    admin.language = language
    admin.save()
    make_caseworker(last_login=datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    sign_in(page, admin.username)
    paths = reachable(STAFF_RULES, None, admin)
    return paths, [f for p in paths for f in in_language(page, p, language)]


ROLES = {
    "victim": walk_as_victim,
    "caseworker": walk_as_caseworker,
    "service_admin": walk_as_service_admin,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_in_each_language_has_no_accessibility_fault(
    new_context, transactional_db, settings, language, size, role
):
    # bypass_csp lets Playwright add axe's script; the pages' own scripts are unchanged.
    context = new_context(bypass_csp=True, **SIZES[size])
    context.add_init_script(path=str(AXE))  # once per context, not parsed again per page
    page = context.new_page()
    TIMINGS.clear()
    started = time.monotonic()
    paths, faults = ROLES[role](page, language, settings)
    print(f"{len(paths)} paths in {time.monotonic() - started:.1f}s, axe {sum(TIMINGS):.1f}s")
    assert len(paths) > 5, paths
    assert not faults, "\n".join(map(str, faults))
