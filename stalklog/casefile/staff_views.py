"""A service admin's page: the caseworker accounts of their own organisation.

Service admins manage accounts only; nothing here reaches a log, an incident or evidence.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from stalklog.casefile import staff
from stalklog.casefile.access import staff_view
from stalklog.casefile.forms import CaseworkerForm


@staff_view
@require_http_methods(["GET", "POST"])
def staff_caseworkers(request):
    form = CaseworkerForm(request.POST if request.method == "POST" else None)
    created = password = refusal = None
    status = 200
    if request.method == "POST" and staff.is_held_back(request.user):
        # Nothing typed is looked at, so a probe held back learns nothing.
        refusal, status = NAMES_HELD_BACK, 429
        form = CaseworkerForm(initial=request.POST.dict())
    elif request.method == "POST" and form.is_valid():
        created, password = staff.create_caseworker(form, request.user)
        if created is not None:
            form = CaseworkerForm()
    return render(
        request,
        "stalklog/staff_caseworkers.html",
        {
            "form": form,
            "refusal": refusal,
            "caseworkers": staff.caseworkers_of(request.user),
            "created": created,
            "initial_password": password,
        },
        status=status,
    )


NAMES_HELD_BACK = gettext_lazy(
    "Too many usernames could not be used in the last hour. Wait an hour, then add the "
    "caseworker again."
)


# GET asks first, naming what will happen; only the POST from that page closes the account.
@staff_view
@require_http_methods(["GET", "POST"])
def staff_caseworker_deactivate(request, user_id):
    # Closing signs the caseworker out everywhere and ends their shares, now.
    caseworker = get_object_or_404(staff.caseworkers_of(request.user), pk=user_id)
    if not caseworker.is_active:
        return redirect("staff_caseworkers")
    if request.method == "GET":
        return render(request, "stalklog/staff_caseworker_close.html", {"caseworker": caseworker})
    staff.set_caseworker_active(caseworker, False)
    messages.success(
        request, _("%(name)s can no longer sign in.") % {"name": caseworker.get_full_name()}
    )
    return redirect("staff_caseworkers")


@staff_view
@require_POST
def staff_caseworker_reactivate(request, user_id):
    caseworker = get_object_or_404(staff.caseworkers_of(request.user), pk=user_id)
    staff.set_caseworker_active(caseworker, True)
    messages.success(
        request,
        _("%(name)s can sign in again. Shares that ended while they were deactivated stay ended.")
        % {"name": caseworker.get_full_name()},
    )
    return redirect("staff_caseworkers")
