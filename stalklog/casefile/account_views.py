"""Account pages that reach into the case file: deleting an account (a crypto-shred of its
log), scheduled first, and the page of an account waiting to be deleted."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from stalklog.accounts.forms import DeleteAccountForm
from stalklog.accounts.signin_views import RECOVERED_KEY
from stalklog.accounts.twostep import totp_device
from stalklog.accounts.views import check_totp_code, reauth_valid, reauth_view
from stalklog.casefile.shredding import (
    cancel_deletion,
    delete_account,
    is_deletion_scheduled_for,
    schedule_deletion,
)

EXPORT_URL_NAMES = ["export_bundle", "export"]


def _export_url():
    for name in EXPORT_URL_NAMES:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


@reauth_view
@require_http_methods(["GET", "POST"])
def account_delete(request):
    user = request.user
    needs_code = totp_device(user) is not None
    has_log = hasattr(user, "log")
    can_wait = has_log and settings.STALKLOG_DELETION_GRACE_DAYS > 0
    form = DeleteAccountForm(
        request.POST or None, user=user, needs_code=needs_code, can_wait=can_wait
    )
    if (
        request.method == "POST"
        and reauth_valid(request, form)
        and (not needs_code or check_totp_code(form, user))
    ):
        if form.cleaned_data.get("delete_now"):
            delete_account(user)
            due = None
        else:
            due = schedule_deletion(user)  # None: deleted now (no waiting time, or no log)
        # The account (or every session) is gone; drop this one without a sign-out event.
        request.session.flush()
        request.user = AnonymousUser()
        template = "stalklog/account_deleted.html"
        if due is not None:
            template = "stalklog/account_deletion_scheduled.html"
        response = render(request, template, {"due": due, "has_two_step": needs_code})
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response
    return render(
        request,
        "stalklog/account_delete.html",
        {
            "form": form,
            "export_url": _export_url(),
            "has_log": has_log,
            "has_two_step": needs_code,
            "grace_days": settings.STALKLOG_DELETION_GRACE_DAYS if can_wait else 0,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def deletion_pending(request):
    """The one page of an account waiting to be deleted: when, and how to keep it. Only a
    session that used two-step sign-in or a recovery may cancel: the password alone may be
    what the person who asked for the deletion knew."""
    user = request.user
    if not is_deletion_scheduled_for(user):
        return redirect("account")
    can_cancel = bool(user.is_verified() or request.session.get(RECOVERED_KEY))
    if request.method == "POST" and can_cancel:
        cancel_deletion(user)
        messages.success(request, _("Your account will not be deleted. Everything is as it was."))
        return redirect("home")
    context = {
        "due": user.log.deletion_due_at,
        "can_cancel": can_cancel,
        "has_two_step": totp_device(user) is not None,
    }
    return render(
        request,
        "stalklog/deletion_pending.html",
        context,
        status=403 if request.method == "POST" else 200,
    )
