"""Signing in: password, then (if set up) a code from the authenticator app; recovering
access with a recovery code (a request for a new password is in
stalklog/casefile/recovery.py). Every way in is throttled by
django-axes and answers the same whether or not the account exists."""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LogoutView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import verify_token

from stalklog.accounts.forms import CodeForm, RecoveryCodeSignInForm, SignInForm
from stalklog.accounts.models import SignInEvent, User
from stalklog.accounts.signins import end_sessions
from stalklog.accounts.twostep import has_two_step, totp_device, use_recovery_code

PENDING_KEY = "stalklog_pending_sign_in"
MUST_SET_PASSWORD_KEY = "stalklog_must_set_password"  # noqa: S105 (a session key name)
# Set when this session began with a recovery (a recovery code, or a checked, approved and
# waited-for request for a new password): like two-step sign-in, it may cancel a scheduled
# deletion.
RECOVERED_KEY = "stalklog_recovered"
BACKEND = "django.contrib.auth.backends.ModelBackend"
NO_MATCH = _("That username and code do not match. Check them and try again.")


def locked_out(request, original_response=None, credentials=None):
    """django-axes' lockout page: the same words for every name, real or not."""
    cool_off_minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "stalklog/locked_out.html",
        {"cool_off_minutes": cool_off_minutes},
        status=429,
    )


def _safe_next(request, value):
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return settings.LOGIN_REDIRECT_URL


def is_locked(request, username):
    return AxesProxyHandler.is_locked(request, {"username": username})


def record_failure(request, username, outcome):
    """Count a failure against the name and the address (axes) and into the history."""
    user_login_failed.send(
        sender=__name__,
        credentials={"username": username, "stalklog_outcome": outcome},
        request=request,
    )


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def signin(request):
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = SignInForm(request, data=request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if has_two_step(user):
            # The password was right; nothing is signed in until the code is too.
            request.session.cycle_key()
            request.session[PENDING_KEY] = {
                "user": user.pk,
                "at": time.time(),
                "next": _safe_next(request, next_url),
            }
            return redirect("signin_code")
        login(request, user, backend=BACKEND)
        return redirect(_safe_next(request, next_url))
    return render(request, "stalklog/signin.html", {"form": form, "next": next_url})


def _pending_user(request):
    pending = request.session.get(PENDING_KEY)
    if not pending or time.time() - pending["at"] > settings.STALKLOG_SIGNIN_CODE_SECONDS:
        return None, None
    return User.objects.filter(pk=pending["user"], is_active=True).first(), pending


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def signin_code(request):
    user, pending = _pending_user(request)
    device = totp_device(user) if user else None
    if device is None:
        request.session.pop(PENDING_KEY, None)
        messages.info(request, _("Sign in again: the time for the code ran out."))
        return redirect("signin")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if is_locked(request, user.get_username()):
            return locked_out(request)
        allowed, throttle = device.verify_is_allowed()
        if not allowed:
            # django-otp makes each wrong code wait twice as long as the one before; a
            # code typed in that wait counts against the lock too, or hammering would not.
            record_failure(request, user.get_username(), SignInEvent.Outcome.WRONG_CODE)
            form.add_error(
                "code",
                _("Too many wrong codes in a row. Wait a few seconds, then type the newest code."),
            )
            return render(request, "stalklog/signin_code.html", {"form": form})
        if verify_token(user, device.persistent_id, form.cleaned_data["code"].replace(" ", "")):
            del request.session[PENDING_KEY]
            login(request, user, backend=BACKEND)
            otp_login(request, device)
            return redirect(pending["next"])
        record_failure(request, user.get_username(), SignInEvent.Outcome.WRONG_CODE)
        form.add_error(
            "code",
            _(
                "That code did not work. Type the newest code from the app; "
                "if it still fails, check the time on your phone is set automatically."
            ),
        )
    return render(request, "stalklog/signin_code.html", {"form": form})


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def signin_recovery(request):
    """Sign in with a recovery code instead of the password and the app.

    Whoever holds a recovery code may be the abuser with a stolen printout, or the victim
    whose phone was taken: either way the old password and app can no longer be trusted.
    The old password stops working at once; once a new one is chosen the old app and
    codes are removed and the person is asked to set up two-step sign-in again.
    """
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = RecoveryCodeSignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        if is_locked(request, username):
            return locked_out(request)
        user = User.objects.filter(username=username, is_active=True).first()
        if user is not None and use_recovery_code(user, form.cleaned_data["recovery_code"]):
            # The old password stops working now, not when the new one is chosen: whoever
            # knew it must not get in while the two-step app is being replaced.
            user.set_unusable_password()
            user.save(update_fields=["password"])
            end_sessions(user)
            request.stalklog_sign_in_outcome = SignInEvent.Outcome.RECOVERY_CODE
            login(request, user, backend=BACKEND)
            request.session[MUST_SET_PASSWORD_KEY] = True
            request.session[RECOVERED_KEY] = True
            return redirect("set_new_password")
        record_failure(request, username, SignInEvent.Outcome.WRONG_RECOVERY_CODE)
        form.add_error(None, NO_MATCH)
    return render(request, "stalklog/signin_recovery.html", {"form": form})


class SignOutView(LogoutView):
    """Django's sign-out, which also tells the browser to drop what it kept of our pages.

    Pages are sent with no-store, but a browser may still hold a page in its back-forward
    cache, or storage a script wrote: on a shared device the next person must find none of
    it (DESIGN.md section 2.3). Cookies are not listed: the sign-out expires the session
    cookie itself, and a request for a new password this browser started must survive it.
    """

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response
