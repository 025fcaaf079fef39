"""Ready when asked: the export's changed sections are laid out in the background.

After an incident, person, order or exhibit is saved (debounced per log, about 30 s), and
when the export page is opened, a background task lays out the default document into the
section cache (cache.py), and keeps the merge of every section after the cover, so pressing
Create lays out the cover and puts it in front of one PDF.
"""

import datetime
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from incidents.export.document import build_document
from incidents.export.language import ENGLISH, document_language
from incidents.export.options import ExportOptions
from incidents.export.pdf import lay_out_sections, premerge
from stalklog.casefile.models import Log

logger = logging.getLogger(__name__)

WARM_UP_DELAY_SECONDS = 30


def is_enabled() -> bool:
    return getattr(settings, "STALKLOG_EXPORT_WARM_UP", True)


def schedule_warm_up(log_id, *, delay_seconds: int = WARM_UP_DELAY_SECONDS):
    """Queue one warm-up for the log, unless one is already waiting (a debounce per log:
    a burst of saves gives one layout, after the burst)."""
    if not is_enabled():
        return
    if not cache.add(
        f"stalklog-export-warm-{log_id}-{delay_seconds > 0}", True, delay_seconds or 5
    ):
        return
    job = warm_export
    if delay_seconds and job.get_backend().supports_defer:
        job = job.using(run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds))
    try:
        job.enqueue(str(log_id))
    except Exception:  # a warm-up is only a head start: never fail the save for it
        logger.exception("could not queue an export warm-up")


def warm_after_save(sender, instance, **kwargs):
    """post_save receiver for the models a document shows."""
    log_id = getattr(instance, "log_id", None)
    if log_id is not None and is_enabled():
        transaction.on_commit(lambda: schedule_warm_up(log_id))


def warm_up(log) -> int:
    """Lay out the log's default export into the cache, and merge it but for the cover;
    return how many sections were laid out (not found in the cache)."""
    # The default document is English, whatever language the page that queued this was in.
    with timezone.override(settings.TIME_ZONE), document_language(ENGLISH):
        doc = build_document(log, ExportOptions(), log.owner)
        chains = lay_out_sections(doc)
        premerge(doc, chains)
        return chains.laid_out


@task()
def warm_export(log_id: str):
    log = Log.objects.select_related("owner").filter(pk=log_id).first()
    if log is None or not log.owner.is_active:
        return
    laid_out = warm_up(log)
    logger.info("export warm-up for a log: %d sections laid out", laid_out)
