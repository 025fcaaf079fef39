"""What a page was asked to search and filter, kept in the session (per log) instead of in
the address: words in a URL end up in the browser history, which an abuser may read.

The form POSTs, the view remembers what was typed here and redirects to the plain address,
which shows the results. The copy is sealed with the log's key, because sessions are rows in
the database and search words must never be stored in plaintext; it dies with the session
(signing out, quick exit, the idle timeout), and "Clear search" forgets it at once.
"""

import base64
import json

from stalklog.core.crypto import DecryptionError

_SESSION_KEY = "stalklog_search:{page}:{log_pk}"
MAX_VALUE_CHARS = 500  # more than any search field accepts; the form says what is too long


def _key(page: str, log) -> str:
    return _SESSION_KEY.format(page=page, log_pk=log.pk)


def _context(page: str, log) -> str:
    return f"search.{page}:{log.uuid}"


def remember(request, page: str, data, *, lists=()) -> None:
    """Keep what was typed into `page`'s search form (a QueryDict or dict of strings) for
    `request.log`, sealed. Only the form's own fields should be passed. The fields named in
    `lists` (ticked boxes) are kept as lists of strings, every value of a QueryDict's."""
    log = request.log
    values = {
        name: str(value)[:MAX_VALUE_CHARS]
        for name, value in data.items()
        if value and name not in lists
    }
    for name in lists:
        ticked = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        if ticked:
            values[name] = [str(value)[:MAX_VALUE_CHARS] for value in ticked]
    if not values:
        forget(request, page)
        return
    sealed = log.sealer.seal(json.dumps(values), _context(page, log))
    request.session[_key(page, log)] = base64.b64encode(sealed).decode()


def recall(request, page: str) -> dict | None:
    """What was typed into `page`'s search form for `request.log` in this session, or None."""
    log = request.log
    stored = request.session.get(_key(page, log))
    if not stored:
        return None
    try:
        values = json.loads(log.sealer.open(base64.b64decode(stored), _context(page, log)))
    except (DecryptionError, ValueError):
        # A copy sealed under an earlier key (a rotated master key): start again.
        forget(request, page)
        return None
    return values if isinstance(values, dict) else None


def forget(request, page: str) -> None:
    request.session.pop(_key(page, request.log), None)
