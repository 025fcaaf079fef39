"""The account hub and its pages: password, two-step sign-in, sessions, history, deletion."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from stalklog.accounts.forms import ReauthCodeForm
from stalklog.accounts.models import SignInEvent
from stalklog.accounts.signin_views import (
    MUST_SET_PASSWORD_KEY,
    is_locked,
    locked_out,
    record_failure,
)
from stalklog.accounts.signins import (
    active_sessions,
    end_sessions,
    renew_session_key,
    requires_two_step,
    sign_in_history,
)
from stalklog.accounts.twostep import (
    confirm_enrolment,
    issue_recovery_codes,
    qr_code_svg,
    recovery_codes_left,
    remove_two_step,
    secret_text,
    start_enrolment,
    totp_device,
)

ENROLLING_KEY = "stalklog_enrolling_device"


class ReauthLocked(Exception):
    """Too many wrong passwords typed into a page that asks for it again."""


def reauth_view(view):
    """Sign in required; and a session that keeps typing wrong passwords into a page that
    asks for the password again is signed out, as a sign-in would be locked."""

    @login_required
    @sensitive_post_parameters()
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except ReauthLocked:
            logout(request)
            return locked_out(request)

    return wrapper


def reauth_valid(request, form, field="password") -> bool:
    """Validate a form that asks for the password again; wrong ones count like failed
    sign-ins (django-axes), so an open session cannot be used to guess the password."""
    username = request.user.get_username()
    if is_locked(request, username):
        raise ReauthLocked
    if form.is_valid():
        return True
    if field in form.errors:
        record_failure(request, username, SignInEvent.Outcome.WRONG_PASSWORD)
    return False


@login_required
def account(request):
    user = request.user
    device = totp_device(user)
    return render(
        request,
        "stalklog/account.html",
        {
            "has_two_step": device is not None,
            "must_have_two_step": requires_two_step(user),
            "recovery_codes_left": recovery_codes_left(user) if device else 0,
            "session_count": active_sessions(user).count(),
        },
    )


@reauth_view
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and reauth_valid(request, form, "old_password"):
        form.save()
        renew_session_key(request, form.user)
        end_sessions(request.user, keep_session_key=request.session.session_key)
        return redirect("password_change_done")
    return render(request, "stalklog/password_change.html", {"form": form})


@login_required
def password_change_done(request):
    return render(request, "stalklog/password_change_done.html")


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def set_new_password(request):
    """After signing in with a recovery code: a new password before anything else, then
    the old app and recovery codes go (someone else may hold them)."""
    form = SetPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        renew_session_key(request, form.user)
        request.session.pop(MUST_SET_PASSWORD_KEY, None)
        remove_two_step(request.user)
        messages.success(
            request,
            _(
                "Your new password is set. Your old authenticator app and recovery codes no "
                "longer work: set up two-step sign-in again now."
            ),
        )
        return redirect("two_step_setup")
    return render(request, "stalklog/set_new_password.html", {"form": form})


@reauth_view
@require_http_methods(["GET", "POST"])
def two_step_setup(request):
    user = request.user
    if totp_device(user) is not None and not user.is_verified():
        # Signed in without the second step (it cannot happen through our sign-in page):
        # replacing the app must not be a way around it.
        logout(request)
        return redirect("signin")
    device = None
    if request.method == "POST":
        device = TOTPDevice.objects.filter(
            user=user, confirmed=False, pk=request.session.get(ENROLLING_KEY)
        ).first()
    if device is None:
        if request.method == "POST":
            messages.info(request, _("That setup had expired. Scan this new QR code instead."))
        device = start_enrolment(user)
        request.session[ENROLLING_KEY] = device.pk
        form = ReauthCodeForm(user=user)
    else:
        form = ReauthCodeForm(request.POST, user=user)
        if reauth_valid(request, form):
            codes = confirm_enrolment(user, device, form.cleaned_data["code"])
            if codes is not None:
                request.session.pop(ENROLLING_KEY, None)
                otp_login(request, device)
                # Two-step sign-in is often turned on because someone else knows the
                # password: whoever got in with it alone is signed out now, and this
                # session, now verified, goes on under a new id.
                renew_session_key(request)
                if end_sessions(user, keep_session_key=request.session.session_key):
                    messages.success(request, _("Every other device is signed out."))
                return render(request, "stalklog/recovery_codes.html", {"codes": codes})
            form.add_error(
                "code",
                _(
                    "That code did not match. Type the 6 digits the app shows now; if it "
                    "still fails, check the time on your phone is set automatically."
                ),
            )
    return render(
        request,
        "stalklog/two_step_setup.html",
        {
            "form": form,
            "qr_svg": qr_code_svg(device.config_url, _("QR code for your authenticator app")),
            "secret": secret_text(device),
            "replacing": totp_device(user) is not None,
            "must_have_two_step": requires_two_step(user),
        },
    )


def check_totp_code(form, user):
    device = totp_device(user)
    if device is None or not device.verify_token(form.cleaned_data["code"].replace(" ", "")):
        form.add_error("code", _("That code did not work. Type the newest code from the app."))
        return False
    return True


@reauth_view
@require_http_methods(["GET", "POST"])
def recovery_codes_renew(request):
    user = request.user
    if totp_device(user) is None:
        return redirect("two_step_setup")
    form = ReauthCodeForm(request.POST or None, user=user)
    if request.method == "POST" and reauth_valid(request, form) and check_totp_code(form, user):
        return render(
            request, "stalklog/recovery_codes.html", {"codes": issue_recovery_codes(user)}
        )
    return render(request, "stalklog/recovery_codes_renew.html", {"form": form})


@reauth_view
@require_http_methods(["GET", "POST"])
def two_step_remove(request):
    user = request.user
    if totp_device(user) is None or requires_two_step(user):
        return redirect("account")
    form = ReauthCodeForm(request.POST or None, user=user)
    if request.method == "POST" and reauth_valid(request, form) and check_totp_code(form, user):
        remove_two_step(user)
        messages.success(request, _("Two-step sign-in is off. Your password alone now signs in."))
        return redirect("account")
    return render(request, "stalklog/two_step_remove.html", {"form": form})


@login_required
def sessions(request):
    current = request.session.session_key
    rows = list(active_sessions(request.user))
    for row in rows:
        row.is_this_device = row.session_key == current
    return render(request, "stalklog/sessions.html", {"sessions": rows})


@login_required
@require_POST
def sessions_end_others(request):
    ended = end_sessions(request.user, keep_session_key=request.session.session_key)
    messages.success(
        request,
        _("Every other device is signed out.") if ended else _("No other device was signed in."),
    )
    return redirect("sessions")


@login_required
def sign_in_history_page(request):
    return render(
        request, "stalklog/sign_in_history.html", {"events": sign_in_history(request.user)}
    )


@login_required
@require_POST
def two_step_not_now(request):
    """The dashboard's offer of two-step sign-in, answered "Not now": a line from now on."""
    request.user.two_step_offer_dismissed = True
    request.user.save(update_fields=["two_step_offer_dismissed"])
    return redirect("home")
