"""Search words kept in the session: sealed with the log's key, per log, forgotten on request."""

from types import SimpleNamespace

from django.contrib.sessions.backends.db import SessionStore

from stalklog.casefile import searches
from tests.conftest import make_victim


def request_for(log, session):
    return SimpleNamespace(log=log, session=session)


def test_words_are_kept_sealed_per_log_and_page(db):
    mine, theirs = make_victim("one").log, make_victim("two").log
    session = SessionStore()
    searches.remember(request_for(mine, session), "timeline", {"q": "Daniel", "order": ""})
    assert "Daniel" not in str(dict(session.items()))
    assert searches.recall(request_for(mine, session), "timeline") == {"q": "Daniel"}
    assert searches.recall(request_for(mine, session), "evidence") is None
    assert searches.recall(request_for(theirs, session), "timeline") is None


def test_a_copy_sealed_for_another_log_is_not_opened(db):
    mine, theirs = make_victim("one").log, make_victim("two").log
    session = SessionStore()
    searches.remember(request_for(theirs, session), "timeline", {"q": "x"})
    key = f"stalklog_search:timeline:{theirs.pk}"
    session[f"stalklog_search:timeline:{mine.pk}"] = session[key]
    assert searches.recall(request_for(mine, session), "timeline") is None


def test_forget_and_an_empty_form_drop_the_copy(db):
    log = make_victim().log
    session = SessionStore()
    searches.remember(request_for(log, session), "timeline", {"q": "x"})
    searches.forget(request_for(log, session), "timeline")
    assert searches.recall(request_for(log, session), "timeline") is None
    searches.remember(request_for(log, session), "timeline", {"q": "x"})
    searches.remember(request_for(log, session), "timeline", {"q": ""})
    assert not list(session.keys())
