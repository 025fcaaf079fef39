"""python manage.py cleanup_exports: delete expired export results and stale layout cache, and
start again (or give up) exports whose worker died."""

import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.utils import timezone

from incidents.export.cache import cache_prefix
from incidents.export.models import ExportJob
from incidents.export.tasks import retry_stale_exports
from stalklog.casefile.models import Log


class Command(BaseCommand):
    help = "Delete export results past STALKLOG_EXPORT_KEEP_SECONDS and old cached sections."

    def handle(self, *args, **options):
        results = ExportJob.delete_expired()
        retried, failed = retry_stale_exports()
        cutoff = timezone.now() - datetime.timedelta(seconds=settings.STALKLOG_EXPORT_CACHE_SECONDS)
        cached = 0
        for log in Log.objects.only("uuid").iterator():
            prefix = cache_prefix(log)
            try:
                _, names = default_storage.listdir(prefix)
            except FileNotFoundError:
                continue
            for name in names:
                if default_storage.get_modified_time(prefix + name) < cutoff:
                    default_storage.delete(prefix + name)
                    cached += 1
        self.stdout.write(
            f"Deleted {results} expired exports and {cached} cached sections; "
            f"{retried} interrupted exports started again, {failed} given up."
        )
