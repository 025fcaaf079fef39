"""The people in a log (with their identifiers) and the orders that protect her."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from incidents import selectors
from incidents.models import Order, Person
from incidents.people_forms import IdentifierFormSet, OrderForm, PersonForm
from incidents.services import save_order, save_person
from stalklog.casefile import audit
from stalklog.casefile.access import log_view, owned


@log_view
@require_safe
def people(request):
    return render(request, "incidents/people.html", {"people": selectors.people(request.log)})


def _person_form(request, person=None):
    log = request.log
    initial = PersonForm.initial_for(person) if person else None
    identifiers = selectors.identifier_rows(log, person) if person else []
    form = PersonForm(request.POST or None, initial=initial)
    formset = IdentifierFormSet(request.POST or None, prefix="identifier", initial=identifiers)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        person = save_person(
            log,
            request.user,
            person,
            identifiers=[f.cleaned_data for f in formset if f.cleaned_data],
            **{name: form.cleaned_data[name] for name in PersonForm.FIELDS},
        )
        messages.success(request, _("%(name)s is saved.") % {"name": person.name})
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
        audit.viewed(request, person)
    return _person_form(request, person)


@log_view
@require_safe
def person_detail(request, pk):
    log = request.log
    person = next((p for p in selectors.people(log) if p.pk == pk), None)
    if person is None:
        raise Http404
    result = selectors.timeline(log, {"person": person.pk}, request.GET.get("page") or 1)
    audit.viewed(request, person)
    return render(request, "incidents/person_detail.html", {"person": person, "timeline": result})


@log_view
@require_safe
def orders(request):
    return render(request, "incidents/orders.html", {"orders": selectors.orders(request.log)})


def _order_form(request, order=None):
    form = OrderForm(request.POST or None, initial=OrderForm.initial_for(order) if order else None)
    if request.method == "POST" and form.is_valid():
        order = save_order(
            request.log,
            request.user,
            order,
            **{name: form.cleaned_data[name] for name in OrderForm.FIELDS},
        )
        messages.success(request, _("%(order)s is saved.") % {"order": order})
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
        audit.viewed(request, order)
    return _order_form(request, order)
