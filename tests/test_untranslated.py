"""Issue 21: nothing left in English. Every page a victim, a caseworker and a service admin
can open (read from the URL map, over a log holding incidents, people, an order and an
exhibit of each kind) is rendered in English and in Welsh, Polish and Urdu; a visible text
that reads the same in both, and is made of English words, was never translated.

What may stay the same is named here: her own data (the log's words below), brand names,
numbers, references and hashes. A word that is ours but reads the same in a language (Welsh
borrows "Ffeil", Polish "Status") is named too, with the language.
"""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client

from incidents.models import Order
from incidents.services import add_person
from tests.actors import make_caseworker, make_service_admin, make_share, opened_client
from tests.browser.pages import (
    CASEWORKER_RULES,
    PUBLIC_RULES,
    STAFF_RULES,
    VICTIM_RULES,
    a_log_with_a_photo,
    reachable,
)
from tests.conftest import client_for
from tests.evidence import files
from tests.evidence.factories import make_exhibit

LANGUAGES = ["cy", "pl", "ur"]

# Her data and the people's names made by the log below and by the URL map's factories, the
# test accounts' names, and words that are nobody's language.
NOT_OURS = {
    "He was parked outside the school.",
    "His car",
    "followed from the station",
    "followed from the bus stop",
    "typo",
    "Sam Example",
    "Alex Example",
    "Casey Worker",
    "Sam Admin",
    "Safe Haven Support",
    "Stalklog",
    "Live Fear Free",
    "Refuge",
    "WhatsApp",
    "English",
    "English / Cymraeg",
    "Cymraeg",
    # the site's name as the disguise setting gives it (STALKLOG_SITE_NAME)
    "Notes",
    # the test accounts' user names
    "victim",
    "caseworker",
    # the camera a photo's own metadata names, and the phones a help page names
    "Apple iPhone 13",
    "iPhone",
    "Android",
    "SHA-256",
    # the messages of the chat the URL map uploads (tests/evidence/files.whatsapp_txt)
    "Good morning. Nice coat yesterday",
    "I can see your car",
    "Please stop contacting me",
    "Why aren't you answering",
    "that red one",
    "WhatsApp Chat with Sam.txt",
    "<attached:",
}
# A file name as uploaded ("WhatsApp Chat with Sam.txt", "<attached: 0012-PHOTO.jpg>").
FILE_NAME = re.compile(r"\S*\.(jpg|txt|xml|m4a)>?")
# Attributes people read (or hear, from a screen reader) as they read the text.
READ_ATTRIBUTES = {"aria-label", "placeholder", "title", "alt"}
HIDDEN_ELEMENTS = {"script", "style", "template", "textarea", "code", "pre"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class Texts(HTMLParser):
    """The visible text nodes and read attributes of a page, each with its whitespace
    collapsed. Text inside an element marked translate="no", lang="en…" by design (the
    language names, her own words) or class "mono" (refs, hashes) is skipped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (
            tag in HIDDEN_ELEMENTS
            or attrs.get("translate") == "no"
            or "mono" in (attrs.get("class") or "").split()
            or (tag != "html" and (attrs.get("lang") or "").startswith("en"))
            or bool(self.stack and self.stack[-1][1])
        )
        if not skipped:
            for name in READ_ATTRIBUTES & set(attrs):
                self.texts.append(" ".join((attrs[name] or "").split()))
        if tag not in VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1]:
            return
        text = " ".join(data.split())
        if text:
            self.texts.append(text)


def texts(html):
    parser = Texts()
    parser.feed(html)
    return parser.texts


# A word standing alone: not the letters inside a hash, a file name or a ref.
WORD = re.compile(r"(?<![\w/.-])[A-Za-z][a-z]+(?:['’][a-z]+)?(?![\w/.-])")


def is_english(text):
    """English words, once her data, brand names, numbers and refs are taken away."""
    for ours in sorted(NOT_OURS, key=len, reverse=True):
        text = text.replace(ours, " ")
    text = FILE_NAME.sub(" ", text)
    words = WORD.findall(text)
    # Exhibit refs (JS/3), bundle ids, hashes, file names and units are not sentences.
    return any(w.lower() in ENGLISH_WORDS for w in words)


def _english_words():
    """Every word of every English message we mark: the vocabulary a leftover is made of."""
    words = set()
    path = settings.BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid", "msgid_plural", '"')) and not line.startswith('""'):
            words.update(w.lower() for w in re.findall(r"[A-Za-z]{2,}", line))
    # The stray words a catalogue may not have: months, days, units of the kinds of pages.
    return words - {"js", "pdf", "gps", "id", "ok", "sms", "mb", "kb", "gb"}


ENGLISH_WORDS = _english_words()


def a_full_log():
    """A victim whose log holds incidents, a person, an order and an exhibit of each kind:
    a photo (linked), a call log, a chat and a recording."""
    victim, incident, _photo = a_log_with_a_photo()
    add_person(victim.log, victim, name="Alex Example")
    Order.objects.create(log=victim.log, kind=Order.Kind.NON_MOLESTATION)
    make_exhibit(victim.log, victim, "calls.xml", files.calls_xml(), incidents=[incident])
    make_exhibit(victim.log, victim, "WhatsApp Chat with Sam.txt", files.whatsapp_txt())
    make_exhibit(victim.log, victim, "voice.m4a", files.media("m4a"))
    return victim


def page_texts(client, user, paths, language):
    user.language = language
    user.save(update_fields=["language"])
    found = {}
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code == 200, (path, response.status_code)
        if "html" in response.get("Content-Type", ""):
            found[path] = texts(response.content.decode())
    return found


def leftovers(client, user, paths, allowed=()):
    """(language, path, text) of every text that reads the same as in English."""
    english = page_texts(client, user, paths, "en-gb")
    found = []
    for language in LANGUAGES:
        for path, translated in page_texts(client, user, paths, language).items():
            same = set(english[path]) & set(translated)
            for text in sorted(same):
                if (language, text) in allowed or (None, text) in allowed:
                    continue
                if is_english(text):
                    found.append((language, path, text))
    return found


# Words that are ours and read the same in a language, by design or by borrowing.
SAME_IN = {
    ("cy", "Person"),
    ("cy", "Partner"),
    ("pl", "Partner"),
    ("pl", "E-mail"),
    # the header's menu button on a phone: Polish borrows the word
    ("pl", "Menu"),
    # the key the quick exit listens for, as printed on it
    (None, "Shift"),
}


def report(found):
    by_text = {}
    for language, path, text in found:
        by_text.setdefault((language, text), path)
    return "\n".join(f"{lang}: {text!r} (on {path})" for (lang, text), path in by_text.items())


@pytest.fixture
def full_log(db):
    return a_full_log()


def test_no_victims_page_is_left_in_english(full_log):
    victim = full_log
    paths = reachable(VICTIM_RULES, victim.log, victim)
    found = leftovers(client_for(victim), victim, paths, SAME_IN)
    assert not found, report(found)


def test_no_public_page_is_left_in_english(full_log):
    victim = full_log
    paths = reachable(PUBLIC_RULES, victim.log, victim)
    client = Client()
    found = []
    english = {}
    for language in ["en-gb", *LANGUAGES]:
        client.post("/language/", {"language": language, "next": "/"})
        pages = {p: texts(client.get(p, follow=True).content.decode()) for p in paths}
        if language == "en-gb":
            english = pages
            continue
        for path, translated in pages.items():
            for text in sorted(set(english[path]) & set(translated)):
                allowed = (None, text) in SAME_IN or (language, text) in SAME_IN
                if not allowed and is_english(text):
                    found.append((language, path, text))
    assert not found, report(found)


def test_no_caseworkers_page_is_left_in_english(full_log):
    victim = full_log
    caseworker = make_caseworker()
    share = make_share(victim.log, caseworker)
    paths = ["/", *reachable(CASEWORKER_RULES, victim.log, caseworker)]
    found = leftovers(opened_client(share), caseworker, paths, SAME_IN)
    assert not found, report(found)


def test_no_service_admins_page_is_left_in_english(db):
    admin = make_service_admin()
    make_caseworker(last_login=datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    paths = reachable(STAFF_RULES, None, admin)
    found = leftovers(client_for(admin), admin, paths, SAME_IN)
    assert not found, report(found)
