from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


def _forget_behaviours(sender, **kwargs):
    # No `sender=` filter: migrations save through historical copies of the model.
    if getattr(getattr(sender, "_meta", None), "label", None) == "incidents.Behaviour":
        from incidents.models import Behaviour

        Behaviour.forget_cached()


class IncidentsConfig(AppConfig):
    name = "incidents"

    def ready(self):
        from incidents import selectors
        from incidents.models import Behaviour
        from stalklog.casefile import visits

        # The access log names incidents, people and orders by number or kind, not by id.
        visits.NAMERS.update(
            incident=selectors.incident_numbers,
            person=selectors.people_relationships,
            order=selectors.order_kinds,
        )

        post_save.connect(_forget_behaviours, dispatch_uid="forget_behaviours_saved")
        post_delete.connect(_forget_behaviours, dispatch_uid="forget_behaviours_deleted")
        post_migrate.connect(Behaviour.forget_cached, dispatch_uid="forget_behaviours_migrated")
