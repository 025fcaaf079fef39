"""Pages of the incident log: the timeline, recording, reading and correcting incidents.
Every view reaches log data through stalklog.casefile.access and records what it shows."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_safe

from evidence.models import Evidence
from evidence.resumable import chunk_bytes
from incidents import selectors
from incidents.exhibit_forms import LinkExhibitForm
from incidents.forms import (
    AmendIncidentForm,
    IncidentForm,
    KeyIncidentForm,
    PositionForm,
    TimelineFilterForm,
    WitnessFormSet,
)
from incidents.models import Behaviour, Incident
from incidents.services import (
    correct_incident,
    describe_position,
    link_exhibit,
    mark_key_incident,
    record_incident,
    remove_position,
)
from stalklog.casefile import audit, searches
from stalklog.casefile.access import log_view, owned, search_form
from stalklog.middleware import allows_geolocation

# The reason a completion is saved with, unless she writes her own.
COMPLETING_REASON = gettext_noop("Added the details to what I logged in the moment")


# The session's name for the timeline's search (stalklog.casefile.searches).
TIMELINE_SEARCH = "timeline"


@log_view
@require_http_methods(["GET", "POST"])
@search_form
def timeline(request):
    """The incidents, searched and filtered by what the session remembers: the form POSTs
    here, and the answer is a redirect to the plain address, so no search or filter word is
    ever in a URL (browser history), even a reversed date range kept to show its error."""
    if request.method == "POST":
        if "clear" in request.POST:
            searches.forget(request, TIMELINE_SEARCH)
        else:
            typed = {name: request.POST.get(name, "") for name in TimelineFilterForm.base_fields}
            searches.remember(request, TIMELINE_SEARCH, typed)
        return redirect("timeline")
    log = request.log
    names, behaviours = selectors.person_names(log), Behaviour.in_order()
    typed = searches.recall(request, TIMELINE_SEARCH)
    form = TimelineFilterForm(typed, behaviours=behaviours, people=names)
    page = request.GET.get("page") or 1
    result = selectors.timeline(log, form.filters(), page, names=names, behaviours=behaviours)
    return render(request, "incidents/timeline.html", {"form": form, "timeline": result})


def _witnesses(formset) -> list[dict]:
    return [form.cleaned_data for form in formset if form.cleaned_data.get("name")]


@log_view
@allows_geolocation
@require_http_methods(["GET", "POST"])
def incident_new(request):
    log = request.log
    form = IncidentForm(request.POST or None, log=log)
    witnesses = WitnessFormSet(request.POST or None, prefix="witness")
    if request.method == "POST" and form.is_valid() and witnesses.is_valid():
        fields = form.cleaned_incident()
        incident = record_incident(
            log,
            request.user,
            new_person=form.new_person(),
            witnesses=_witnesses(witnesses),
            position=form.cleaned_data["position"],
            **fields,
        )
        messages.success(
            request, _("Incident %(number)s is saved.") % {"number": incident.sequence_no}
        )
        return redirect("incident_detail", pk=incident.pk)
    return render(request, "incidents/incident_form.html", {"form": form, "witnesses": witnesses})


def _incident_page(request, incident, link_form=None, status=200, position_form=None):
    log = request.log
    amendments = list(incident.amendments.all())
    if link_form is None:
        link_form = LinkExhibitForm(exhibits=selectors.exhibits_to_link(log, incident))
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "amendments": amendments,
            "original": incident.original_values(amendments),
            "exhibits": incident.exhibits.all(),
            "link_form": link_form,
            "position_form": position_form or PositionForm(),
            "chunk_bytes": chunk_bytes(),  # the camera button sends in parts too
        },
        status=status,
    )


@log_view
@require_safe
def incident_detail(request, pk):
    incident = selectors.incident_with_history(request.log, pk)
    audit.viewed(request, incident)
    return _incident_page(request, incident)


# GET (a reload, a typed URL) lands on the incident's page rather than an empty error page.
@log_view
@require_http_methods(["GET", "POST"])
def incident_key(request, pk):
    incident = owned(Incident, request.log, pk=pk)
    if request.method == "POST":
        form = KeyIncidentForm(request.POST)
        form.is_valid()
        is_key = bool(form.cleaned_data.get("is_key"))
        mark_key_incident(request.log, request.user, incident, is_key=is_key)
        if is_key:
            messages.success(
                request,
                _("Incident %(number)s is a key incident.") % {"number": incident.sequence_no},
            )
        else:
            messages.success(
                request,
                _("Incident %(number)s is no longer a key incident.")
                % {"number": incident.sequence_no},
            )
    return redirect("incident_detail", pk=incident.pk)


# GET (a reload, a typed URL) lands on the incident's page rather than an empty error page.
@log_view
@require_http_methods(["GET", "POST"])
def incident_position(request, pk):
    """Put the position saved with an incident into words, or remove it."""
    incident = owned(Incident, request.log, pk=pk)
    if request.method == "GET" or incident.position is None:
        return redirect("incident_detail", pk=incident.pk)
    form = PositionForm(request.POST)
    if not form.is_valid():
        incident = selectors.incident_with_history(request.log, pk)
        return _incident_page(request, incident, position_form=form, status=400)
    if form.cleaned_data["action"] == PositionForm.DESCRIBE:
        describe_position(incident, request.user, words=form.cleaned_data["words"])
        messages.success(request, _("Where you were is now in words, and the position is removed."))
        return redirect("incident_detail", pk=incident.pk)
    # Removing cannot be undone, so it is asked first (a page open from before still asks).
    return redirect("incident_position_remove", pk=incident.pk)


@log_view
@require_http_methods(["GET", "POST"])
def incident_position_remove(request, pk):
    """GET asks first, naming what will happen; only the POST from that page removes it."""
    incident = owned(Incident, request.log, pk=pk)
    if incident.position is None:
        return redirect("incident_detail", pk=incident.pk)
    if request.method == "GET":
        return render(request, "incidents/position_remove.html", {"incident": incident})
    remove_position(incident, request.user)
    messages.success(request, _("The position is removed from this incident."))
    return redirect("incident_detail", pk=incident.pk)


@log_view
@require_http_methods(["GET", "POST"])
def incident_exhibit_link(request, pk):
    log = request.log
    incident = owned(Incident, log, pk=pk)
    if request.method == "GET":
        return redirect("incident_detail", pk=incident.pk)
    form = LinkExhibitForm(request.POST, exhibits=selectors.exhibits_to_link(log, incident))
    if not form.is_valid():
        incident = selectors.incident_with_history(log, pk)
        return _incident_page(request, incident, form, status=400)
    evidence = owned(Evidence, log, pk=form.cleaned_data["exhibit"])
    link_exhibit(log, request.user, incident, evidence)
    messages.success(
        request,
        _("Exhibit %(ref)s is linked to incident %(number)s.")
        % {"ref": evidence.exhibit_ref, "number": incident.sequence_no},
    )
    return redirect(reverse("incident_detail", kwargs={"pk": incident.pk}) + "#evidence")


@log_view
@require_http_methods(["GET", "POST"])
def incident_amend(request, pk):
    log = request.log
    incident = selectors.incident_with_history(log, pk)
    initial = IncidentForm.initial_for(incident)
    completing = incident.to_complete
    if completing:
        initial["reason"] = _(COMPLETING_REASON)
    form = AmendIncidentForm(
        request.POST or None, log=log, initial=initial, summary=incident.summary_text
    )
    witnesses = WitnessFormSet(request.POST or None, prefix="witness")
    if request.method == "POST" and form.is_valid() and witnesses.is_valid():
        amendment = correct_incident(
            incident,
            request.user,
            reason=form.cleaned_data["reason"],
            changes=form.cleaned_incident(),
            new_person=form.new_person(),
            witnesses=_witnesses(witnesses),
        )
        if completing:
            messages.success(
                request, _("Incident %(number)s is complete.") % {"number": incident.sequence_no}
            )
            return redirect("incident_detail", pk=incident.pk)
        if amendment is None:
            form.add_error(None, _("You have not changed anything. Change a detail, or go back."))
        else:
            messages.success(
                request,
                _("Your correction to incident %(number)s is saved.")
                % {"number": incident.sequence_no},
            )
            return redirect("incident_detail", pk=incident.pk)
    elif request.method == "GET":
        audit.viewed(request, incident)
    return render(
        request,
        "incidents/incident_form.html",
        {"form": form, "witnesses": witnesses, "incident": incident},
    )


@log_view
@require_safe
def amendment_detail(request, pk, amendment_pk):
    incident = selectors.incident_with_history(request.log, pk)
    amendment = next((a for a in incident.amendments.all() if a.pk == amendment_pk), None)
    if amendment is None:
        raise Http404
    audit.viewed(request, amendment)
    return render(
        request, "incidents/amendment_detail.html", {"incident": incident, "amendment": amendment}
    )
