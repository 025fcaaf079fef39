"""A tiny URLconf for testing what log_view records about caseworker requests."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from stalklog.casefile.access import log_view


@log_view
def note(request, note_id):
    if request.POST.get("text"):
        return redirect("/")
    return HttpResponse("form with errors")


@log_view
def missing(request, note_id):
    raise Http404


urlpatterns = [
    path("note/<int:note_id>/", note, name="note"),
    path("missing/<int:note_id>/", missing, name="missing"),
    path("", include("stalklog.urls")),
]
