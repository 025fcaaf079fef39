"""Who is signed in where, and the sign-in history an account owner can read.

Every sign-in adds a SignedInSession (session key -> user) so a person can see their
sessions and end the others on the server; every sign-in, failure and sign-out adds a
SignInEvent. Both are filled from Django's auth signals, so every way in is covered.
"""

import re
import time
from importlib import import_module

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from stalklog.accounts.models import SignedInSession, SignInEvent, User

LAST_ACTIVITY_KEY = "stalklog_last_activity"
# Last-seen times are approximate: saving the session on every request would cost a
# database write per page, so activity is written at most this often.
ACTIVITY_RESOLUTION_SECONDS = 15

_BROWSERS = [
    ("Edge", r"Edg(e|A|iOS)?/"),
    ("Samsung Internet", r"SamsungBrowser/"),
    ("Opera", r"OPR/|Opera"),
    ("Firefox", r"Firefox/|FxiOS/"),
    ("Chrome", r"Chrome/|CriOS/|Chromium/"),
    ("Safari", r"Safari/"),
]
_SYSTEMS = [
    ("iPhone", r"iPhone"),
    ("iPad", r"iPad"),
    ("Android", r"Android"),
    ("Windows", r"Windows"),
    ("Mac", r"Macintosh|Mac OS X"),
    ("ChromeOS", r"CrOS"),
    ("Linux", r"Linux|X11"),
]


UNKNOWN_DEVICE = "Unknown device"
_ON = " on "


def describe_device(user_agent: str) -> str:
    """A short, human summary of a User-Agent header: `Firefox on Android`. Stored in
    English, the same whoever reads it; `device_text` puts it in the reader's language."""
    browser = next((name for name, pat in _BROWSERS if re.search(pat, user_agent)), None)
    system = next((name for name, pat in _SYSTEMS if re.search(pat, user_agent)), None)
    if browser and system:
        return f"{browser}{_ON}{system}"
    return browser or system or UNKNOWN_DEVICE


def device_text(stored: str) -> str:
    """A stored device summary in the page's language ("Firefox ar Android"): the browser
    and system names are names, the words around them are ours."""
    if stored == UNKNOWN_DEVICE:
        return _("Unknown device")
    browser, on, system = stored.partition(_ON)
    if on and browser in dict(_BROWSERS) and system in dict(_SYSTEMS):
        return _("%(browser)s on %(system)s") % {"browser": browser, "system": system}
    return stored


def _device(request) -> str:
    return describe_device(request.META.get("HTTP_USER_AGENT", "")) if request else ""


def client_ip(request):
    """The visitor's address, trusting only the proxies we run (STALKLOG_TRUSTED_PROXY_HOPS):
    a client can write anything into X-Forwarded-For, but not past our own proxy."""
    hops = settings.STALKLOG_TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None


def client_str_for_logs(username, ip_address, user_agent, path_info, request):
    """What django-axes may write to the log output about a sign-in attempt: the page only,
    never the name typed or the address (settings.AXES_CLIENT_STR_CALLABLE)."""
    if isinstance(path_info, (tuple, list)):
        path_info = path_info[0] if path_info else ""
    return f"{{path_info: {path_info!r}}}"


def _ip(request):
    return client_ip(request) if request else None


def record_event(request, outcome, *, user=None, username=""):
    return SignInEvent.objects.create(
        user=user,
        username=(user.get_username() if user else username)[:150],
        at=timezone.now(),
        outcome=outcome,
        device=_device(request)[:100],
        ip_address=_ip(request),
    )


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


@receiver(user_logged_in, dispatch_uid="stalklog_track_sign_in")
def _track_sign_in(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    if not request.session.session_key:
        request.session.save()
    now = timezone.now()
    request.session[LAST_ACTIVITY_KEY] = time.time()
    end_idle_sessions(user)
    SignedInSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "device": _device(request)[:100],
            "ip_address": _ip(request),
            "signed_in_at": now,
            "last_seen_at": now,
        },
    )
    outcome = getattr(request, "stalklog_sign_in_outcome", SignInEvent.Outcome.SIGNED_IN)
    record_event(request, outcome, user=user)


@receiver(user_logged_out, dispatch_uid="stalklog_track_sign_out")
def _track_sign_out(sender, request, user, **kwargs):
    if request is None or user is None:
        return
    key = request.session.session_key
    if key:
        SignedInSession.objects.filter(session_key=key).delete()
    outcome = getattr(request, "stalklog_sign_out_outcome", SignInEvent.Outcome.SIGNED_OUT)
    record_event(request, outcome, user=user)


@receiver(user_login_failed, dispatch_uid="stalklog_track_failure")
def _track_failure(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    if not username:
        return
    outcome = credentials.get("stalklog_outcome", SignInEvent.Outcome.WRONG_PASSWORD)
    record_event(request, outcome, username=username)


def note_activity(request):
    """Mark the session active now (at most every few seconds); True if it was written."""
    now = time.time()
    last = request.session.get(LAST_ACTIVITY_KEY, 0)
    if now - last < ACTIVITY_RESOLUTION_SECONDS:
        return False
    request.session[LAST_ACTIVITY_KEY] = now
    SignedInSession.objects.filter(session_key=request.session.session_key).update(
        last_seen_at=timezone.now()
    )
    return True


def is_idle(request) -> bool:
    last = request.session.get(LAST_ACTIVITY_KEY)
    if last is None:
        return False
    return time.time() - last > settings.STALKLOG_IDLE_TIMEOUT_SECONDS


def active_sessions(user):
    """The user's sessions that are still alive, most recently used first."""
    return SignedInSession.objects.filter(user=user, last_seen_at__gte=_idle_since())


def _idle_since():
    return timezone.now() - timezone.timedelta(seconds=settings.STALKLOG_IDLE_TIMEOUT_SECONDS)


def end_idle_sessions(user) -> int:
    """Delete the user's sessions that the idle timeout has already ended in effect (a
    browser closed without signing out leaves its session row behind)."""
    store = _session_store()
    stale = list(SignedInSession.objects.filter(user=user, last_seen_at__lt=_idle_since()))
    for row in stale:
        store(session_key=row.session_key).delete()
        row.delete()
    return len(stale)


def end_sessions(user, keep_session_key=None) -> int:
    """End the user's sessions on the server, but the one given; returns how many ended."""
    store = _session_store()
    ended = 0
    for row in SignedInSession.objects.filter(user=user).exclude(session_key=keep_session_key):
        store(session_key=row.session_key).delete()
        row.delete()
        ended += 1
    return ended


def renew_session_key(request, user=None):
    """Give this signed-in session a new id, its row in the sessions list following it.

    After the password changes (with `user`: Django's update_session_auth_hash, which keeps
    this session signed in) or the second step is set up. Without the row following, the
    session went on under an id the list did not know: missing from "Your sessions" and
    out of reach of "sign out everywhere else", which works from that list.
    """
    old_key = request.session.session_key
    if user is not None:
        update_session_auth_hash(request, user)  # cycles the key itself
    else:
        request.session.cycle_key()
    SignedInSession.objects.filter(session_key=old_key).update(
        session_key=request.session.session_key
    )


def history_kept_since():
    return timezone.now() - timezone.timedelta(days=settings.STALKLOG_SIGNIN_HISTORY_DAYS)


def sign_in_history(user, limit=100):
    """Sign-ins, sign-outs and failed attempts against this account name, newest first,
    within STALKLOG_SIGNIN_HISTORY_DAYS.

    Failures typed before the account existed belong to whoever held the name then.
    """
    since = max(user.date_joined, history_kept_since())
    return SignInEvent.objects.filter(username__iexact=user.get_username(), at__gte=since)[:limit]


def prune_sign_in_history() -> int:
    """Delete sign-in history older than STALKLOG_SIGNIN_HISTORY_DAYS; returns how many.

    It says where and on what device someone was: kept long enough for a victim to spot a
    sign-in that was not theirs, not for ever.
    """
    deleted, _ = SignInEvent.objects.filter(at__lt=history_kept_since()).delete()
    return deleted


def forget_user(user):
    """Remove every trace of sign-ins for an account that is being deleted."""
    SignInEvent.objects.filter(username__iexact=user.get_username()).delete()
    end_sessions(user)


def requires_two_step(user) -> bool:
    """Caseworkers, service admins and anyone who can open Django's admin must use two
    steps: their password opens other people's data or accounts."""
    return user.is_authenticated and (
        user.role in (User.Role.CASEWORKER, User.Role.SERVICE_ADMIN)
        or user.is_staff
        or user.is_superuser
    )
