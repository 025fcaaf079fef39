"""System checks that fail fast on a misconfigured deployment."""

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from stalklog.core.crypto import decode_master_key


@register()
def master_keys_are_valid(app_configs, **kwargs):
    errors = []
    for name, value in [("STALKLOG_MASTER_KEY", settings.STALKLOG_MASTER_KEY)] + [
        ("STALKLOG_OLD_MASTER_KEYS", old) for old in settings.STALKLOG_OLD_MASTER_KEYS
    ]:
        try:
            decode_master_key(value)
        except ImproperlyConfigured as error:
            errors.append(Error(f"{name}: {error}", id="stalklog.E001"))
    return errors
