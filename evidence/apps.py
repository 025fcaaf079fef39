from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "evidence"

    def ready(self):
        from evidence import selectors
        from stalklog.casefile import visits

        # The access log names exhibits by their refs, not by id.
        visits.NAMERS["exhibit"] = selectors.exhibit_refs
