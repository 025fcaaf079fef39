"""Exhibit pages that need nothing but the evidence: the list, editing an exhibit's details,
its preview and its original. Pages that also show incidents are in incidents.views.exhibits."""

import re

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from evidence import resumable, selectors, sniff
from evidence.forms import EvidenceDetailsForm, WithdrawForm
from evidence.models import SCREENSHOT_QUESTIONS, Evidence, ResumableUpload
from evidence.services import (
    WithdrawalRefused,
    open_original,
    read_original_range,
    read_preview,
    read_thumbnail,
    update_details,
    withdraw_exhibit,
)
from evidence.suggestions import OFFERED_VALUE
from stalklog.casefile import audit, searches
from stalklog.casefile.access import chunk_endpoint, log_view, owned, search_form
from stalklog.core.downloads import stream_download
from stalklog.core.numbers import whole_number

# The session's name for the evidence list's search (stalklog.casefile.searches).
EVIDENCE_SEARCH = "evidence"
MAX_QUERY_CHARS = 200


@log_view
@require_http_methods(["GET", "POST"])
@search_form
def exhibit_list(request):
    """The exhibits, searched by the words the session remembers: the form POSTs here and
    is redirected to the plain address, so search words never go into a URL."""
    if request.method == "POST":
        query = request.POST.get("q", "").strip()[:MAX_QUERY_CHARS]
        if "clear" in request.POST or not query:
            searches.forget(request, EVIDENCE_SEARCH)
        else:
            searches.remember(request, EVIDENCE_SEARCH, {"q": query})
        return redirect("exhibit_list")
    query = (searches.recall(request, EVIDENCE_SEARCH) or {}).get("q", "")
    exhibits = selectors.exhibit_list(request.log, query)
    audit.viewed(request, "evidence list")
    return render(request, "evidence/list.html", {"exhibits": exhibits, "query": query})


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
        **{name: getattr(evidence, name) for name in SCREENSHOT_QUESTIONS},
    }
    suggested = request.GET.get("content_date", "")
    is_suggested = request.method == "GET" and bool(OFFERED_VALUE.match(suggested))
    if is_suggested:
        # Offered on the exhibit page from text read in the file: shown here to check and
        # save, never saved until she does.
        initial["content_date"] = suggested if "T" in suggested else f"{suggested}T00:00"
    data = request.POST if request.method == "POST" else None
    form = EvidenceDetailsForm(
        data, initial=initial, is_picture=evidence.is_picture, our_name=evidence.summary_name
    )
    if request.method == "POST" and form.is_valid():
        update_details(evidence, request.user, form.cleaned_data, changed=form.changed_data)
        messages.success(request, _("Exhibit %(ref)s updated.") % {"ref": evidence.exhibit_ref})
        return redirect("exhibit_detail", pk=evidence.pk)
    audit.viewed(request, evidence, "edit form")
    context = {"evidence": evidence, "form": form, "is_suggested": is_suggested}
    return render(request, "evidence/edit.html", context)


@log_view
@require_GET
def exhibit_preview(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    if not evidence.has_preview:
        raise Http404
    # Our own re-encoded JPEG (pixels only), so it is safe to show inline.
    response = HttpResponse(read_preview(evidence), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="{_safe_ref(evidence)}-preview.jpg"'
    response["Content-Security-Policy"] = FILE_POLICY
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
    response["Content-Security-Policy"] = FILE_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    audit.viewed(request, evidence, "thumbnail")
    return response


# A file he made, opened on its own: it may run nothing, load nothing, and no other site may
# frame it (X-Frame-Options says so too; frame-ancestors is the header browsers now read).
FILE_POLICY = "default-src 'none'; sandbox; frame-ancestors 'none'"


def _safe_ref(evidence) -> str:
    return evidence.exhibit_ref.replace("/", "_")


@log_view
@require_GET
def exhibit_download(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    if evidence.is_withdrawn:
        raise Http404  # its file was deleted
    extension = sniff.download_extension(evidence.detected_type)
    # Always a download of opaque bytes: the file may be crafted, so no browser may render
    # or sniff it, whatever it claims to be.
    response = stream_download(
        request,
        lambda: open_original(evidence),
        on_complete=lambda: audit.record(
            request.log, request.user, "downloaded", evidence, "original"
        ),
    )
    if response.streaming:
        response["Content-Disposition"] = (
            f'attachment; filename="{_safe_ref(evidence)}.{extension}"'
        )
        response["Content-Length"] = str(evidence.size_bytes)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = FILE_POLICY
    return response


# ASCII digits only, and no more than 18 (int() refuses past 4,300, and no file is that
# large): any other Range header is not understood, and the whole file is sent (RFC 9110).
_RANGE = re.compile(r"^bytes=([0-9]{0,18})-([0-9]{0,18})$")


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The one range asked for in a Range header, as (start, end) inclusive; None for the
    whole file (no header, several ranges, or one we do not understand)."""
    match = _RANGE.match(header.strip())
    if not match or not (match[1] or match[2]):
        return None
    if match[1]:
        start = int(match[1])
        end = min(int(match[2]), size - 1) if match[2] else size - 1
    else:  # "bytes=-500": the last 500 bytes
        start, end = max(0, size - int(match[2])), size - 1
    return start, end


@log_view
@require_GET
def exhibit_media(request, pk):
    """Sound or video played in the page: decrypted here, same-origin and access-checked
    on every request (there is no public URL), with byte ranges so the player can seek."""
    evidence = owned(Evidence, request.log, pk=pk)
    if not sniff.is_playable(evidence.detected_type) or evidence.is_withdrawn:
        raise Http404
    size = evidence.size_bytes
    asked = _byte_range(request.headers.get("Range", ""), size)
    if asked is not None and (asked[0] >= size or asked[0] > asked[1]):
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    start, end = asked or (0, size - 1)
    # As for the original's download: the first chunk is read before answering, so a file
    # store that cannot deliver gets our own error page (with the quick exit), not a bare 500
    # or a player that spins for ever.
    response = stream_download(
        request,
        lambda: read_original_range(evidence, start, end),
        on_complete=lambda: None,
        content_type=evidence.detected_type,
    )
    if not response.streaming:
        return response  # the error page; nothing was played, so no viewing is recorded
    if asked:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Content-Disposition"] = f'inline; filename="{_safe_ref(evidence)}"'
    if start == 0:
        # A player asks for many ranges while playing, and drops a range once it has enough:
        # the first range recording once its first bytes were read is the viewing.
        audit.viewed(request, evidence, "played")
    return response


@log_view
@require_http_methods(["GET", "POST"])
def exhibit_withdraw(request, pk):
    """Withdraw a wrong upload: the file is deleted, the reference and hash stay listed."""
    evidence = owned(Evidence, request.log, pk=pk)
    if evidence.is_withdrawn:
        return redirect("exhibit_detail", pk=evidence.pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            withdraw_exhibit(evidence, request.user, reason=form.cleaned_data["reason"])
        except WithdrawalRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("%(line)s. Its file was deleted.") % {"line": evidence.withdrawal_words},
            )
            return redirect("exhibit_detail", pk=evidence.pk)
    audit.viewed(request, evidence, "withdraw form")
    status = 400 if form.errors else 200
    context = {"evidence": evidence, "form": form}
    return render(request, "evidence/withdraw.html", context, status=status)


def _upload_state(upload, status=200):
    """What the page needs to send (or continue) an upload in parts."""
    return JsonResponse(
        {
            "id": upload.pk,
            "size": upload.size_bytes,
            "received": upload.received_bytes,
            "last_chunk_offset": upload.last_chunk_offset,
            "last_chunk_sha256": upload.last_chunk_sha256,
            "chunk_url": reverse("upload_chunk", args=[upload.pk]),
            "cancel_url": reverse("upload_cancel", args=[upload.pk]),
        },
        status=status,
    )


def _upload_problem(problem):
    answer = {"error": str(problem), "received": problem.received}
    return JsonResponse(answer, status=problem.status)


def _wants_json(request):
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


# The pages reached by these are the upload form's (incidents.views.exhibits.exhibit_upload);
# a GET (a reload, a typed URL) is sent there.
@log_view
@require_http_methods(["GET", "POST"])
@chunk_endpoint
def upload_start(request):
    """Begin (or continue) sending one file in parts: its name and size in the form."""
    if request.method == "GET":
        return redirect("exhibit_upload")
    try:
        size = int(request.POST.get("size", ""))
    except ValueError:
        return JsonResponse({"error": _("The page did not say how large the file is.")}, status=400)
    exclude = {whole_number(pk) for pk in request.POST.getlist("exclude")} - {None}
    try:
        upload = resumable.start_upload(
            request.log,
            request.user,
            name=request.POST.get("name", ""),
            size_bytes=size,
            exclude=exclude,
        )
    except resumable.UploadProblem as problem:
        return _upload_problem(problem)
    return _upload_state(upload)


@log_view
@require_http_methods(["GET", "POST"])
@chunk_endpoint
def upload_chunk(request, pk):
    """GET: how many bytes the server holds. POST: the chunk starting at X-Upload-Offset, as
    the raw body."""
    upload = owned(ResumableUpload, request.log, pk=pk)
    if request.method == "GET":
        return _upload_state(upload)
    # Refused before the body is read: request.body reads it whole into memory (and fails on
    # a length that is not a number, which only a crafted request sends: kept as no bytes).
    length = whole_number(request.META.get("CONTENT_LENGTH") or "0")
    if length is not None and length > resumable.MAX_CHUNK_BYTES:
        problem = resumable.UploadProblem(
            "This part of the file is too large.", status=413, received=upload.received_bytes
        )
        return _upload_problem(problem)
    try:
        offset = int(request.headers.get("X-Upload-Offset", ""))
    except ValueError:
        offset = -1
    try:
        upload = resumable.save_upload_chunk(
            request.log, upload.pk, offset=offset, data=b"" if length is None else request.body
        )
    except resumable.UploadProblem as problem:
        return _upload_problem(problem)
    return _upload_state(upload)


@log_view
@require_http_methods(["GET", "POST"])
def upload_cancel(request, pk):
    """Stop an upload in parts and delete what of it arrived."""
    upload = owned(ResumableUpload, request.log, pk=pk)
    if request.method == "GET":
        return redirect("exhibit_upload")
    name = upload.name
    resumable.cancel_upload(upload)
    if _wants_json(request):
        return JsonResponse({"cancelled": pk})
    messages.success(request, _("Cancelled %(name)s: nothing of it is kept.") % {"name": name})
    return redirect("exhibit_upload")
