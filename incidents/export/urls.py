from django.urls import path

from incidents.export import views

urlpatterns = [
    path("export/", views.export_page, name="export"),
    path("export/bundle/", views.export_bundle, name="export_bundle"),
    path("export/<uuid:job_id>/", views.export_job, name="export_job"),
    path("export/<uuid:job_id>/status/", views.export_job_status, name="export_job_status"),
    path("export/<uuid:job_id>/download/", views.export_download, name="export_download"),
]
