from django.urls import path

from . import views

urlpatterns = [
    path("export/documents/", views.documents, name="documents"),
    path("export/documents/statement/", views.document_statement, name="document_statement"),
    path(
        "export/documents/orders/<int:pk>/breaches/",
        views.document_breach_report,
        name="document_breach_report",
    ),
    path("export/documents/impact/", views.document_impact, name="document_impact"),
]
