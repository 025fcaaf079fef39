"""Issue 21: the access log's lines and visit summaries in Welsh, Polish and Urdu. Every
kind of event in casefile/visits.py's table is recorded once, the page is read in English
and in each language, and no line or summary may stay English; every sentence of the
table is in every catalogue."""

import gettext
import html
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from incidents.services import add_person, save_order
from stalklog.casefile import visits as visits_module
from stalklog.casefile.models import AccessEvent
from stalklog.casefile.visits import visits_page
from tests.actors import make_service_admin
from tests.conftest import client_for
from tests.evidence.factories import make_exhibit, make_incident

START = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)
LANGUAGES = ["cy", "pl", "ur"]


def named_objects(victim):
    """An incident, an exhibit, a person and an order of her log, for the door's entries
    that name them by id (visits.VIEWED_PAGES, CHANGED_PAGES, TRIED_PAGES)."""
    log = victim.log
    incident = make_incident(log, victim)
    exhibit = make_exhibit(log, victim)
    person = add_person(log, victim, name="Sam Example", relationship="ex_partner")
    order = save_order(log, victim, kind="restraining", made_on=date(2026, 3, 3))
    return {"incident": incident, "exhibit": exhibit, "person": person, "order": order}


def takes_an_id(url_name) -> bool:
    try:
        reverse(url_name)
    except NoReverseMatch:
        return True
    return False


def door_entries(caseworker, objects):
    """Every page the door's generic entries are told by, with the ids of `objects`."""
    entries = []
    for action, table in [
        ("viewed", visits_module.VIEWED_PAGES),
        ("changed", visits_module.CHANGED_PAGES),
        ("tried to change", visits_module.TRIED_PAGES),
    ]:
        for name in sorted(table):
            kind = visits_module._PK_KINDS.get(name.split("_")[0])
            ids = f"pk={objects[kind].pk}" if kind and takes_an_id(name) else ""
            if name == "exhibit_unlink":
                ids += f" incident_pk={objects['incident'].pk}"
            entries.append((caseworker, action, name, ids))
    # A page the table does not know yet keeps the door's plain words.
    entries += [
        (caseworker, action, "some_new_page", "") for action in ("changed", "tried to change")
    ]
    return entries


def every_kind_of_event(victim, caseworker, admin):
    """Visits that between them use every entry of visits.TOLD and visits.MADE, and the
    several-of forms of the counted ones. Each inner list is one visit: (who, action,
    target, detail[, anonymous_as])."""
    c, v, system = caseworker, victim, None
    objects = named_objects(victim)
    single = [
        (c, "viewed", "incident 1", ""),
        (c, "viewed", "incident 1", "voice recorder"),
        (c, "viewed", "incident 1 amendment 5", ""),
        (c, "viewed", "exhibit JS/1", ""),
        (c, "viewed", "exhibit JS/1", "preview"),
        (c, "viewed", "exhibit JS/1", "thumbnail"),
        (c, "viewed", "exhibit JS/1", "edit form"),
        (c, "viewed", "exhibit JS/1", "withdraw form"),
        (c, "viewed", "exhibit JS/1", "played"),
        (c, "viewed", "exhibit JS/1", "messages"),
        (c, "viewed", "exhibit JS/1", "calls"),
        (c, "viewed", "person 4", ""),
        (c, "viewed", "order 2", ""),
        (v, "created", "incident 2", ""),
        (v, "uploaded", "exhibit JS/2", "image/png"),
        (v, "created", "person 5", ""),
        (v, "created", "order 3", ""),
        (v, "completed", "incident 2", ""),
        (v, "amended", "incident 1", ""),
        (v, "amended", "incident 1", "changed: occurred_start, channel, behaviours, mystery"),
        (v, "amended", "exhibit JS/1", ""),
        (v, "amended", "exhibit JS/1", "title, description, sender_visible"),
        (v, "amended", "person 4", ""),
        (v, "amended", "order 2", ""),
        (v, "withdrew", "exhibit JS/2", "files deleted; SHA-256 abc"),
        (c, "downloaded", "exhibit JS/1", "original"),
        (v, "created", "incidents 3 to 5", ""),
        (v, "linked", "exhibit JS/1", ""),
        (v, "linked", "exhibit JS/1", "incident 1"),
        (v, "unlinked", "exhibit JS/1", ""),
        (v, "unlinked", "exhibit JS/1", "incident 1"),
        (v, "marked key", "incident 1", ""),
        (v, "unmarked key", "incident 1", ""),
        (v, "removed position", "incident 1", ""),
        (c, "opened", "share 1", ""),
        (v, "shared", "share 1", ""),
        (v, "shared", "share 1", "with caseworker (Safe Haven Support) until 12 Mar 2026"),
        (v, "revoked", "share 1", ""),
        (v, "revoked", "share 1", "for caseworker"),
        (system, "share ended", "share 1", "caseworker account closed"),
        (c, "sharing code rejected", "", ""),
        (c, "reset_code_issued", "account", ""),
        (v, "reset_code_used", "account", ""),
        (system, "asked to reset", "your password", "", "someone"),
        (system, "asked to reset", "your password", "Firefox on Android", "someone"),
        (c, "confirmed your identity", "for a password reset", ""),
        (admin, "approved", "password reset", ""),
        (admin, "approved", "password reset", "can be completed from 13 Mar 2026, 14:02"),
        (admin, "refused", "password reset", ""),
        (v, "cancelled", "password reset", ""),
        (v, "cancelled", "password reset", "asked 12 Mar 2026, 14:02"),
        (system, "cancelled", "password reset", "the password was reset"),
        (v, "reset the password", "account", "in the browser that asked"),
        (v, "scheduled deletion", "account", ""),
        (v, "scheduled deletion", "account", "due 2026-03-20 14:00 UTC"),
        (v, "cancelled deletion", "account", ""),
        (system, "timestamped", "items", ""),
        (system, "timestamped", "3 items", "batch 2, authority time 2026-03-12 10:00:00 UTC"),
        (c, "changed", "incident_new", ""),
        (c, "tried to change", "person_new", ""),
        (c, "not found", "incident_detail", "pk=99"),
        (c, "searched", "people", ""),
        (c, "searched", "timeline", ""),
        (c, "searched", "exhibit_list", ""),
        (c, "searched", "exhibit_messages", "pk=4"),
        (c, "searched", "documents", ""),
        (c, "viewed", "some_new_page", ""),
        (c, "viewed", "export", ""),
        (c, "export requested", "timeline export", ""),
        (c, "downloaded", "export AB12CD", ""),
        (c, "exported", "something new AB12CD", ""),
        (c, "frobbed", "order 12", "batch 5, pk=3"),
        (c, "viewed", f"person {objects['person'].pk}", ""),
        (v, "amended", f"order {objects['order'].pk}", ""),
        *door_entries(c, objects),
    ]
    single += [  # by an id no object of hers has: the page's own, plainer words
        (c, "viewed", name, "pk=999999")
        for name in sorted(visits_module.PAGES)
        if name not in ("shared_log",)
    ]
    single.append((c, "viewed", "shared_log", ""))
    runs = [[event] for event in single]
    for made in visits_module.MADE:
        detail = "profile caseworker, 3 incidents, 1 exhibits, 2 entries by theme"
        runs.append([(c, "exported", f"{made} AB12CD", detail)])
        runs.append(
            [(c, "exported", f"{made} AB12CD", detail), (c, "downloaded", "export AB12CD", "")]
        )
    runs.append([(c, "exported", "something new AB12CD", ""), (c, "downloaded", "export x", "")])
    # Several of each counted kind in one visit (the plural clauses), pictures, repeats and
    # more than the summary names ("2 other things").
    for action, targets, detail in [
        ("viewed", ["incident 1", "incident 2", "incident 3"], ""),
        ("viewed", ["incident 1 amendment 5", "incident 2 amendment 6"], ""),
        ("viewed", ["exhibit JS/1", "exhibit JS/2"], "played"),
        ("viewed", ["person 4", "person 5"], ""),
        ("viewed", ["order 2", "order 3"], ""),
        ("created", ["incident 6", "incident 7"], ""),
        ("uploaded", ["exhibit JS/3", "exhibit JS/4"], ""),
        ("created", ["person 6", "person 7"], ""),
        ("created", ["order 4", "order 5"], ""),
        ("completed", ["incident 6", "incident 7"], ""),
        ("amended", ["incident 6", "incident 7"], ""),
        ("amended", ["exhibit JS/3", "exhibit JS/4"], ""),
        ("amended", ["person 6", "person 7"], ""),
        ("amended", ["order 4", "order 5"], ""),
        ("withdrew", ["exhibit JS/3", "exhibit JS/4"], ""),
        ("downloaded", ["exhibit JS/1", "exhibit JS/2"], "original"),
    ]:
        runs.append([(v, action, target, detail) for target in targets])
    runs.append(
        [
            (c, "viewed", "incident 1", ""),
            (c, "viewed", "exhibit JS/1", "thumbnail"),
            (c, "viewed", "exhibit JS/2", "thumbnail"),
            (c, "viewed", "incident 2", ""),
            (c, "viewed", "exhibit JS/1", "thumbnail"),
            (c, "viewed", "order 2", ""),
            (c, "viewed", "order 2", ""),
            (c, "linked", "exhibit JS/1", ""),
            (c, "unlinked", "exhibit JS/1", ""),
            (c, "marked key", "incident 1", ""),
            (c, "unmarked key", "incident 1", ""),
            (c, "removed position", "incident 1", ""),
        ]
    )
    return runs


def record_all(log, runs):
    """Each run an hour after the one before (a visit of its own), its events a second apart."""
    for number, run in enumerate(runs):
        for second, (actor, action, target, detail, *anonymous) in enumerate(run):
            moment = START + timedelta(hours=number, seconds=second)
            with mock.patch("django.utils.timezone.now", return_value=moment):
                AccessEvent.record(
                    log, actor, action, target, detail, anonymous_as=(anonymous or [""])[0]
                )


def words(fragment) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def read(response):
    """The page's visit summaries (without their times) and its lines (without theirs)."""
    content = response.content.decode()
    summaries = [words(s) for s in re.findall(r'class="visit-what">(.*?)</span>', content, re.S)]
    lines = [
        words(line) for line in re.findall(r"<li><time[^>]*>[^<]*</time>(.*?)</li>", content, re.S)
    ]
    return summaries, lines


def has_words(text) -> bool:
    """Anything left once names, numbers, references and punctuation are taken out."""
    text = re.sub(
        r"\b(JS/\d+|AB12CD|Casey|Worker|Sam|Admin|Safe|Haven|Support|PDF|ZIP)\b", "", text
    )
    text = re.sub(r"\b(Word|Stalklog|Firefox|Android|caseworker|victim)\b", "", text)
    return bool(re.search(r"[^\W\d_]{2,}", text))


@pytest.fixture
def everything(victim, share):
    admin = make_service_admin()
    runs = every_kind_of_event(victim, share.caseworker, admin)
    record_all(victim.log, runs)
    return runs


def test_the_fixture_uses_every_sentence_of_the_table(victim, everything):
    page = visits_page(victim.log, victim)
    kinds = {line.kind for visit in page.visits for line in visit.lines}
    made = {line.made for visit in page.visits for line in visit.lines if line.made}
    assert set(visits_module.TOLD) - kinds == set()
    assert len(made) == len(set(visits_module.MADE.values()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_line_and_summary_is_in_her_language(victim, everything, language):
    her = client_for(victim)
    english = her.get("/sharing/activity/")
    assert english.status_code == 200
    english_summaries, english_lines = read(english)
    assert len(english_lines) >= len(everything)

    victim.language = language
    victim.save(update_fields=["language"])
    response = client_for(victim).get("/sharing/activity/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "%(" not in content and "{%" not in content and "{{" not in content
    summaries, lines = read(response)
    assert len(summaries) == len(english_summaries)
    assert len(lines) == len(english_lines)
    for theirs, ours in [
        *zip(english_summaries, summaries, strict=True),
        *zip(english_lines, lines, strict=True),
    ]:
        if has_words(theirs):
            assert ours != theirs, (language, ours)
            # Not English with a translated name: no English sentence of the table is left.
            assert not re.search(r"\b(Viewed|viewed|Looked at|looked at|Opened|Made)\b", ours)
    assert "_" not in " ".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_urdu_and_welsh_summaries_join_in_their_own_way(victim, everything, language):
    victim.language = language
    victim.save(update_fields=["language"])
    summaries, _ = read(client_for(victim).get("/sharing/activity/"))
    several = [s for s in summaries if s.count(("; ", ", ", "، ")[LANGUAGES.index(language)])]
    assert several, summaries
    if language == "ur":
        assert all(" نے " in summary for summary in summaries)


def messages(value):
    """The (context, msgid[, plural]) a lazy translation was made with (Django keeps its
    arguments: pgettext_lazy in _args, npgettext_lazy in _kw)."""
    if value._kw:
        return (value._kw["context"], value._kw["singular"], value._kw["plural"])
    return value._args


def table_entries():
    found = []

    def walk(value):
        if isinstance(value, Promise):
            found.append(messages(value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif isinstance(value, visits_module.Told):
            walk([value.line, value.clause, value.many])

    for table in ("TOLD", "TOLD_GROUPS", "MADE", "PROFILES", "EXPORT_COUNTS", "FIELD_WORDS"):
        walk(getattr(visits_module, table))
    walk([visits_module.EXHIBIT_FIELD_WORDS, visits_module.OTHER_FIELD, visits_module.ACTORS])
    return found


def test_the_table_is_large_and_lazy():
    entries = table_entries()
    assert len(entries) > 200
    assert all(len(entry) in (2, 3) and entry[0] for entry in entries)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_of_the_table_is_translated_in_each_catalogue(language):
    mo = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    missing = []
    for entry in table_entries():
        key = f"{entry[0]}\x04{entry[1]}"
        if len(entry) == 3:
            forms = [catalogue.get((key, index)) for index in range(2 if language == "ur" else 4)]
        else:
            forms = [catalogue.get(key)]
        if not all(forms):
            missing.append(entry)
    assert missing == []
