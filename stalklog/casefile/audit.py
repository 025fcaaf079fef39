"""The one way to write a log's access log: who did what to which of its objects.

Services record the writes they make; views record the reads they show (`viewed`). The
target text always comes from the object itself (its `audit_label`: "incident 12",
"exhibit JS/4"), never from a string built at the call site, so the same object reads the
same way wherever it was touched. Never put content (names, words, search terms) in it.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from stalklog.casefile.models import AccessEvent

# How many events the code inside `counting()` has recorded (None outside it). The door uses
# it so one caseworker request leaves one entry: the view's own, precise one ("viewed
# exhibit JS/1") or else the door's generic one, never both.
_recorded_count: ContextVar[list[int] | None] = ContextVar("audit_recorded_count", default=None)


@contextmanager
def counting():
    """Count the events recorded inside the block; yields a one-item list holding the count."""
    count = [0]
    token = _recorded_count.set(count)
    try:
        yield count
    finally:
        _recorded_count.reset(token)


def describe(target) -> str:
    """What the access log calls `target`: an object's `audit_label`, or a page's name."""
    if target is None:
        return ""
    if isinstance(target, str):
        return target
    return target.audit_label


def record(
    log, actor, action: str, target=None, detail: str = "", *, anonymous_as: str = ""
) -> AccessEvent:
    """Append one event to `log`'s hash-chained access log. `anonymous_as` names an actor
    who is not signed in ("someone", on a public page)."""
    event = AccessEvent.record(
        log, actor, action, describe(target), detail, anonymous_as=anonymous_as
    )
    count = _recorded_count.get()
    if count is not None:
        count[0] += 1
    return event


def viewed(request, target, detail: str = "") -> AccessEvent:
    """A view showed `target` (an object of `request.log`, or a page's name)."""
    return record(request.log, request.user, "viewed", target, detail)
