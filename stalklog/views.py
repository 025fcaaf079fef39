"""The public pages: sign-up, the quick exit, safety, help lines, the language chooser and
the health check."""

import inspect

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.db import connection
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from stalklog.accounts import signup as signup_throttle
from stalklog.accounts.languages import choose_language, supported
from stalklog.casefile.forms import SignUpForm
from stalklog.casefile.recovery import cookie_name as recovery_cookie
from stalklog.helplines import helplines, tel_href


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    if request.method == "POST" and not signup_throttle.allow_attempt(request):
        # Nothing typed is looked at, so a throttled probe learns nothing either.
        context = {"form": SignUpForm(), "refusal": SIGNUP_THROTTLED}
        return render(request, "stalklog/signup.html", context, status=429)
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        if user is not None:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Your account is ready."))
            return redirect("home")
    return render(request, "stalklog/signup.html", {"form": form})


SIGNUP_THROTTLED = _(
    "Too many accounts have been tried from this connection in the last hour. Wait an hour "
    "and try again, or ask a support service to help you."
)


# A plain GET link, so it works without JavaScript and from the skip link. Being signed out
# by a third-party page is harmless here; failing to leave quickly is not.
@require_http_methods(["GET", "HEAD"])
def quick_exit(request):
    logout(request)
    response = HttpResponseRedirect(settings.STALKLOG_EXIT_URL)
    # Expired with Secure wherever they were set with it: a browser ignores an expiry for a
    # Secure (or __Host-) cookie that comes without the flag.
    secure = request.is_secure() or settings.SESSION_COOKIE_SECURE
    # The browser's request for a new password goes too: its cookie says she uses the app.
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, recovery_cookie()):
        response.set_cookie(
            name,
            "",
            max_age=0,
            expires="Thu, 01 Jan 1970 00:00:00 GMT",
            secure=secure or name.startswith("__Host-"),
            httponly=True,
            samesite="Lax",
        )
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    response["Referrer-Policy"] = "no-referrer"
    return response


def safety(request):
    return render(request, "stalklog/safety.html")


def help_lines(request):
    lines = [dict(line, href=tel_href(line["number"])) for line in helplines()]
    return render(request, "stalklog/help.html", {"helplines": lines})


def _accepts_get(view):
    """Whether a plain visit (GET) reaches `view` rather than a 405.

    Read from the `require_http_methods` family's own list (kept in the decorator's closure)
    on each layer of decorators, so a new POST-only view is recognised without anyone
    remembering to mark it; tests pin the list of POST-only URLs this finds.
    """
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "get" in view_class.http_method_names and hasattr(view_class, "get")
    while inspect.isfunction(view):
        methods = inspect.getclosurevars(view).nonlocals.get("request_method_list")
        if methods is not None and "GET" not in methods:
            return False
        view = getattr(view, "__wrapped__", None)
    return True


def _same_site_path(request, value):
    """`value` if it is a path on this site that a plain visit can open ("/incidents/"),
    else the home page.

    A page that only answers a form (the sharing confirmation reached by posting a code)
    puts its own address in the language link; sending her back there after choosing would
    land her on an error page, so such an address goes home instead. Only a bare path is
    kept: no scheme, no other host, no query (nothing she typed is carried in a URL).
    """
    if not (
        value
        and value.startswith("/")
        and "?" not in value
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return "/"
    try:
        match = resolve(value)
    except Resolver404:
        return "/"
    return value if _accepts_get(match.func) else "/"


@require_http_methods(["GET", "POST"])
def language(request):
    """The languages in their own names; choosing one keeps it in the session and on her
    account, then goes back to the page she came from (a path on this site only)."""
    back = _same_site_path(request, request.POST.get("next") or request.GET.get("next"))
    if request.method == "POST":
        if supported(request.POST.get("language", "")):
            choose_language(request, request.POST["language"])
            return redirect(back)
        context = {"back": back, "invalid": True}
        return render(request, "stalklog/language.html", context, status=400)
    return render(request, "stalklog/language.html", {"back": back})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
