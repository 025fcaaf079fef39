from django.apps import AppConfig


class ExportConfig(AppConfig):
    """Documents made from a log (PDF timeline, ZIP bundle) and the jobs that make them."""

    name = "incidents.export"
    label = "export"
    verbose_name = "Exports"
