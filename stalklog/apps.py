from django.apps import AppConfig


class StalklogConfig(AppConfig):
    name = "stalklog"
    verbose_name = "Accounts"

    def ready(self):
        from . import checks, signins  # noqa: F401  (registers checks and signal receivers)
