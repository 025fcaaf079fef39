"""The one door to a victim's data: every view reaches log data through here.

`get_log_for(request)` answers "which log may this request work on?" and everything
log-scoped is then looked up with `owned()` / `scoped()`, so an id from another log is a
404, never a 403 that would confirm it exists.

A victim works on their own log. A caseworker works on one shared log at a time, the one
they opened from their dashboard; the share is checked again on every request, so access
ends at the exact moment the share expires or is revoked, open sessions included.
Background work (exports) re-checks with `can_access(user, log)`.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext

from stalklog.casefile import audit
from stalklog.casefile.models import Log, Share

# Session key holding the id of the share a caseworker opened.
OPEN_SHARE_SESSION_KEY = "stalklog_open_share"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def open_share(request, now=None) -> Share | None:
    """The live share this caseworker opened in this session, or None."""
    share_id = request.session.get(OPEN_SHARE_SESSION_KEY)
    if share_id is None:
        return None
    return (
        Share.objects.live(now)
        .select_related("log__owner", "organisation")
        .filter(pk=share_id, caseworker=request.user)
        .first()
    )


def get_log_for(request) -> Log:
    """The log this signed-in user may work on now, or 404."""
    user = request.user
    if not user.is_authenticated:
        raise Http404
    if user.is_victim:
        log = getattr(user, "log", None)  # None when the victim has no log
        # A log waiting to be deleted is locked, for her too, until she cancels.
        if log is not None and not log.is_deletion_scheduled:
            return log
    elif user.is_caseworker:
        share = open_share(request)
        if share is not None:
            request.share = share
            return share.log
    raise Http404


def can_access(user, log, now=None) -> bool:
    """May `user` still read `log`? For work that runs outside a request (exports): check
    before starting and again before handing anything over."""
    if user is None or not user.is_active:
        return False
    if user.is_victim:
        return (
            log.owner_id == user.pk
            and not Log.objects.filter(pk=log.pk, deletion_due_at__isnull=False).exists()
        )
    if user.is_caseworker:
        return Share.objects.live(now).filter(log=log, caseworker=user).exists()
    return False


def log_view(view=None, *, owner_only=False):
    """Decorate a view that works on log data: sign-in required, `request.log` set.

    `@log_view(owner_only=True)` for what only the victim may do (sharing, deleting, their
    account): a caseworker gets a 404 there. Every request a caseworker makes is recorded as
    an AccessEvent the victim can read (a chunk endpoint's only when it misses: see
    chunk_endpoint). (Nothing a caseworker does inside a shared log acts
    on her account: a caseworker's reset code could take it over, issue 17.)
    """
    if view is None:
        return lambda view: log_view(view, owner_only=owner_only)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            request.log = get_log_for(request)
        except Http404:
            if request.user.is_caseworker and request.session.pop(OPEN_SHARE_SESSION_KEY, None):
                messages.info(request, gettext("That log is no longer shared with you."))
                return redirect("home")
            raise
        is_owner = request.log.owner_id == request.user.pk
        if owner_only and not is_owner:
            raise Http404
        if not is_owner:
            return _recorded(view, request, args, kwargs)
        return view(request, *args, **kwargs)

    protected = login_required(wrapper)
    protected.access_rule = "owner" if owner_only else "log"
    return protected


def _recorded(view, request, args, kwargs):
    """Run a caseworker's request and record it: the URL name and ids, never content (query
    strings may hold search words, so they are left out)."""
    match = request.resolver_match
    target = match.url_name if match and match.url_name else "page"
    ids = " ".join(f"{key}={value}" for key, value in sorted(kwargs.items()))
    safe = request.method in SAFE_METHODS
    only_searches = getattr(view, "posts_only_searches", False)
    searched = not safe and (only_searches(request) if callable(only_searches) else only_searches)
    try:
        with audit.counting() as recorded:
            response = view(request, *args, **kwargs)
    except Http404:
        audit.record(request.log, request.user, "not found", target, ids)
        raise
    if recorded[0] or getattr(view, "is_chunk_endpoint", False):
        # The view or its service said precisely what was seen or done (a chunk endpoint:
        # the finished exhibit is recorded once, by the service that stores it): a second,
        # generic entry for the same request would only make her record harder to read.
        return response
    if safe:
        action = "viewed"
    elif searched:
        action = "searched"
    elif 300 <= response.status_code < 400:
        action = "changed"
    else:
        action = "tried to change"
    audit.record(request.log, request.user, action, target, ids)
    return response


def search_form(view=None, *, when=None):
    """Mark a log page whose POST only keeps search words in the session
    (casefile.searches), so a caseworker's search is recorded as "searched", never as
    changing the log. Put it under @log_view and the method check. `when(request)`: for a
    page whose other POSTs do change the log, says which POSTs are searches."""
    if view is None:
        return lambda view: search_form(view, when=when)
    view.posts_only_searches = when or True
    return view


def chunk_endpoint(view):
    """Mark an endpoint a page calls many times for one file (a chunk of an upload or of a
    recording, the bytes held so far): a caseworker's calls to it are not recorded one by
    one, which would bury the victim's access log in one event per megabyte. What they make
    is recorded once, by the service that stores the finished exhibit ("uploaded JS/4");
    a miss (another log's id) is still recorded. Put it under @log_view and the method
    check."""
    view.is_chunk_endpoint = True
    return view


def _role_view(view, rule, allowed):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not (allowed(request.user) and request.user.organisation_id):
            raise Http404
        return view(request, *args, **kwargs)

    protected = login_required(wrapper)
    protected.access_rule = rule
    return protected


def caseworker_view(view):
    """A caseworker's own page (dashboard, sharing codes); 404 for anyone else."""
    return _role_view(view, "caseworker", lambda user: user.is_caseworker)


def staff_view(view):
    """A service admin's page about their own organisation; 404 for anyone else."""
    return _role_view(view, "staff", lambda user: user.is_service_admin)


def scoped(model_or_queryset, log):
    """The rows of a log-scoped model (or queryset) that belong to `log`."""
    queryset = getattr(model_or_queryset, "objects", model_or_queryset)
    return queryset.filter(log=log)


def owned(model_or_queryset, log, **lookup):
    """One row of `log`, or 404: the only way views fetch a log-scoped object by id."""
    obj = get_object_or_404(scoped(model_or_queryset, log), **lookup)
    obj.log = log  # reuse the log (and its unwrapped key) already in hand
    return obj
