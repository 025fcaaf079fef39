"""Sharing pages: the victim's sharing settings and "Who has seen my log", and the
caseworker's dashboard, sharing codes, and opening and closing a shared log."""

from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from stalklog.accounts.signin_views import locked_out
from stalklog.accounts.views import ReauthLocked, reauth_valid
from stalklog.casefile import audit, sharing
from stalklog.casefile.access import (
    OPEN_SHARE_SESSION_KEY,
    caseworker_view,
    log_view,
    open_share,
    owned,
    scoped,
)
from stalklog.casefile.forms import ShareCodeForm, ShareConfirmForm
from stalklog.casefile.models import AccessEvent, Share
from stalklog.casefile.visits import visits_page
from stalklog.core.numbers import whole_number

# The victim's side ------------------------------------------------------------------------

_WRONG_CODE = _(
    "That code does not work. It may have been typed wrongly, used already, or be more than "
    "30 minutes old. Ask your caseworker for a new one."
)
_TOO_MANY = _("Too many codes did not work. Wait 15 minutes, then try again with a new code.")


def _sharing_page(request, form, status=200):
    now = timezone.now()
    shares = scoped(Share, request.log).select_related("caseworker", "organisation")
    live = [share for share in shares.live(now)]
    ended = [share for share in shares[:20] if share not in live]
    return render(
        request,
        "stalklog/sharing.html",
        {
            "form": form,
            "live_shares": live,
            "ended_shares": ended,
            # Also shown in answer to a post to the confirmation step (POST only): the
            # language link brings her back to a page a plain visit opens.
            "language_next": reverse("sharing"),
        },
        status=status,
    )


@log_view(owner_only=True)
@require_http_methods(["GET", "POST"])
def share_settings(request):
    """Who can see the log, and the form for a caseworker's sharing code (step 1 of 2)."""
    form = ShareCodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if sharing.too_many_wrong_codes(request.user):
            form.add_error(None, _TOO_MANY)
            return _sharing_page(request, form, status=429)
        share_code = sharing.find_share_code(form.cleaned_data["code"])
        if share_code is None:
            sharing.note_wrong_code(request.log, request.user)
            form.add_error("code", _WRONG_CODE)
            return _sharing_page(request, form)
        return _confirm_page(request, ShareConfirmForm(user=request.user), share_code)
    return _sharing_page(request, form)


def _confirm_page(request, form, share_code):
    """Who the code belongs to, what they could do, and the box for her password. `form`
    holds a valid code and day (in its cleaned_data or, unbound, in the request's)."""
    typed = ShareCodeForm(request.POST)
    typed.is_valid()
    return render(
        request,
        "stalklog/sharing_confirm.html",
        {
            "form": form,
            "caseworker": share_code.caseworker,
            "code": sharing.format_code(typed.cleaned_data["code"]),
            "last_day": typed.cleaned_data["last_day"],
            "language_next": reverse("sharing"),
        },
    )


@log_view(owner_only=True)
@require_POST
@sensitive_post_parameters("password")
def share_confirm(request):
    """Step 2 of 2: the victim has seen who the code belongs to and confirms with her
    password (wrong ones count as failed sign-ins do)."""
    form = ShareConfirmForm(request.POST, user=request.user)
    try:
        valid = reauth_valid(request, form)
    except ReauthLocked:
        logout(request)
        return locked_out(request)
    if not valid:
        share_code = None
        if not form.has_error("code") and not form.has_error("last_day"):
            share_code = sharing.find_share_code(form.cleaned_data["code"])
        if share_code is None:
            return _sharing_page(request, form)
        return _confirm_page(request, form, share_code)
    if sharing.too_many_wrong_codes(request.user):
        form.add_error(None, _TOO_MANY)
        return _sharing_page(request, form, status=429)
    share_code = sharing.find_share_code(form.cleaned_data["code"])
    share = None
    if share_code is not None:
        share = sharing.share_log(
            request.log, request.user, share_code, form.cleaned_data["last_day"]
        )
    if share is None:
        sharing.note_wrong_code(request.log, request.user)
        form.add_error("code", _WRONG_CODE)
        return _sharing_page(request, form)
    messages.success(
        request,
        gettext("Your log is shared with %(name)s until the end of %(day)s.")
        % {
            "name": share.caseworker.get_full_name(),
            "day": date_format(form.cleaned_data["last_day"], "j F Y"),
        },
    )
    return redirect("sharing")


# GET asks first, naming what will happen; only the POST from that page stops the share.
@log_view(owner_only=True)
@require_http_methods(["GET", "POST"])
def share_revoke(request, share_id):
    share = owned(
        Share.objects.select_related("caseworker", "organisation"), request.log, pk=share_id
    )
    if not share.is_live():
        return redirect("sharing")
    if request.method == "GET":
        return render(request, "stalklog/sharing_revoke.html", {"share": share})
    sharing.revoke_share(share, request.user)
    messages.success(
        request,
        gettext("%(name)s can no longer see your log.")
        % {"name": share.caseworker.get_full_name()},
    )
    return redirect("sharing")


@log_view(owner_only=True)
@require_safe
def access_log(request):
    """Who has seen my log: visits, newest first, in plain words, and whether the chain holds."""
    before = request.GET.get("before", "")
    page = visits_page(request.log, request.user, whole_number(before))
    problems = AccessEvent.verify_chain(request.log)
    return render(
        request,
        "stalklog/access_log.html",
        {"page": page, "visits": page.visits, "chain_problems": problems},
    )


# The caseworker's side --------------------------------------------------------------------


@caseworker_view
def caseworker_home(request, new_code=None):
    """The caseworker's dashboard: logs shared with them now, no content until opened."""
    now = timezone.now()
    shares = list(sharing.shared_with(request.user, now))
    opened = open_share(request, now)
    return render(
        request,
        "stalklog/caseworker_home.html",
        {
            "shares": shares,
            "opened": opened,
            "new_code": new_code,
            "pending_code": None if new_code else sharing.pending_code(request.user, now),
            "code_minutes": int(sharing.CODE_LIFETIME.total_seconds() // 60),
        },
    )


@caseworker_view
@require_http_methods(["GET", "POST"])
def share_code_new(request):
    """Make a one-time sharing code and show it once, on this response only.

    A new code stops the earlier one, which someone may be about to type: while one still
    works, GET asks first, and only the POST from that page (naming that code) replaces it."""
    pending = sharing.pending_code(request.user)
    if request.method == "GET":
        if pending is None:
            return redirect("home")
        return render(request, "stalklog/share_code_replace.html", {"pending": pending})
    if pending is not None and request.POST.get("replace") != str(pending.pk):
        return redirect("share_code_new")
    code = sharing.issue_share_code(request.user)
    return caseworker_home(request, new_code=code)


@caseworker_view
@require_POST
def share_open(request, share_id):
    share = get_object_or_404(Share.objects.live().filter(caseworker=request.user), pk=share_id)
    request.session[OPEN_SHARE_SESSION_KEY] = share.pk
    audit.record(share.log, request.user, "opened", share)
    return redirect("shared_log")


@caseworker_view
@require_POST
def share_close(request):
    request.session.pop(OPEN_SHARE_SESSION_KEY, None)
    return redirect("home")
