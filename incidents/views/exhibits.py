"""Exhibit pages that tie evidence to incidents: uploading (onto an incident), an exhibit's
page with the incidents it shows, linking and unlinking, and turning its messages into
incidents. The exhibit-only pages (list, edit, preview, original) are in evidence.views."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from evidence import resumable, sniff
from evidence import selectors as evidence_selectors
from evidence.media import describe_duration, recorded_at
from evidence.models import Evidence
from evidence.parsers.eml import HEADERS
from evidence.selectors import looks_like_text
from evidence.suggestions import offered_dates, offered_name_date
from evidence.uploads import EncryptingUploadHandler, discard_uploads
from incidents import selectors
from incidents.calls import BURST_GAP, calls_to_incidents
from incidents.conversations import messages_to_incidents
from incidents.exhibit_forms import (
    CallsToIncidentsForm,
    ExhibitUploadForm,
    LinkIncidentForm,
    MessagesToIncidentsForm,
)
from incidents.services import add_evidence, link_exhibit, unlink_exhibit
from stalklog.casefile import audit, searches
from stalklog.casefile.access import log_view, owned, search_form
from stalklog.core.numbers import whole_number

MESSAGES_PER_PAGE = 500
CALLS_PER_PAGE = 500
# The sender filter's choice for messages with no sender: a control character no name in an
# export holds (parsers keep a name's printable text), unlike "Unknown" or "?".
UNKNOWN_SENDER = "\x1f"
# And for her own messages (outgoing, stored with no sender): another such character.
MY_MESSAGES = "\x1e"
# Between a sender's name and their chat's in a choice's value (Message.chat).
IN_CHAT = "\x1d"


def _sender_key(message) -> str:
    """The filter's value for a message: its sender's name, or a mark for her own or none."""
    if message.sender:
        # Jo in one chat and Jo in another are two choices, as the page names them.
        return f"{message.sender}{IN_CHAT}{message.chat}" if message.chat else message.sender
    return MY_MESSAGES if message.outgoing else UNKNOWN_SENDER


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
    form = ExhibitUploadForm(data, log=log, initial=initial)
    saved, refused = [], []
    if request.method == "POST":
        # Files sent in this request, and files the page already sent in parts.
        uploads = request.FILES.getlist("files")
        if not uploads and not request.POST.getlist("upload"):
            form.add_error(None, _("Choose at least one file to upload."))
        if form.is_valid():
            details = form.upload_details()
            uploads = [*uploads, *details.pop("upload")]
            saved, refused = add_evidence(log, request.user, uploads, **details)
            if saved and not refused:
                for evidence in saved:
                    messages.success(
                        request, _("Saved as exhibit %(ref)s.") % {"ref": evidence.exhibit_ref}
                    )
                    if alike := looks_like_text(evidence):
                        messages.warning(request, alike)
                target = (
                    reverse("exhibit_detail", args=[saved[0].pk])
                    if len(saved) == 1
                    else reverse("exhibit_list")
                )
                if _wants_json(request):
                    return JsonResponse({"redirect": target})
                return redirect(target)
            # What was typed stays; the files sent in parts are used up (saved or refused).
            typed = request.POST.copy()
            typed.setlist("upload", [])
            form = ExhibitUploadForm(typed, log=log)
        else:
            discard_uploads(uploads)
            if uploads:
                form.add_error(
                    None,
                    "Nothing was saved yet. Correct what is marked below, then choose the "
                    "files again (browsers forget them after a failed send).",
                )
            elif request.POST.getlist("upload"):
                form.add_error(
                    None,
                    "Nothing was saved yet. Your files have arrived and are kept: correct "
                    "what is marked below and press Upload again.",
                )
    # Files sent in parts that the form still names (to send again once corrected) are not
    # listed as unfinished.
    waiting = set(form.data.getlist("upload")) if form.is_bound else set()
    context = {
        "form": form,
        "saved": saved,
        "refused": refused,
        "max_upload_bytes": settings.STALKLOG_MAX_UPLOAD_BYTES,
        "chunk_bytes": resumable.chunk_bytes(),
        "keep_hours": settings.STALKLOG_UNFINISHED_UPLOAD_HOURS,
        "unfinished": [
            upload for upload in resumable.unfinished_uploads(log) if str(upload.pk) not in waiting
        ],
    }
    status = 400 if request.method == "POST" and not saved else 200
    return render(request, "evidence/upload.html", context, status=status)


@log_view
@require_GET
def exhibit_detail(request, pk):
    evidence = selectors.exhibit_with_incidents(request.log, pk)
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
        "is_active_content": sniff.is_active(evidence.detected_type),
        "type_label": sniff.by_mime(evidence.detected_type).label,
        "is_playable": sniff.is_playable(evidence.detected_type),
        "suggested_dates": offered_dates(metadata),
        "name_date": offered_name_date(evidence),
        "looks_like": looks_like_text(evidence),
        "media_length": describe_duration((metadata.get("media") or {}).get("duration_seconds")),
        "media_recorded": recorded_at(metadata),
    }
    audit.viewed(request, evidence)
    return render(request, "evidence/detail.html", context)


# GET (a reload, a typed URL) lands on the exhibit page rather than an empty error page.
@log_view
@require_http_methods(["GET", "POST"])
def exhibit_link(request, pk):
    evidence = owned(Evidence, request.log, pk=pk)
    if request.method == "GET":
        return redirect("exhibit_detail", pk=evidence.pk)
    form = LinkIncidentForm(request.POST, log=request.log)
    if form.is_valid():
        incident = form.cleaned_data["incident"]
        link_exhibit(request.log, request.user, incident, evidence)
        messages.success(
            request, _("Linked to incident %(number)s.") % {"number": incident.sequence_no}
        )
    else:
        messages.error(request, _("Choose an incident from the list to link this exhibit to."))
    return redirect("exhibit_detail", pk=evidence.pk)


@log_view
@require_http_methods(["GET", "POST"])
def exhibit_unlink(request, pk, incident_pk):
    evidence = owned(Evidence, request.log, pk=pk)
    incident = owned(evidence.incidents.all(), request.log, pk=incident_pk)
    if request.method == "GET":
        # Asks first, naming what will happen; only the POST from that page unlinks.
        return render(request, "evidence/unlink.html", {"evidence": evidence, "incident": incident})
    unlink_exhibit(request.log, request.user, incident, evidence)
    messages.success(
        request, _("No longer linked to incident %(number)s.") % {"number": incident.sequence_no}
    )
    return redirect("exhibit_detail", pk=evidence.pk)


def _shows_sender(request) -> bool:
    return "show_sender" in request.POST


@log_view
@require_http_methods(["GET", "POST"])
@search_form(when=_shows_sender)
def exhibit_messages(request, pk):
    """An exhibit's messages, shown from one sender if she chose (kept in the session, not
    the address: a name in the browser history says who she is collecting messages from),
    and turning ticked messages into incidents."""
    evidence = owned(Evidence, request.log, pk=pk)
    shown_from = f"messages-{evidence.pk}"  # the session's name for this page's choice
    if request.method == "POST" and _shows_sender(request):
        searches.remember(request, shown_from, {"sender": request.POST.get("sender", "")})
        return redirect("exhibit_messages", pk=evidence.pk)
    all_messages = selectors.messages_of(request.log, evidence)
    senders = {_sender_key(m) for m in all_messages}
    sender = (searches.recall(request, shown_from) or {}).get("sender", "")
    # A message with no sender stores none (the page says "Me" or "Unknown sender" in the
    # reader's language); its choice is a value no export's name is, since "" means everyone.
    if sender in senders:
        shown = [m for m in all_messages if _sender_key(m) == sender]
    else:
        sender, shown = "", all_messages
    data = request.POST if request.method == "POST" else None
    form = MessagesToIncidentsForm(data, messages=all_messages)
    if request.method == "POST" and form.is_valid():
        chosen = [m for m in all_messages if m.pk in set(form.cleaned_data["message"])]
        if any(m.sent_at is None for m in chosen):
            form.add_error("message", _("Some ticked messages have no date; untick them."))
        else:
            created = messages_to_incidents(
                request.log, request.user, evidence, chosen, form.cleaned_data["behaviours"]
            )
            messages.success(request, _("Created %(incidents)s.") % _incidents(created))
            return redirect("exhibit_messages", pk=evidence.pk)
    page = Paginator(shown, MESSAGES_PER_PAGE).get_page(request.GET.get("page"))
    audit.viewed(request, evidence, "messages")
    context = {
        "evidence": evidence,
        "page": page,
        "senders": sorted(
            {_sender_key(m): m.shown_sender for m in all_messages if m.sender}.items(),
            key=lambda choice: choice[1],
        ),
        "has_my_messages": MY_MESSAGES in senders,
        "my_messages": MY_MESSAGES,
        "has_unknown_sender": UNKNOWN_SENDER in senders,
        "unknown_sender": UNKNOWN_SENDER,
        "sender": sender,
        "form": form,
        "ticked": {whole_number(v) for v in form["message"].value() or []} - {None},
    }
    return render(request, "evidence/messages.html", context, status=400 if form.errors else 200)


def _incidents(incidents) -> dict:
    """{"incidents": "incident 4" or "incidents 4, 5"}, for the messages below."""
    numbers = ", ".join(str(incident.sequence_no) for incident in incidents)
    text = ngettext("incident %(numbers)s", "incidents %(numbers)s", len(incidents))
    return {"incidents": text % {"numbers": numbers}}


def _bursts_made_messages(outcome):
    if outcome.created:
        yield messages.SUCCESS, _("Created %(incidents)s.") % _incidents(outcome.created)
    if outcome.already:
        if outcome.created:
            text = _(
                "Some of these calls were already turned into incidents (%(incidents)s), so "
                "they were not made again."
            )
        else:
            text = _(
                "These calls were already turned into incidents (%(incidents)s), so they were "
                "not made again."
            )
        level = messages.INFO if outcome.created else messages.WARNING
        yield level, text % _incidents(outcome.already)
    if not outcome.created and not outcome.already:
        yield messages.WARNING, _("No dated calls from those numbers, so nothing was made.")


@log_view
@require_http_methods(["GET", "POST"])
def exhibit_calls(request, pk):
    """A call log's calls, and turning the calls from chosen numbers into incidents."""
    evidence = owned(Evidence, request.log, pk=pk)
    summary = (evidence.metadata or {}).get("calls") or {}
    numbers = summary.get("numbers", [])
    data = request.POST if request.method == "POST" else None
    form = CallsToIncidentsForm(data, numbers=numbers)
    if request.method == "POST" and form.is_valid():
        outcome = calls_to_incidents(
            request.log,
            request.user,
            evidence,
            form.cleaned_data["number"],
            form.cleaned_data["behaviours"],
        )
        for level, text in _bursts_made_messages(outcome):
            messages.add_message(request, level, text)
        return redirect("exhibit_calls", pk=evidence.pk)
    page = Paginator(evidence_selectors.calls_of(request.log, evidence), CALLS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for call in page.object_list:
        call.log = request.log
    audit.viewed(request, evidence, "calls")
    context = {
        "evidence": evidence,
        "summary": summary,
        "page": page,
        "form": form,
        "burst_minutes": int(BURST_GAP.total_seconds() // 60),
    }
    return render(request, "evidence/calls.html", context, status=400 if form.errors else 200)
