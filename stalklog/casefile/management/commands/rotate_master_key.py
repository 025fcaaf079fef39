"""Rewrap every log's data key under the current master key.

Rotation: set STALKLOG_MASTER_KEY to the new key and STALKLOG_OLD_MASTER_KEYS to the old one,
run this command, then remove the old key from the environment. Data keys, and so every sealed
field and file, stay the same; only their wrapping changes.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from stalklog.casefile.models import Log
from stalklog.core.crypto import current_master_key, key_id, wrapping_key_id


class Command(BaseCommand):
    help = "Rewrap every log's data key under the current STALKLOG_MASTER_KEY."

    def handle(self, *args, **options):
        master_key = current_master_key()
        current_id = key_id(master_key)
        rewrapped = 0
        for log in Log.objects.only("pk", "uuid", "wrapped_key").iterator():
            if wrapping_key_id(log.wrapped_key) == current_id:
                continue
            with transaction.atomic():
                log.rewrap_key(master_key)
            rewrapped += 1
        self.stdout.write(
            f"Rewrapped {rewrapped} log key(s); every log now uses the current master key. "
            "The old key can be removed from STALKLOG_OLD_MASTER_KEYS."
        )
