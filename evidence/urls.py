from django.urls import path

from . import views

urlpatterns = [
    path("evidence/", views.exhibit_list, name="exhibit_list"),
    path("evidence/upload/", views.exhibit_upload, name="exhibit_upload"),
    path("evidence/<int:pk>/", views.exhibit_detail, name="exhibit_detail"),
    path("evidence/<int:pk>/edit/", views.exhibit_edit, name="exhibit_edit"),
    path("evidence/<int:pk>/link/", views.exhibit_link, name="exhibit_link"),
    path(
        "evidence/<int:pk>/unlink/<int:incident_pk>/",
        views.exhibit_unlink,
        name="exhibit_unlink",
    ),
    path("evidence/<int:pk>/preview/", views.exhibit_preview, name="exhibit_preview"),
    path("evidence/<int:pk>/original/", views.exhibit_download, name="exhibit_download"),
    path("evidence/<int:pk>/messages/", views.exhibit_messages, name="exhibit_messages"),
]
