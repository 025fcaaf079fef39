"""Recording a voice note, or what he is saying, onto an incident: the recorder page (the only
page allowed the microphone), each chunk as it is recorded, and Stop."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from incidents import recordings
from incidents.models import Incident
from stalklog.casefile import audit
from stalklog.casefile.access import chunk_endpoint, log_view, owned
from stalklog.core.numbers import whole_number
from stalklog.middleware import allows_microphone


@log_view
@allows_microphone
@require_safe
def record_voice(request, pk):
    incident = owned(Incident, request.log, pk=pk)
    kept = recordings.store_abandoned_recordings(request.log, request.user)
    audit.viewed(request, incident, "voice recorder")
    return render(
        request,
        "incidents/record_voice.html",
        {
            "incident": incident,
            "kept": kept,
            "chunk_seconds": recordings.CHUNK_SECONDS,
            "max_seconds": recordings.MAX_SECONDS,
            "min_seconds": recordings.MIN_SECONDS,
        },
    )


def _problem(message, status=400):
    return JsonResponse({"error": message}, status=status)


@log_view
@require_http_methods(["GET", "POST"])
@chunk_endpoint
def record_chunk(request, pk):
    """One chunk: the raw bytes as the body, the recording and the chunk's place in headers."""
    incident = owned(Incident, request.log, pk=pk)
    if request.method == "GET":  # not a page: send a lost visitor on to the recorder
        return redirect("record_voice", pk=incident.pk)
    length = whole_number(request.META.get("CONTENT_LENGTH") or "0")
    if length is None:  # not a number: only a crafted request sends that (request.body fails)
        return _problem(_("This part of the recording is empty or too large."))
    if length > recordings.MAX_CHUNK_BYTES:
        return _problem(_("This part of the recording is too large."), status=413)
    try:
        index = int(request.headers.get("X-Chunk-Index", ""))
    except ValueError:
        return _problem(_("This part of the recording is out of order."))
    try:
        recordings.save_recording_chunk(
            request.log, incident, request.headers.get("X-Recording", ""), index, request.body
        )
    except recordings.RecordingProblem as problem:
        return _problem(str(problem))
    return JsonResponse({"kept": index})


@log_view
@require_http_methods(["GET", "POST"])
def record_finish(request, pk):
    incident = owned(Incident, request.log, pk=pk)
    if request.method == "GET":
        return redirect("record_voice", pk=incident.pk)
    try:
        seconds = int(request.POST["seconds"]) if request.POST.get("seconds") else None
    except ValueError:
        seconds = None
    try:
        evidence = recordings.finish_recording(
            request.log,
            request.user,
            incident,
            request.POST.get("recording", ""),
            seconds=seconds,
            is_abandoned=request.POST.get("left") == "1",
        )
    except recordings.RecordingProblem as problem:
        return _problem(str(problem))
    messages.success(
        request, _("Your recording is saved as exhibit %(ref)s.") % {"ref": evidence.exhibit_ref}
    )
    return JsonResponse({"redirect": reverse("exhibit_detail", args=[evidence.pk])})
