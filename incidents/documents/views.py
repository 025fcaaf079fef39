"""The documents page (draft statement, breach reports, impact summary) and the downloads.

Downloads are GET requests, answered with the file itself as an attachment: making one
changes nothing but the access log, which the service writes.
"""

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from incidents import selectors as incident_selectors
from incidents.models import Order
from stalklog.casefile.access import log_view, owned

from . import forms, selectors, services
from .forms import AddressForm, StatementForm


def _attachment(data: bytes, result, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=services.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{result.file_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _page(request, form, status=200):
    log = request.log
    return render(
        request,
        "documents/page.html",
        {
            "form": form,
            "incident_count": form.incident_count,
            "list_max": forms.LEAVE_OUT_LIST_MAX,
            "orders": incident_selectors.orders(log),
        },
        status=status,
    )


def _statement_form(request, data=None):
    """The statement form for the dates in the query string (if valid), with the incidents
    of those dates to tick."""
    data = data if data is not None else (request.GET or None)
    dates = StatementForm(request.GET)
    dates.is_valid()  # cleaned_data keeps the fields that are valid
    choices, count = selectors.leave_out_choices(
        request.log, dates.cleaned_data.get("date_from"), dates.cleaned_data.get("date_to")
    )
    form = StatementForm(data, incidents=choices)
    form.incident_count = count
    return form


@log_view
@require_GET
def documents(request):
    form = _statement_form(request)
    if form.is_bound:
        form.is_valid()  # show any error in the dates
    return _page(request, form)


@log_view
@require_GET
def document_statement(request):
    data = request.GET.copy()
    data.setdefault("format", "docx")  # opened bare: the whole log, in Word
    form = _statement_form(request, data)
    if not form.is_valid():
        return _page(request, form, status=400)
    out = io.BytesIO()
    fmt = form.cleaned_data["format"]
    result = services.export_statement(
        request.log, request.user, out, fmt=fmt, options=form.statement_options()
    )
    return _attachment(out.getvalue(), result, fmt)


@log_view
@require_GET
def document_breach_report(request, pk):
    order = owned(Order, request.log, pk=pk)
    form = AddressForm(request.GET)
    shows_address = form.is_valid() and form.cleaned_data["include_address"]
    out = io.BytesIO()
    result = services.export_breach_report(
        request.log, request.user, order, out, shows_address=shows_address
    )
    return _attachment(out.getvalue(), result, "pdf")


@log_view
@require_GET
def document_impact(request):
    out = io.BytesIO()
    result = services.export_impact(request.log, request.user, out)
    return _attachment(out.getvalue(), result, "docx")
