"""A service admin's page: the caseworker accounts of their own organisation.

Service admins manage accounts only; nothing here reaches a log, an incident or evidence.
"""

from django.contrib import messages
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.crypto import get_random_string
from django.views.decorators.http import require_http_methods, require_POST

from stalklog.accounts.models import User
from stalklog.casefile import sharing
from stalklog.casefile.access import staff_view
from stalklog.casefile.forms import CaseworkerForm


def initial_password() -> str:
    """A one-time password to hand over in person: about 98 bits, easy to read and type."""
    return "-".join(get_random_string(4, sharing.CODE_ALPHABET.lower()) for _ in range(5))


@transaction.atomic
def create_caseworker(form, organisation):
    """Save a new caseworker of `organisation`; returns (user, their initial password)."""
    user = form.save(commit=False)
    user.role = User.Role.CASEWORKER
    user.organisation = organisation
    password = initial_password()
    validate_password(password, user)
    user.set_password(password)
    user.save()
    return user, password


def _caseworkers_of(admin):
    return User.objects.filter(organisation=admin.organisation, role=User.Role.CASEWORKER).order_by(
        "-is_active", "last_name", "first_name", "username"
    )


@staff_view
@require_http_methods(["GET", "POST"])
def staff_caseworkers(request):
    form = CaseworkerForm(request.POST if request.method == "POST" else None)
    created = password = None
    if request.method == "POST" and form.is_valid():
        created, password = create_caseworker(form, request.user.organisation)
        form = CaseworkerForm()
    return render(
        request,
        "stalklog/staff_caseworkers.html",
        {
            "form": form,
            "caseworkers": _caseworkers_of(request.user),
            "created": created,
            "initial_password": password,
        },
    )


@transaction.atomic
def _set_active(request, user_id, active):
    caseworker = get_object_or_404(_caseworkers_of(request.user), pk=user_id)
    caseworker.is_active = active
    caseworker.save(update_fields=["is_active"])
    if not active:
        sharing.end_shares_of(caseworker)
    return caseworker


@staff_view
@require_POST
def staff_caseworker_deactivate(request, user_id):
    # An inactive user is signed out on their next request (Django's ModelBackend refuses
    # inactive users) and their shares end now.
    caseworker = _set_active(request, user_id, False)
    messages.success(request, f"{caseworker.get_full_name()} can no longer sign in.")
    return redirect("staff_caseworkers")


@staff_view
@require_POST
def staff_caseworker_reactivate(request, user_id):
    caseworker = _set_active(request, user_id, True)
    messages.success(
        request,
        f"{caseworker.get_full_name()} can sign in again. Shares that ended while they were "
        "deactivated stay ended.",
    )
    return redirect("staff_caseworkers")
