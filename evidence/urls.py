from django.urls import path

from evidence import views

urlpatterns = [
    path("evidence/uploads/", views.upload_start, name="upload_start"),
    path("evidence/uploads/<int:pk>/", views.upload_chunk, name="upload_chunk"),
    path("evidence/uploads/<int:pk>/cancel/", views.upload_cancel, name="upload_cancel"),
    path("evidence/", views.exhibit_list, name="exhibit_list"),
    path("evidence/<int:pk>/edit/", views.exhibit_edit, name="exhibit_edit"),
    path("evidence/<int:pk>/preview/", views.exhibit_preview, name="exhibit_preview"),
    path("evidence/<int:pk>/thumbnail/", views.exhibit_thumbnail, name="exhibit_thumbnail"),
    path("evidence/<int:pk>/media/", views.exhibit_media, name="exhibit_media"),
    path("evidence/<int:pk>/withdraw/", views.exhibit_withdraw, name="exhibit_withdraw"),
    path("evidence/<int:pk>/original/", views.exhibit_download, name="exhibit_download"),
]
