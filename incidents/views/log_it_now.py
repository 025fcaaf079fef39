"""'Log it now': the short form for the moment it happens, one tap from every page. It saves
a normal incident marked to complete; the correction form completes it later."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from incidents import selectors
from incidents.forms import LogItNowForm
from incidents.services import record_incident
from stalklog.casefile.access import log_view
from stalklog.middleware import allows_geolocation


@log_view
@allows_geolocation
@require_http_methods(["GET", "POST"])
def log_it_now(request):
    log = request.log
    form = LogItNowForm(
        request.POST or None,
        log=log,
        people=selectors.person_names(log),
        behaviours=selectors.behaviours_by_use(log),
    )
    if request.method == "POST" and form.is_valid():
        incident = record_incident(log, request.user, to_complete=True, **form.cleaned_incident())
        messages.success(
            request,
            _(
                "Saved as incident %(number)s. When you are safe, complete it: "
                "it is listed on your home page until you do."
            )
            % {"number": incident.sequence_no},
        )
        return redirect("incident_detail", pk=incident.pk)
    return render(request, "incidents/log_it_now.html", {"form": form})
