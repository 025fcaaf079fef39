from django.apps import AppConfig
from django.db.models.signals import post_save


class ExportConfig(AppConfig):
    """Documents made from a log (PDF timeline, ZIP bundle) and the jobs that make them."""

    name = "incidents.export"
    label = "export"
    verbose_name = "Exports"

    def ready(self):
        """Lay the export out in the background after anything it shows is saved."""
        from evidence.models import Evidence
        from incidents.export.warm import warm_after_save
        from incidents.models import Amendment, Identifier, Incident, Order, Person, Witness

        for model in (Incident, Amendment, Witness, Person, Identifier, Order, Evidence):
            post_save.connect(
                warm_after_save, sender=model, dispatch_uid=f"warm_export_{model.__name__}"
            )
        # The hash of the code this process runs, taken now: a deploy that replaces the
        # files under a running process must not give the old code the new code's hash.
        from incidents.export.fingerprint import code_version

        code_version()
