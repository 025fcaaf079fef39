from django.apps import AppConfig


class CaseFileConfig(AppConfig):
    """The case file: a victim's log, who may see it, and the record of who did."""

    name = "stalklog.casefile"
    label = "casefile"
    verbose_name = "Case file"
