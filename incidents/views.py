"""Pages of the incident log: dashboard, timeline, record, read and amend incidents, people
and orders. Every view reaches log data through stalklog.access and audits what it shows."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from stalklog.access import log_view, owned, scoped

from . import selectors
from .charts import monthly_bar_chart
from .forms import AmendIncidentForm, IncidentForm, TimelineFilterForm, WitnessFormSet
from .models import AccessEvent, Behaviour, Identifier, Order, Person
from .people_forms import IdentifierFormSet, OrderForm, PersonForm
from .services import add_person, add_witnesses, record_incident

AMBIGUOUS_TIME_NOTE = (
    "The clocks went back that night, so times from 1am to 2am happened twice. It is saved "
    "as the first (British Summer Time). If it was the second, say so in what happened."
)


@log_view
@require_safe
def dashboard(request):
    summary = selectors.summary(request.log)
    chart = monthly_bar_chart(summary.by_month) if summary.by_month else ""
    return render(request, "incidents/dashboard.html", {"summary": summary, "chart": chart})


@log_view
@require_safe
def timeline(request):
    log = request.log
    names, behaviours = selectors.person_names(log), Behaviour.in_order()
    form = TimelineFilterForm(request.GET or None, behaviours=behaviours, people=names)
    page = request.GET.get("page") or 1
    result = selectors.timeline(log, form.filters(), page, names=names, behaviours=behaviours)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incidents/timeline.html",
        {"form": form, "timeline": result, "query": query.urlencode()},
    )


def _witnesses(formset):
    return [form.cleaned_data for form in formset if form.cleaned_data.get("name")]


def _save_people(form, log, user):
    people = list(form.cleaned_data["people"])
    if form.cleaned_data.get("new_person_name"):
        people.append(
            add_person(
                log,
                user,
                name=form.cleaned_data["new_person_name"],
                relationship=form.cleaned_data.get("new_person_relationship")
                or Person.Relationship.UNKNOWN,
            )
        )
    return people


@log_view
@require_http_methods(["GET", "POST"])
def incident_new(request):
    log = request.log
    form = IncidentForm(request.POST or None, log=log)
    witnesses = WitnessFormSet(request.POST or None, prefix="witness")
    if request.method == "POST" and form.is_valid() and witnesses.is_valid():
        with transaction.atomic():
            fields = form.cleaned_incident()
            fields["people"] = _save_people(form, log, request.user)
            behaviours = fields.pop("behaviours")
            people = fields.pop("people")
            incident = record_incident(
                log, request.user, behaviours=behaviours, people=people, **fields
            )
            add_witnesses(incident, _witnesses(witnesses))
        messages.success(request, f"Incident {incident.sequence_no} is saved.")
        if getattr(form, "is_ambiguous_time", False):
            messages.info(request, AMBIGUOUS_TIME_NOTE)
        return redirect("incident_detail", pk=incident.pk)
    return render(request, "incidents/incident_form.html", {"form": form, "witnesses": witnesses})


@log_view
@require_safe
def incident_detail(request, pk):
    log = request.log
    incident = selectors.incident_with_history(log, pk)
    amendments = list(incident.amendments.all())
    AccessEvent.record(log, request.user, "viewed", f"incident {incident.sequence_no}")
    return render(
        request,
        "incidents/incident_detail.html",
        {
            "incident": incident,
            "amendments": amendments,
            "original": incident.original_values(amendments),
        },
    )


@log_view
@require_http_methods(["GET", "POST"])
def incident_amend(request, pk):
    log = request.log
    incident = selectors.incident_with_history(log, pk)
    form = AmendIncidentForm(
        request.POST or None, log=log, initial=IncidentForm.initial_for(incident)
    )
    witnesses = WitnessFormSet(request.POST or None, prefix="witness")
    if request.method == "POST" and form.is_valid() and witnesses.is_valid():
        with transaction.atomic():
            changes = form.cleaned_incident()
            changes["people"] = _save_people(form, log, request.user)
            amendment = incident.amend(
                request.user, form.cleaned_data["reason"], changes, _witnesses(witnesses)
            )
        if amendment is None:
            form.add_error(None, "You have not changed anything. Change a detail, or go back.")
        else:
            messages.success(
                request, f"Your correction to incident {incident.sequence_no} is saved."
            )
            return redirect("incident_detail", pk=incident.pk)
    elif request.method == "GET":
        AccessEvent.record(log, request.user, "viewed", f"incident {incident.sequence_no}")
    return render(
        request,
        "incidents/incident_form.html",
        {"form": form, "witnesses": witnesses, "incident": incident},
    )


@log_view
@require_safe
def amendment_detail(request, pk, amendment_pk):
    log = request.log
    incident = selectors.incident_with_history(log, pk)
    amendment = next((a for a in incident.amendments.all() if a.pk == amendment_pk), None)
    if amendment is None:
        raise Http404
    AccessEvent.record(
        log, request.user, "viewed", f"incident {incident.sequence_no} amendment {amendment.pk}"
    )
    return render(
        request, "incidents/amendment_detail.html", {"incident": incident, "amendment": amendment}
    )


@log_view
@require_safe
def people(request):
    return render(request, "incidents/people.html", {"people": selectors.people(request.log)})


def _save_identifiers(formset, person, log):
    existing = {i.pk: i for i in scoped(Identifier, log).filter(person=person)}
    for form in formset:
        data = form.cleaned_data
        if not data:
            continue
        identifier = existing.get(data.get("identifier_id"))
        if identifier and (data.get("remove") or not data.get("value")):
            identifier.delete()
            continue
        if not data.get("value") or data.get("remove"):
            continue
        identifier = identifier or Identifier(log=log, person=person)
        identifier.kind, identifier.first_seen = data["kind"], data.get("first_seen")
        identifier.value = data["value"]
        identifier.save()


def _person_form(request, person=None):
    log = request.log
    initial = PersonForm.initial_for(person) if person else None
    identifiers = []
    if person:
        for identifier in scoped(Identifier, log).filter(person=person).order_by("pk"):
            identifier.log = log
            identifiers.append(
                {
                    "identifier_id": identifier.pk,
                    "kind": identifier.kind,
                    "value": identifier.value,
                    "first_seen": identifier.first_seen,
                }
            )
    form = PersonForm(request.POST or None, initial=initial)
    formset = IdentifierFormSet(request.POST or None, prefix="identifier", initial=identifiers)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        fields = {name: form.cleaned_data[name] for name in PersonForm.FIELDS}
        with transaction.atomic():
            if person is None:
                person = add_person(log, request.user, **fields)
            else:
                for name, value in fields.items():
                    setattr(person, name, value)
                person.save()
                AccessEvent.record(log, request.user, "amended", f"person {person.pk}")
            _save_identifiers(formset, person, log)
        messages.success(request, f"{person.name} is saved.")
        return redirect("person_detail", pk=person.pk)
    return render(
        request,
        "incidents/person_form.html",
        {"form": form, "identifiers": formset, "person": person},
    )


@log_view
@require_http_methods(["GET", "POST"])
def person_new(request):
    return _person_form(request)


@log_view
@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    person = owned(Person, request.log, pk=pk)
    if request.method == "GET":
        AccessEvent.record(request.log, request.user, "viewed", f"person {person.pk}")
    return _person_form(request, person)


@log_view
@require_safe
def person_detail(request, pk):
    log = request.log
    person = next((p for p in selectors.people(log) if p.pk == pk), None)
    if person is None:
        raise Http404
    result = selectors.timeline(log, {"person": person.pk}, request.GET.get("page") or 1)
    AccessEvent.record(log, request.user, "viewed", f"person {person.pk}")
    return render(request, "incidents/person_detail.html", {"person": person, "timeline": result})


@log_view
@require_safe
def orders(request):
    return render(request, "incidents/orders.html", {"orders": selectors.orders(request.log)})


def _order_form(request, order=None):
    log = request.log
    form = OrderForm(request.POST or None, initial=OrderForm.initial_for(order) if order else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            is_new = order is None
            order = order or Order(log=log)
            for name in OrderForm.FIELDS:
                setattr(order, name, form.cleaned_data[name])
            order.save()
            action = "created" if is_new else "amended"
            AccessEvent.record(log, request.user, action, f"order {order.pk}")
        messages.success(request, f"{order} is saved.")
        return redirect("orders")
    return render(request, "incidents/order_form.html", {"form": form, "order": order})


@log_view
@require_http_methods(["GET", "POST"])
def order_new(request):
    return _order_form(request)


@log_view
@require_http_methods(["GET", "POST"])
def order_edit(request, pk):
    order = owned(Order, request.log, pk=pk)
    if request.method == "GET":
        AccessEvent.record(request.log, request.user, "viewed", f"order {order.pk}")
    return _order_form(request, order)
