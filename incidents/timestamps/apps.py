from django.apps import AppConfig


class TimestampsConfig(AppConfig):
    name = "incidents.timestamps"
    label = "timestamps"
    verbose_name = "Trusted timestamps"
