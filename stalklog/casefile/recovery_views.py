"""The pages of a request to reset a password (stalklog/casefile/recovery.py): asking and
finishing in her browser, cancelling from any session of hers, the caseworker's check and
the service admin's approval."""

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from stalklog.accounts.models import SignInEvent
from stalklog.accounts.signin_views import BACKEND, RECOVERED_KEY
from stalklog.accounts.signins import describe_device
from stalklog.accounts.throttle import (
    Purpose,
    allow_from_address,
    count_wrong_guess,
    is_account_held_back,
)
from stalklog.casefile import recovery
from stalklog.casefile.access import caseworker_view, staff_view
from stalklog.casefile.forms import (
    RecoveryCheckForm,
    RecoveryFindForm,
    RecoveryPasswordForm,
    RecoveryStartForm,
)
from stalklog.casefile.models import RecoveryRequest
from stalklog.casefile.recovery import cookie_name

State = RecoveryRequest.State
_COOKIE_SALT = "stalklog.recovery"
THROTTLED = gettext_lazy(
    "Too many requests came from this connection. Wait an hour, then try again."
)
GUESSES_THROTTLED = gettext_lazy(
    "Too many wrong codes were typed from your account in the last hour, so no code is "
    "looked up for now. Wait an hour, then check the code with the person who asked and try again."
)


def _cookie_lifetime():
    """Long enough to ask, be checked, wait and finish; the request itself lapses sooner."""
    wait = timedelta(hours=recovery.wait_hours())
    return 2 * RecoveryRequest.LIFETIME + wait


def _read_cookie(request) -> dict | None:
    """What this browser holds: the secret, the request code and when it asked. The same
    shape whether or not the account exists, so the cookie gives nothing away either."""
    value = request.COOKIES.get(cookie_name())
    if not value:
        return None
    try:
        held = signing.loads(value, salt=_COOKIE_SALT, max_age=_cookie_lifetime().total_seconds())
    except signing.BadSignature:
        return None
    return held if isinstance(held, dict) and {"s", "c", "t"} <= held.keys() else None


def _set_cookie(response, held):
    response.set_cookie(
        cookie_name(),
        signing.dumps(held, salt=_COOKIE_SALT),
        max_age=int(_cookie_lifetime().total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )


def _forget_cookie(response):
    response.delete_cookie(cookie_name(), samesite="Strict")
    if settings.SESSION_COOKIE_SECURE:
        response.cookies[cookie_name()]["secure"] = True


# Her browser ------------------------------------------------------------------------------


@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_start(request):
    """ "Can't sign in?": ask for a password reset from this browser."""
    form = RecoveryStartForm(request.POST or None)
    if request.method == "POST":
        if not allow_from_address(
            request, Purpose.RECOVERY, settings.STALKLOG_RECOVERY_REQUESTS_PER_HOUR
        ):
            # Nothing typed is looked at, so a throttled probe learns nothing.
            context = {
                "form": RecoveryStartForm(),
                "refusal": THROTTLED,
                "wait_hours": recovery.wait_hours(),
            }
            return render(request, "stalklog/recovery_start.html", context, status=429)
        if form.is_valid():
            code, secret, asked_at = recovery.start_recovery(
                form.cleaned_data["username"],
                device=describe_device(request.headers.get("User-Agent", "")),
            )
            response = redirect("recovery_status")
            _set_cookie(response, {"s": secret, "c": code, "t": int(asked_at.timestamp())})
            return response
    return render(
        request,
        "stalklog/recovery_start.html",
        {
            "form": form,
            "wait_hours": recovery.wait_hours(),
            "has_request": _read_cookie(request) is not None,
        },
    )


def _status_of(held, req, now):
    """Which step this browser's request is at, in one word for the template."""
    if req is None:
        # No account by that name (or it was deleted): it waits for a check, then lapses,
        # exactly like a real request nobody checks.
        asked_at = datetime.fromtimestamp(held["t"], tz=UTC)
        return "asked" if now < asked_at + RecoveryRequest.LIFETIME else "lapsed"
    if req.state in RecoveryRequest.OPEN_STATES and not req.is_open(now):
        return "lapsed"
    if req.state == State.APPROVED:
        return "ready" if req.is_ready(now) else "waiting"
    return req.state


@sensitive_post_parameters()
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def recovery_status(request):
    """Where her request is, and the new password once it may be set: only in the browser
    that asked (the cookie's secret), only after approval and the wait."""
    held = _read_cookie(request)
    if held is None:
        return render(request, "stalklog/recovery_status.html", {"status": "none"})
    now = timezone.now()
    req = recovery.find_by_secret(held["s"])
    status = _status_of(held, req, now)
    form = None
    if status == "ready":
        form = RecoveryPasswordForm(request.POST or None, user=req.user)
        if request.method == "POST" and form.is_valid():
            try:
                user = recovery.complete_recovery(
                    req, held["s"], form.cleaned_data["new_password1"], now
                )
            except recovery.RecoveryRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                request.stalklog_sign_in_outcome = SignInEvent.Outcome.RECOVERED
                login(request, user, backend=BACKEND)
                request.session[RECOVERED_KEY] = True
                messages.success(
                    request,
                    _(
                        "Your new password is set and every other device is signed out. "
                        "Now set up two-step sign-in again."
                    ),
                )
                response = redirect("two_step_setup")
                _forget_cookie(response)
                return response
    context = {
        "status": status,
        "code": held["c"],
        "req": req,
        "form": form,
        "wait_hours": recovery.wait_hours(),
    }
    refused = request.method == "POST" and status != "ready"
    return render(request, "stalklog/recovery_status.html", context, status=403 if refused else 200)


# Any signed-in session of hers ------------------------------------------------------------


@login_required
@require_POST
def recovery_cancel(request):
    """One click from the banner on every page: stop every request to reset her password."""
    if recovery.cancel_recovery(request.user):
        messages.success(
            request,
            _(
                "Cancelled: nobody can reset your password with that request. If you did not "
                "ask for it, someone may know your account name: tell your caseworker."
            ),
        )
    return redirect("home")


# The caseworker ---------------------------------------------------------------------------


def _check_page(request, context, status=200):
    return render(request, "stalklog/recovery_check.html", context, status=status)


@caseworker_view
@require_http_methods(["GET", "POST"])
def recovery_check(request):
    """Find a request by the code she reads out, then confirm who she is."""
    confirming = request.method == "POST" and "identity_checked_step" in request.POST
    find_form = RecoveryFindForm(None if confirming else request.POST or None)
    if request.method == "GET" or not (confirming or find_form.is_valid()):
        return _check_page(request, {"find_form": find_form})
    code = request.POST.get("code", "")
    limit = settings.STALKLOG_RECOVERY_CODE_GUESSES_PER_HOUR
    if is_account_held_back(request.user, Purpose.RECOVERY_LOOKUP, limit):
        # Nothing is looked up, so a held-back account learns nothing, right code or not.
        find_form = RecoveryFindForm(request.POST)
        find_form.is_valid()
        find_form.add_error("code", GUESSES_THROTTLED)
        return _check_page(request, {"find_form": find_form}, status=429)
    req = recovery.find_for_caseworker(request.user, code)
    if req is None:
        count_wrong_guess(request.user, Purpose.RECOVERY_LOOKUP)
        find_form = RecoveryFindForm(request.POST)
        find_form.is_valid()
        find_form.add_error(
            "code",
            _(
                "No request with that code for anyone who shares their log with you. Check the "
                "code with the person who asked; a request lapses after 7 days."
            ),
        )
        return _check_page(request, {"find_form": find_form}, status=404)
    check_form = RecoveryCheckForm(request.POST if confirming else None, initial={"code": code})
    if confirming and check_form.is_valid() and req.state == State.ASKED:
        try:
            req = recovery.confirm_identity(req, request.user)
        except recovery.RecoveryRefused as refusal:
            check_form.add_error(None, str(refusal))
    admins = list(recovery.approvers(request.user.organisation, besides=request.user))
    context = {
        "req": req,
        "check_form": check_form,
        "admins": admins,
        # One sentence names them all, so translators see the whole sentence.
        "admin_names": ", ".join(a.get_full_name() or a.get_username() for a in admins),
    }
    return _check_page(request, context)


# The service admin ------------------------------------------------------------------------


@staff_view
def staff_recovery(request):
    """Requests a caseworker of this service has checked, waiting for a second person."""
    return render(
        request,
        "stalklog/staff_recovery.html",
        {
            "requests": recovery.requests_to_approve(request.user),
            "wait_hours": recovery.wait_hours(),
        },
    )


def _decide(request, request_id, *, approve):
    """GET asks first, naming what will happen; only the POST from that page decides."""
    # Any request of this service, so one already decided (or lapsed) leads back to the
    # list; another service's ids are not found.
    req = get_object_or_404(
        RecoveryRequest.objects.filter(organisation_id=request.user.organisation_id),
        pk=request_id,
    )
    waiting = recovery.requests_to_approve(request.user).filter(pk=req.pk).first()
    if waiting is None:
        return redirect("staff_recovery")
    if request.method == "GET":
        template = "approve" if approve else "refuse"
        return render(
            request,
            f"stalklog/staff_recovery_{template}.html",
            {"req": waiting, "wait_hours": recovery.wait_hours()},
        )
    try:
        req = recovery.decide(waiting, request.user, approve=approve)
    except recovery.RecoveryRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("staff_recovery")
    if approve:
        hours = recovery.wait_hours()
        message = ngettext(
            "Approved request %(number)s. They can set a new password in their own browser "
            "after %(hours)s hour, unless they cancel it first.",
            "Approved request %(number)s. They can set a new password in their own browser "
            "after %(hours)s hours, unless they cancel it first.",
            hours,
        )
        messages.success(request, message % {"number": req.pk, "hours": hours})
    else:
        messages.success(
            request,
            _("Refused request %(number)s. It can no longer be used.") % {"number": req.pk},
        )
    return redirect("staff_recovery")


@staff_view
@require_http_methods(["GET", "POST"])
def staff_recovery_approve(request, request_id):
    return _decide(request, request_id, approve=True)


@staff_view
@require_http_methods(["GET", "POST"])
def staff_recovery_refuse(request, request_id):
    return _decide(request, request_id, approve=False)
