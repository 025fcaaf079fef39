"""The documents page (draft statement, breach reports, impact summary) and the downloads.

Downloads are GET requests, answered with the file itself as an attachment: making one
changes nothing but the access log, which the service writes. The statement's choices (dates,
incidents left out) are POSTed and kept in the session (casefile.searches), then the plain
address is asked for: in a query string they would stay in the browser history.
"""

import io

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from incidents import selectors as incident_selectors
from incidents.models import Order
from stalklog.casefile import searches
from stalklog.casefile.access import log_view, owned, search_form

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


# The statement form's choices, kept per log in the session (casefile.searches).
SEARCH_PAGE = "documents"
STATEMENT_FIELDS = ("date_from", "date_to", "format", "include_address", "leave_out")


def _remember_choice(request):
    typed = {name: request.POST.get(name, "") for name in STATEMENT_FIELDS}
    typed["leave_out"] = request.POST.getlist("leave_out")
    searches.remember(request, SEARCH_PAGE, typed, lists=("leave_out",))


def _statement_form(request, data):
    """The statement form for `data` (the choice kept in the session, or None), with the
    incidents of its dates (if valid) to tick."""
    dates = StatementForm(data or {})
    dates.is_valid()  # cleaned_data keeps the fields that are valid
    choices, count = selectors.leave_out_choices(
        request.log, dates.cleaned_data.get("date_from"), dates.cleaned_data.get("date_to")
    )
    form = StatementForm(data, incidents=choices)
    form.incident_count = count
    return form


@log_view
@require_http_methods(["GET", "POST"])
@search_form
def documents(request):
    """POST ("Show the incidents in these dates"): keep the choice, show it at the plain
    address."""
    if request.method == "POST":
        _remember_choice(request)
        return redirect("documents")
    form = _statement_form(request, searches.recall(request, SEARCH_PAGE))
    if form.is_bound:
        form.is_valid()  # show any error in the dates
    return _page(request, form)


@log_view
@require_http_methods(["GET", "POST"])
@search_form
def document_statement(request):
    """POST: keep the choice and, if it is valid, download it from the plain address (GET,
    which makes the statement of the choice kept; opened bare: the whole log, in Word)."""
    if request.method == "POST":
        _remember_choice(request)
        form = _statement_form(request, request.POST)
        if not form.is_valid():
            return _page(request, form, status=400)
        return redirect("document_statement")
    data = dict(searches.recall(request, SEARCH_PAGE) or {})
    data.setdefault("format", "docx")
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
