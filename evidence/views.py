"""Exhibit pages that need nothing but the evidence: the list, editing an exhibit's details,
its preview and its original. Pages that also show incidents are in incidents.views.exhibits."""

from django.contrib import messages
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from evidence import selectors, sniff
from evidence.forms import EvidenceDetailsForm
from evidence.models import Evidence
from evidence.services import open_original, read_preview, read_thumbnail, update_details
from stalklog.casefile import audit
from stalklog.casefile.access import log_view, owned


@log_view
@require_GET
def exhibit_list(request):
    exhibits = selectors.exhibit_list(request.log)
    audit.viewed(request, "evidence list")
    return render(request, "evidence/list.html", {"exhibits": exhibits})


@log_view
@require_http_methods(["GET", "POST"])
def exhibit_edit(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    initial = {
        "title": evidence.title,
        "description": evidence.description,
        "kind": evidence.kind,
        "content_date": evidence.content_date,
        "captured_date": evidence.captured_date,
    }
    data = request.POST if request.method == "POST" else None
    form = EvidenceDetailsForm(data, initial=initial)
    if request.method == "POST" and form.is_valid():
        update_details(evidence, request.user, form.cleaned_data, changed=form.changed_data)
        messages.success(request, f"Exhibit {evidence.exhibit_ref} updated.")
        return redirect("exhibit_detail", pk=evidence.pk)
    audit.viewed(request, evidence, "edit form")
    return render(request, "evidence/edit.html", {"evidence": evidence, "form": form})


@log_view
@require_GET
def exhibit_preview(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    if not evidence.has_preview:
        raise Http404
    # Our own re-encoded JPEG (pixels only), so it is safe to show inline.
    response = HttpResponse(read_preview(evidence), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="{_safe_ref(evidence)}-preview.jpg"'
    response["X-Content-Type-Options"] = "nosniff"
    audit.viewed(request, evidence, "preview")
    return response


@require_GET
@log_view
def exhibit_thumbnail(request, pk):
    """The small stripped copy that lists of exhibits show (an incident's page)."""
    evidence = owned(Evidence, request.log, pk=pk)
    if not evidence.thumbnail_blob:
        raise Http404
    response = HttpResponse(read_thumbnail(evidence), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="{_safe_ref(evidence)}-small.jpg"'
    response["X-Content-Type-Options"] = "nosniff"
    audit.viewed(request, evidence, "thumbnail")
    return response


def _safe_ref(evidence) -> str:
    return evidence.exhibit_ref.replace("/", "_")


@log_view
@require_GET
def exhibit_download(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    extension = sniff.download_extension(evidence.detected_type)
    # Always a download of opaque bytes: the file may be crafted, so no browser may render
    # or sniff it, whatever it claims to be.
    response = StreamingHttpResponse(
        open_original(evidence), content_type="application/octet-stream"
    )
    response["Content-Disposition"] = f'attachment; filename="{_safe_ref(evidence)}.{extension}"'
    response["Content-Length"] = str(evidence.size_bytes)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    audit.record(request.log, request.user, "downloaded", evidence, "original")
    return response
