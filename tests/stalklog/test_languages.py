"""Languages (issue 21): which one a page is shown in, choosing one, and the catalogues.

The choice lives in the session and on the account only: never in the URL, never in a cookie
of its own, and the quick exit takes it away with everything else.
"""

import importlib.machinery
import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from stalklog.accounts.languages import SESSION_KEY
from stalklog.accounts.models import User
from tests.conftest import PASSWORD, client_for, make_victim

ROOT = Path(settings.BASE_DIR)
HTML_TAG = re.compile(rb'<html lang="([^"]+)" dir="(ltr|rtl)">')


def html_tag(response):
    return HTML_TAG.search(response.content).groups()


def choose(client, code, next_path="/help/"):
    return client.post(reverse("language"), {"language": code, "next": next_path})


# Which language a page is in


def test_a_page_is_in_british_english_by_default(client, db):
    response = client.get("/help/")
    assert html_tag(response) == (b"en-gb", b"ltr")
    assert response["Content-Language"] == "en-gb"
    assert b"Help lines" in response.content


def test_the_session_choice_is_used_before_signing_in(client, db):
    choose(client, "cy")
    response = client.get("/help/")
    assert html_tag(response) == (b"cy", b"ltr")
    assert b"Llinellau cymorth" in response.content


def test_the_account_choice_wins_over_the_session(db):
    victim = make_victim()
    victim.language = "pl"
    victim.save()
    client = client_for(victim)
    session = client.session
    session[SESSION_KEY] = "cy"
    session.save()
    assert html_tag(client.get("/help/"))[0] == b"pl"


def test_the_browser_language_is_used_until_she_chooses(client, db):
    assert html_tag(client.get("/help/", HTTP_ACCEPT_LANGUAGE="pl-PL,pl;q=0.9"))[0] == b"pl"
    # Any English is British English here; a language we do not have falls to English.
    assert html_tag(client.get("/help/", HTTP_ACCEPT_LANGUAGE="en-US"))[0] == b"en-gb"
    assert html_tag(client.get("/help/", HTTP_ACCEPT_LANGUAGE="ro, fr;q=0.5"))[0] == b"en-gb"
    choose(client, "cy")
    response = client.get("/help/", HTTP_ACCEPT_LANGUAGE="pl")
    assert html_tag(response)[0] == b"cy"
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]


def test_the_account_choice_wins_over_the_browser(db):
    victim = make_victim()
    victim.language = "ur"
    victim.save()
    response = client_for(victim).get("/help/", HTTP_ACCEPT_LANGUAGE="pl")
    assert html_tag(response) == (b"ur", b"rtl")


def test_urdu_pages_run_right_to_left(client, db):
    choose(client, "ur")
    for path in ("/help/", "/safety/", "/account/signin/", "/account/signup/", "/language/"):
        response = client.get(path)
        assert html_tag(response) == (b"ur", b"rtl"), path


def test_a_language_we_do_not_have_in_the_session_is_ignored(client, db):
    choose(client, "cy")
    session = client.session
    session[SESSION_KEY] = "xx"
    session.save()
    assert html_tag(client.get("/help/"))[0] == b"en-gb"


# Choosing


def test_the_chooser_names_every_language_in_its_own_words(client, db):
    response = client.get(reverse("language"), {"next": "/safety/"})
    content = response.content.decode()
    for code, name in [("en-gb", "English"), ("cy", "Cymraeg"), ("pl", "Polski"), ("ur", "اردو")]:
        assert f'value="{code}" lang="{code}"' in content
        assert f">{name}</button>" in content
    assert 'name="next" value="/safety/"' in content


def test_every_page_links_to_the_chooser(client, db):
    response = client.get("/safety/")
    assert b'href="/language/?next=/safety/"' in response.content
    assert '<span lang="ur" dir="rtl">اردو</span>'.encode() in response.content


def test_choosing_keeps_it_in_the_session_only_and_goes_back(client, db):
    response = choose(client, "pl", "/safety/")
    assert response.status_code == 302
    # Back to the very page: no language code is added to any address.
    assert response["Location"] == "/safety/"
    assert client.session[SESSION_KEY] == "pl"
    # No cookie of its own: only the session's.
    assert set(response.cookies) <= {settings.SESSION_COOKIE_NAME}
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_choosing_when_signed_in_keeps_it_on_the_account(db):
    victim = make_victim()
    client = client_for(victim)
    choose(client, "ur")
    victim.refresh_from_db()
    assert victim.language == "ur"
    # On another device, once she signs in.
    other = Client()
    assert html_tag(other.get("/help/"))[0] == b"en-gb"
    other.post(reverse("signin"), {"username": victim.username, "password": PASSWORD})
    assert html_tag(other.get("/help/"))[0] == b"ur"


@pytest.mark.parametrize(
    "unsafe",
    ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)", ""],
)
def test_choosing_goes_back_only_to_a_path_on_this_site(client, db, unsafe):
    response = choose(client, "cy", unsafe)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_language_we_do_not_have_is_refused_and_nothing_is_kept(db):
    victim = make_victim()
    client = client_for(victim)
    response = choose(client, "de")
    assert response.status_code == 400
    assert b"Choose one of the languages listed." in response.content
    victim.refresh_from_db()
    assert victim.language == ""
    assert SESSION_KEY not in client.session


def test_a_choice_made_before_signing_up_goes_onto_the_new_account(client, db):
    choose(client, "cy")
    form = {"username": "calm-river-4471", "password1": PASSWORD, "password2": PASSWORD}
    response = client.post(reverse("signup"), {**form, "initials": "JS"})
    assert response.status_code == 302
    assert User.objects.get(username="calm-river-4471").language == "cy"


def test_a_choice_made_before_signing_in_goes_onto_an_account_without_one(client, db):
    victim = make_victim()
    choose(client, "pl")
    client.post(reverse("signin"), {"username": victim.username, "password": PASSWORD})
    victim.refresh_from_db()
    assert victim.language == "pl"


def test_an_account_choice_is_not_overwritten_by_the_session_at_sign_in(client, db):
    victim = make_victim()
    victim.language = "ur"
    victim.save()
    choose(client, "pl")
    client.post(reverse("signin"), {"username": victim.username, "password": PASSWORD})
    victim.refresh_from_db()
    assert victim.language == "ur"
    assert html_tag(client.get("/help/"))[0] == b"ur"


def test_signing_out_leaves_no_sign_of_the_choice_in_the_browser(db):
    """The next person at a shared computer sees the sign-in page as anyone would."""
    victim = make_victim()
    victim.language = "cy"
    victim.save()
    client = client_for(victim)
    choose(client, "cy")
    response = client.post(reverse("signout"))
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 0
    assert html_tag(client.get(response["Location"]))[0] == b"en-gb"
    # Her account still has it for when she signs in again.
    client.post(reverse("signin"), {"username": victim.username, "password": PASSWORD})
    assert html_tag(client.get("/help/"))[0] == b"cy"


def test_quick_exit_takes_the_choice_away(client, db):
    choose(client, "ur")
    response = client.get(reverse("quick_exit"))
    # The session cookie is only expired, never given a new session holding the language.
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert html_tag(client.get("/help/"))[0] == b"en-gb"


def test_quick_exit_when_signed_in_leaves_no_session_behind(db):
    from django.contrib.sessions.models import Session

    victim = make_victim()
    victim.language = "pl"
    victim.save()
    client = client_for(victim)
    client.get("/help/")
    response = client.get(reverse("quick_exit"))
    assert response.cookies[settings.SESSION_COOKIE_NAME].value == ""
    assert not Session.objects.exists()


def test_the_chooser_adds_no_query_for_a_first_visit(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        client.get(reverse("language"))


# The page scripts' words


def test_the_javascript_catalogue_comes_from_our_origin_under_the_same_policy(client, db):
    page = client.get("/help/")
    assert b'<script src="/jsi18n/" defer></script>' in page.content
    choose(client, "pl")
    response = client.get(reverse("javascript_catalog"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Content-Security-Policy"] == page["Content-Security-Policy"]
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    body = response.content.decode()
    # The catalogue runs no code made from strings (the policy would block eval).
    assert "eval(" not in body and "new Function" not in body
    assert "Czas na wyj\\u015bcie z tej strony min\\u0105\\u0142." in body


def test_the_javascript_catalogue_is_in_the_chosen_language(client, db):
    choose(client, "cy")
    body = client.get(reverse("javascript_catalog")).content.decode()
    assert '"Ready": "Yn barod"' in body


# The catalogues


def run_messages(action):
    return subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "messages"), action],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_every_catalogue_is_complete():
    """msgfmt --check --statistics: 0 untranslated and 0 fuzzy for cy, pl and ur."""
    result = run_messages("check")
    assert result.returncode == 0, result.stderr
    for language in ("cy", "pl", "ur"):
        for domain in ("django", "djangojs"):
            assert f"locale/{language}/LC_MESSAGES/{domain}.po: " in result.stdout
    assert ", 0 fuzzy, 0 untranslated" in result.stdout


def test_every_marked_string_is_in_the_catalogues():
    """makemessages, run in a copy of the project, finds nothing the catalogues lack."""
    result = run_messages("missing")
    assert result.returncode == 0, result.stderr


def test_the_check_fails_on_an_untranslated_entry(tmp_path):
    """So that its passing means something."""
    loader = importlib.machinery.SourceFileLoader("ci_messages", str(ROOT / ".ci" / "messages"))
    messages = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(messages)
    catalogues = tmp_path / "locale"
    for language in ("cy", "pl", "ur"):
        for domain in ("django", "djangojs"):
            source = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"
            target = catalogues / language / "LC_MESSAGES" / f"{domain}.po"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    welsh = catalogues / "cy" / "LC_MESSAGES" / "django.po"
    welsh.write_text(
        welsh.read_text(encoding="utf-8") + '\nmsgid "A new sentence"\nmsgstr ""\n',
        encoding="utf-8",
    )
    failures = messages.check(tmp_path)
    assert failures == [
        "locale/cy/LC_MESSAGES/django.po: 1 untranslated and 0 fuzzy; translate them"
    ]


# The pages marked so far speak her language


@pytest.mark.parametrize(
    "language,words",
    [
        ("cy", ["Creu cyfrif", "Cyfrinair", "Blaenlythrennau", "Gadael y dudalen hon"]),
        ("pl", ["Załóż konto", "Hasło", "Inicjały", "Wyjdź z tej strony"]),
        ("ur", ["اکاؤنٹ بنائیں", "پاس ورڈ", "نام کے ابتدائی حروف", "یہ صفحہ چھوڑیں"]),
    ],
)
def test_the_sign_up_page_and_its_form_are_translated(client, db, language, words):
    choose(client, language)
    content = client.get(reverse("signup")).content.decode()
    for word in words:
        assert word in content, word
    # Django's own password rules too, where Django's catalogue lacks them (Urdu).
    assert "Your password can’t be entirely numeric." not in content


def test_form_errors_come_in_her_language(client, db):
    choose(client, "pl")
    response = client.post(reverse("signup"), {"username": "", "initials": "12345"})
    content = response.content.decode()
    assert "Wystąpił problem" in content
    assert "To pole jest wymagane." in content
    assert "Użyj od 1 do 4 liter, np. JS." in content


def test_help_lines_are_right_for_each_nation_in_every_language(client, db):
    numbers = None
    for language in ("en-gb", "cy", "pl", "ur"):
        choose(client, language)
        content = client.get("/help/").content.decode()
        found = re.findall(r'href="(tel:\d+)"', content)
        # The same numbers, in the same order, whatever the language.
        assert numbers in (None, found)
        numbers = found
    assert numbers == [
        "tel:999",
        "tel:08088020300",
        "tel:08082000247",
        "tel:08088010800",
        "tel:08088020028",
    ]
    choose(client, "en-gb")
    content = client.get("/help/").content.decode()
    wales = content.index("Live Fear Free")
    assert "Where: Wales" in content[wales : wales + 400]
    england = content.index("National Domestic Abuse Helpline")
    assert "Where: England<" in content[england : england + 400]
    choose(client, "cy")
    content = client.get("/help/").content.decode()
    assert "Byw Heb Ofn" in content and "Ble: Cymru" in content


def test_helplines_a_service_configures_are_shown_as_written(client, db, settings):
    settings.STALKLOG_HELPLINES = [
        {"name": "Gwasanaeth Lleol", "number": "01234 567890", "hours": "", "about": ""}
    ]
    choose(client, "pl")
    content = client.get("/help/").content.decode()
    assert "Gwasanaeth Lleol" in content and 'href="tel:01234567890"' in content


def test_deleting_an_account_accepts_the_phrase_in_her_language(db):
    from django.utils import translation

    from stalklog.accounts.forms import DeleteAccountForm

    victim = make_victim()
    with translation.override("cy"):
        form = DeleteAccountForm(
            {"password": PASSWORD, "confirmation": "Dileu fy nghyfrif"},
            user=victim,
            needs_code=False,
        )
        assert form.fields["confirmation"].label == 'Teipiwch "dileu fy nghyfrif" i gadarnhau'
        assert form.is_valid(), form.errors
        english = DeleteAccountForm(
            {"password": PASSWORD, "confirmation": "delete my account"},
            user=victim,
            needs_code=False,
        )
        assert english.is_valid()


def test_account_pages_speak_her_language(db):
    victim = make_victim()
    victim.language = "ur"
    victim.save()
    client = client_for(victim)
    pages = {
        "account": "آپ کا اکاؤنٹ",
        "sessions": "یہ آلہ",
        "sign_in_history": "سائن اِن کی تاریخ",
        "password_change": "اپنا پاس ورڈ بدلیں",
        "two_step_setup": "دو مرحلوں والا سائن اِن سیٹ کریں",
    }
    for name, words in pages.items():
        content = client.get(reverse(name)).content.decode()
        assert words in content, name
    # Her own username is shown as it is, inside the translated sentence.
    assert f"بطور {victim.username} سائن اِن" in client.get(reverse("account")).content.decode()


def test_the_site_css_uses_logical_sides():
    """Physical sides do not mirror on right-to-left pages (Urdu): use inline-start/end."""
    css = (ROOT / "static" / "css" / "site.css").read_text()
    physical = re.findall(
        r"[^;{]*\b(?:(?:margin|padding|border)-(?:left|right)|(?<![-\w])(?:left|right)\s*:"
        r"|text-align:\s*(?:left|right)|float:\s*(?:left|right))[^;}]*",
        css,
    )
    assert physical == []


def test_the_sharing_page_speaks_her_language(db):
    victim = make_victim()
    victim.language = "pl"
    victim.save()
    client = client_for(victim)
    content = client.get(reverse("sharing")).content.decode()
    assert "Udostępnij opiekunowi sprawy" in content and "Kod udostępniania" in content
    response = client.post(reverse("sharing"), {"code": "ABC", "last_day": ""})
    content = response.content.decode()
    assert "Kod udostępniania ma 12 liter i cyfr" in content


# Neutral address: the reader may be of any gender


def translations(language):
    """Every msgstr of a language's two catalogues (msgfmt's own reading, via the .mo)."""
    import gettext

    found = []
    for domain in ("django", "djangojs"):
        path = ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.mo"
        with path.open("rb") as mo:
            catalog = gettext.GNUTranslations(mo)._catalog  # noqa: SLF001
        found += [text for key, text in catalog.items() if key]
    return found


def test_polish_addresses_the_reader_without_a_feminine_form():
    """Impersonal forms, infinitives and nouns ("Zapisano", "po naciśnięciu") instead of
    "Zapisałaś", "gdy nacisnęłaś", "będziesz bezpieczna", "jesteś zalogowana"."""
    gendered = re.compile(
        r"\b\w+łaś\b|\b\w+łabyś\b|powinnaś|będziesz (bezpieczna|gotowa|pewna)|"
        r"jesteś (zalogowana|pewna|gotowa|bezpieczna|sama)|potwierdził\(a\)"
    )
    found = [text for text in translations("pl") if gendered.search(text)]
    assert not found, found


def test_urdu_addresses_the_reader_in_the_standard_polite_form():
    """آپ with the plural verb (سکتے ہیں، رہے ہیں، چکے ہیں، کریں گے), never the feminine one."""
    feminine = re.compile(r"آپ[^۔؟:]*?\b(\S+(تی|رہی|چکی)\sہیں|\S+یں\sگی|تھیں)(?=[\s۔؟،]|$)")
    found = [text for text in translations("ur") if feminine.search(text)]
    # A feminine verb may still agree with a feminine thing (calls, files, photos).
    things = ("کالیں", "فائلیں", "تصاویر", "چیٹس", "کالوں", "تصویریں", "نقول", "معلومات")
    found = [text for text in found if not any(thing in text for thing in things)]
    assert not found, found


# Dates: every month and weekday name our formats print


@pytest.mark.parametrize("language", ["cy", "pl", "ur"])
def test_every_month_and_weekday_is_named_in_her_language(language):
    """The formats the pages and the document use (j M Y, j F Y, D j M Y, l): no English
    month or day name is left, in Urdu no Latin letters at all (Django's catalogues for
    these languages are incomplete in places; ours fill what they lack)."""
    import datetime

    from django.utils import dateformat, translation

    english_names = set()
    with translation.override("en-gb"):
        for day in range(1, 366, 3):
            moment = datetime.date(2026, 1, 1) + datetime.timedelta(days=day)
            english_names |= {dateformat.format(moment, fmt) for fmt in "FlN"}
    left = set()
    with translation.override(language):
        for day in range(1, 366, 3):
            moment = datetime.date(2026, 1, 1) + datetime.timedelta(days=day)
            for fmt in "DlMFNE":
                name = dateformat.format(moment, fmt)
                if name in english_names or (language == "ur" and re.search("[A-Za-z]", name)):
                    left.add((fmt, name))
    assert not left, sorted(left)
