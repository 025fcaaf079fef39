"""Headers that protect every response, no-store for anything a signed-in user sees, the
idle timeout, and the gate that holds an account until it is safe to use."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext

from stalklog.accounts import languages
from stalklog.accounts.models import SignInEvent
from stalklog.accounts.signin_views import MUST_SET_PASSWORD_KEY
from stalklog.accounts.signins import is_idle, note_activity, requires_two_step
from stalklog.casefile.shredding import is_deletion_scheduled_for

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


def allows(feature: str):
    """A decorator letting one view's page ask for `feature` (microphone, geolocation), and
    only for this origin; every other page keeps forbidding it."""
    policy = PERMISSIONS_POLICY.replace(f"{feature}=()", f"{feature}=(self)")
    if policy == PERMISSIONS_POLICY:
        raise ValueError(f"{feature} is not in the Permissions-Policy")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response["Permissions-Policy"] = policy
            return response

        return wrapper

    return decorator


# The voice recorder's page.
allows_microphone = allows("microphone")
# The pages that record a new incident offer "Add where I am now" (asked only on a press).
allows_geolocation = allows("geolocation")


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Every page may show or lead to a victim's data; a shared device must keep none
        # of it in its cache or back-forward history.
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, max-age=0"
        patch_vary_headers(response, ["Cookie"])
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("X-Robots-Tag", "noindex, nofollow")
        # Django's XFrameOptionsMiddleware sits inside; an answer made before it runs (a
        # Host header that is not ours, refused by CommonMiddleware) would go out frameable.
        response.setdefault("X-Frame-Options", settings.X_FRAME_OPTIONS)
        if settings.SESSION_COOKIE_SECURE:
            # Every cookie, set or expired (sessions, CSRF, messages, quick exit): a cookie
            # without Secure could be sent or overwritten over plain HTTP.
            for morsel in response.cookies.values():
                morsel["secure"] = True
        return response


class NullOriginMiddleware:
    """Let Django's CSRF check work under `Referrer-Policy: no-referrer`.

    Under no-referrer, browsers send `Origin: null` on our own form posts, which Django's
    CsrfViewMiddleware rejects. When the browser also says, in Sec-Fetch-Site (a header
    page scripts cannot set), that the request came from this origin, we restore the real
    origin before the CSRF check. The CSRF token is still checked as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            meta["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)


class LanguageMiddleware:
    """Show every page in her language (stalklog.accounts.languages.language_for).

    Signing out, being signed out when idle and the quick exit all flush the session, and
    the language goes with it: the next person at a shared browser sees no sign of her
    choice (the account keeps it for her next sign-in).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = languages.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # The language comes from the session or the account (Cookie) or, before she has
        # chosen, from Accept-Language: a cache must keep them apart.
        patch_vary_headers(response, ["Accept-Language"])
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class IdleTimeoutMiddleware:
    """End a signed-in session on the server after STALKLOG_IDLE_TIMEOUT_SECONDS idle.

    A phone left unlocked or a shared computer must not stay signed in: the session row is
    deleted, not just the cookie, so nobody can pick the session up again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timed_out = request.user.is_authenticated and is_idle(request)
        if timed_out:
            request.stalklog_sign_out_outcome = SignInEvent.Outcome.TIMED_OUT
            logout(request)
            messages.info(request, gettext("You were signed out because the page was left idle."))
        response = self.get_response(request)
        if timed_out:
            # As signing out does: whoever picks the device up next finds none of her pages
            # in the back-forward cache, nor anything a page script kept.
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        # A page's script asking for news (an export's progress) is not the person using it:
        # counting it would keep a session alive for as long as a page is left open.
        if request.user.is_authenticated and not getattr(view_func, "is_background_poll", False):
            note_activity(request)


def background_poll(view):
    """Mark a view that pages call by themselves, so it never keeps a session from idling."""
    view.is_background_poll = True
    return view


# Pages a signed-in person can still open while the account gate holds them.
# Cancelling a request to reset the password stays one click away on every page.
GATE_OPEN_URLS = {
    "signout",
    "quick_exit",
    "safety",
    "help",
    "healthz",
    "language",
    "javascript_catalog",
    "recovery_cancel",
}


class AccountGateMiddleware:
    """Hold a signed-in person on one page until their account is safe to use.

    After a recovery-code sign-in they must first choose a new password; caseworkers and
    service admins must set up two-step sign-in (and have used it) before anything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            gate = None
            if request.session.get(MUST_SET_PASSWORD_KEY):
                gate = "set_new_password"
            elif requires_two_step(user) and not user.is_verified():
                gate = "two_step_setup"
            elif is_deletion_scheduled_for(user):
                gate = "deletion_pending"
            if gate is not None:
                try:
                    name = resolve(request.path_info).url_name
                except Resolver404:
                    name = None
                if name != gate and name not in GATE_OPEN_URLS:
                    return redirect(gate)
        return self.get_response(request)
