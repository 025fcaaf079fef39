"""Evidence pages: upload, list, one exhibit, its preview and original, its messages."""

import logging
import re

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from incidents.models import AccessEvent
from stalklog.access import log_view, owned, scoped

from . import selectors
from .conversations import messages_to_incidents
from .forms import EvidenceDetailsForm, LinkIncidentForm, MessagesToIncidentsForm, UploadForm
from .ingest import IngestedFile
from .models import Evidence, Message
from .parsers.eml import HEADERS
from .services import UploadRejected, open_original, read_preview, store_upload
from .uploads import EncryptingUploadHandler

logger = logging.getLogger(__name__)
MESSAGES_PER_PAGE = 500
# How chat exports name the media file sent with a message (iOS, then Android).
ATTACHED = re.compile(r"<attached: ([^>]+)>|^(?:\u200e)?(\S+\.\w{2,5}) \(file attached\)", re.M)
# Originals are always downloads. Active content gets a neutral extension so it cannot be
# opened in a browser by a double-click and run.
EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/heic": "heic",
    "message/rfc822": "eml",
    "text/plain": "txt",
    "application/xml": "xml",
    "application/pdf": "pdf",
    "application/zip": "zip",
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "audio/mpeg": "mp3",
    "audio/mp4": "m4a",
    "audio/ogg": "ogg",
    "audio/wav": "wav",
    "audio/amr": "amr",
}


def _audit(request, action, evidence, detail=""):
    AccessEvent.record(request.log, request.user, action, f"exhibit {evidence.exhibit_ref}", detail)


@require_GET
@log_view
def exhibit_list(request):
    exhibits = selectors.exhibit_list(request.log)
    AccessEvent.record(request.log, request.user, "viewed", "evidence list")
    return render(request, "evidence/list.html", {"exhibits": exhibits})


# The upload handler must be in place before anything reads the body, and the CSRF check
# reads it; so CSRF is checked inside, after the handler is set (Django's documented way).
@csrf_exempt
@log_view
def exhibit_upload(request):
    request.upload_handlers = [EncryptingUploadHandler(request, request.log)]
    return _exhibit_upload(request)


def _wants_json(request):
    return request.headers.get("X-Requested-With") == "XMLHttpRequest"


@csrf_protect
@require_http_methods(["GET", "POST"])
def _exhibit_upload(request):
    log = request.log
    initial = {"incident": request.GET.get("incident")} if request.GET.get("incident") else {}
    data = request.POST if request.method == "POST" else None
    form = UploadForm(data, log=log, initial=initial)
    saved, refused = [], []
    if request.method == "POST":
        uploads = request.FILES.getlist("files")
        if not uploads:
            form.add_error(None, "Choose at least one file to upload.")
        if form.is_valid() and uploads:
            fields = form.cleaned_data
            for uploaded in uploads:
                try:
                    saved.append(
                        store_upload(
                            log,
                            request.user,
                            uploaded,
                            title=fields["title"] if len(uploads) == 1 else "",
                            description=fields["description"],
                            kind=fields["kind"],
                            content_date=fields["content_date"],
                            captured_date=fields["captured_date"],
                            incidents=[fields["incident"]] if fields["incident"] else (),
                        )
                    )
                except UploadRejected as rejected:
                    refused.append(str(rejected))
                except Exception:
                    # store_upload has removed whatever it wrote; say so and keep going.
                    logger.exception("storing an upload failed")
                    refused.append(
                        f"{getattr(uploaded, 'name', 'A file')} was not saved: storing it "
                        "failed part-way, and nothing of it was kept. Try it again later."
                    )
            if saved and not refused:
                for evidence in saved:
                    messages.success(request, f"Saved as exhibit {evidence.exhibit_ref}.")
                target = (
                    reverse("exhibit_detail", args=[saved[0].pk])
                    if len(saved) == 1
                    else reverse("exhibit_list")
                )
                if _wants_json(request):
                    return JsonResponse({"redirect": target})
                return redirect(target)
        else:
            for uploaded in uploads:
                if isinstance(uploaded, IngestedFile):
                    uploaded.close()
            if uploads:
                form.add_error(
                    None,
                    "Nothing was saved yet. Correct what is marked below, then choose the "
                    "files again (browsers forget them after a failed send).",
                )
    context = {
        "form": form,
        "saved": saved,
        "refused": refused,
        "max_upload_bytes": settings.STALKLOG_MAX_UPLOAD_BYTES,
    }
    status = 400 if request.method == "POST" and not saved else 200
    return render(request, "evidence/upload.html", context, status=status)


@require_GET
@log_view
def exhibit_detail(request, pk):
    evidence = selectors.exhibit_detail(request.log, pk)
    linked = evidence.incidents.all()
    link_form = LinkIncidentForm(log=request.log, exclude=[i.pk for i in linked])
    metadata = evidence.metadata or {}
    headers = metadata.get("email", {}).get("headers", {})
    context = {
        "email_headers": [(name, headers[name]) for name in HEADERS if headers.get(name)],
        "evidence": evidence,
        "metadata": metadata,
        "linked": linked,
        "link_form": link_form,
        "can_link": link_form.fields["incident"].queryset.exists(),
        "message_count": evidence.messages.count(),
        "is_active_content": evidence.detected_type not in EXTENSIONS,
    }
    _audit(request, "viewed", evidence)
    return render(request, "evidence/detail.html", context)


@require_http_methods(["GET", "POST"])
@log_view
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
        changed = list(form.changed_data)
        for name, value in form.cleaned_data.items():
            setattr(evidence, name, value)
        evidence.save()
        _audit(request, "amended", evidence, ", ".join(changed))
        messages.success(request, f"Exhibit {evidence.exhibit_ref} updated.")
        return redirect("exhibit_detail", pk=evidence.pk)
    _audit(request, "viewed", evidence, "edit form")
    return render(request, "evidence/edit.html", {"evidence": evidence, "form": form})


# GET (a reload, a typed URL) lands on the exhibit page rather than an empty error page.
@require_http_methods(["GET", "POST"])
@log_view
def exhibit_link(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    if request.method == "GET":
        return redirect("exhibit_detail", pk=evidence.pk)
    form = LinkIncidentForm(request.POST, log=request.log)
    if form.is_valid():
        incident = form.cleaned_data["incident"]
        evidence.incidents.add(incident)
        _audit(request, "linked", evidence, f"incident {incident.sequence_no}")
        messages.success(request, f"Linked to incident {incident.sequence_no}.")
    else:
        messages.error(request, "Choose an incident from the list to link this exhibit to.")
    return redirect("exhibit_detail", pk=evidence.pk)


@require_http_methods(["GET", "POST"])
@log_view
def exhibit_unlink(request, pk, incident_pk):
    evidence = owned(Evidence, request.log, pk=pk)
    incident = owned(evidence.incidents.all(), request.log, pk=incident_pk)
    if request.method == "GET":
        return redirect("exhibit_detail", pk=evidence.pk)
    evidence.incidents.remove(incident)
    _audit(request, "unlinked", evidence, f"incident {incident.sequence_no}")
    messages.success(request, f"No longer linked to incident {incident.sequence_no}.")
    return redirect("exhibit_detail", pk=evidence.pk)


@require_GET
@log_view
def exhibit_preview(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    if not evidence.has_preview:
        raise Http404
    # Our own re-encoded JPEG (pixels only), so it is safe to show inline.
    response = HttpResponse(read_preview(evidence), content_type="image/jpeg")
    response["Content-Disposition"] = f'inline; filename="{_safe_ref(evidence)}-preview.jpg"'
    response["X-Content-Type-Options"] = "nosniff"
    _audit(request, "viewed", evidence, "preview")
    return response


def _safe_ref(evidence) -> str:
    return evidence.exhibit_ref.replace("/", "_")


@require_GET
@log_view
def exhibit_download(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    extension = EXTENSIONS.get(evidence.detected_type, "bin")
    # Always a download of opaque bytes: the file may be crafted, so no browser may render
    # or sniff it, whatever it claims to be.
    response = StreamingHttpResponse(
        open_original(evidence), content_type="application/octet-stream"
    )
    response["Content-Disposition"] = f'attachment; filename="{_safe_ref(evidence)}.{extension}"'
    response["Content-Length"] = str(evidence.size_bytes)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    _audit(request, "downloaded", evidence, "original")
    return response


@require_http_methods(["GET", "POST"])
@log_view
def exhibit_messages(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    all_messages = list(scoped(Message, request.log).filter(evidence=evidence))
    media = {}
    for child in scoped(Evidence, request.log).filter(parent=evidence):
        child.log = request.log
        media[child.original_name] = child
    for message in all_messages:
        message.log = request.log
        named = ATTACHED.search(message.text)
        name = (named.group(1) or named.group(2)).strip() if named else ""
        message.attachment = media.get(name)
    senders = sorted({m.sender for m in all_messages})
    sender = request.GET.get("sender", "")
    shown = [m for m in all_messages if m.sender == sender] if sender in senders else all_messages
    data = request.POST if request.method == "POST" else None
    form = MessagesToIncidentsForm(data, messages=all_messages)
    if request.method == "POST" and form.is_valid():
        chosen = [m for m in all_messages if m.pk in set(form.cleaned_data["message"])]
        undated = [m for m in chosen if m.sent_at is None]
        if undated:
            form.add_error("message", "Some ticked messages have no date; untick them.")
        else:
            created = messages_to_incidents(
                request.log, request.user, evidence, chosen, form.cleaned_data["behaviours"]
            )
            numbers = ", ".join(str(incident.sequence_no) for incident in created)
            messages.success(
                request, f"Created incident{'s' if len(created) > 1 else ''} {numbers}."
            )
            return redirect("exhibit_messages", pk=evidence.pk)
    page = Paginator(shown, MESSAGES_PER_PAGE).get_page(request.GET.get("page"))
    _audit(request, "viewed", evidence, "messages")
    context = {
        "evidence": evidence,
        "page": page,
        "senders": senders,
        "sender": sender if sender in senders else "",
        "form": form,
        "ticked": {int(v) for v in form["message"].value() or [] if str(v).isdigit()},
    }
    return render(request, "evidence/messages.html", context, status=400 if form.errors else 200)
