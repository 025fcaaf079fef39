from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Who signs in. The label stays `stalklog`, the app this began as, so the user model
    (`stalklog.User`), its tables and its migration history keep their names."""

    name = "stalklog.accounts"
    label = "stalklog"
    verbose_name = "Accounts"

    def ready(self):
        from stalklog.accounts import languages, signins  # noqa: F401  (signal receivers)
        from stalklog.core import checks  # noqa: F401  (registers the system checks)
        from stalklog.core.plain import use_plain_length_messages

        use_plain_length_messages()
