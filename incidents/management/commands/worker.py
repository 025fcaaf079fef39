"""python manage.py worker: runs background tasks (exports) and outlives database restarts.

django-tasks-db's `db_worker` exits on the first database error (PostgreSQL restarting says
"the database system is shutting down"), and exports then wait until someone notices. This
worker runs the same loop, and on a database error closes its connections and tries again
with a growing pause (1 s doubling to STALKLOG_WORKER_MAX_BACKOFF_SECONDS). It starts again
any export whose worker died (incidents.export.tasks.retry_stale_exports): between passes,
and on a timer while it is busy, since one pass can last as long as its longest export.
"""

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django_tasks_db.management.commands import db_worker

from incidents.export.tasks import retry_stale_exports

logger = logging.getLogger("django_tasks_db")

# What a database going away raises; a query bug (ProgrammingError) still stops the worker.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


def close_connections():
    for conn in connections.all(initialized_only=True):
        try:
            conn.close()
        except DatabaseError:
            conn.connection = None  # already broken: forget it, a new one is made on use


def stale_check_seconds() -> float:
    """How often a busy worker looks for stale exports: a few times within the stale limit, so
    a dead worker's export is started again soon after the limit, not after a long task."""
    return max(settings.STALKLOG_EXPORT_STALE_SECONDS / 4, 0.01)


class StaleExportWatch:
    """A thread that looks for stale exports every `interval_seconds` while the worker runs.

    Several workers (and this thread beside its worker's own check between passes) may look
    at once: retry_stale_exports changes a job only if it is still the stale row it read, so
    a job is never started again twice. Its own database connection, closed when it stops;
    a failed look (the database restarting) is skipped, the next one tries again.
    """

    def __init__(self, interval_seconds=None):
        self.interval = interval_seconds or stale_check_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, name="export-stale-watch", daemon=True)

    def _watch(self):
        try:
            while not self._stop.wait(self.interval):
                try:
                    retried, failed = retry_stale_exports()
                except DatabaseError as error:
                    logger.warning("stale exports not checked: %s", str(error).strip()[:200])
                    close_connections()
                    continue
                if retried or failed:
                    logger.warning("stale exports: %s started again, %s given up", retried, failed)
        finally:
            close_connections()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


class ResilientWorker(db_worker.Worker):
    """db_worker's Worker, run as repeated batches so that it can look after stale exports
    between them and survive the database going away."""

    def __init__(self, *, once: bool, max_backoff_seconds: float, **options):
        super().__init__(batch=True, **options)
        self.once = once
        self.max_backoff_seconds = max_backoff_seconds
        self.failures = 0

    def backoff_seconds(self) -> float:
        return min(self.max_backoff_seconds, 2 ** (self.failures - 1))

    def run(self) -> None:
        with StaleExportWatch():
            self._run_passes()

    def _run_passes(self) -> None:
        while self.running:
            try:
                retried, failed = retry_stale_exports()
                if retried or failed:
                    logger.warning("stale exports: %s started again, %s given up", retried, failed)
                super().run()  # every task waiting now, then back here
            except CONNECTION_ERRORS as error:
                self.failures += 1
                pause = self.backoff_seconds()
                logger.warning(
                    "database unavailable (%s); trying again in %s s",
                    str(error).strip().splitlines()[0] if str(error).strip() else error,
                    pause,
                )
                close_connections()
                time.sleep(pause)
                continue
            if self.failures:
                logger.warning("database reachable again; worker carries on")
                self.failures = 0
            if self.once or (self.max_tasks is not None and self._run_tasks >= self.max_tasks):
                return
            self.startup_delay = False
            time.sleep(self.interval)


class Command(db_worker.Command):
    help = (
        "Run background tasks (exports) from the database queue; survives database restarts "
        "and starts again exports whose worker died."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--max-backoff",
            type=float,
            default=None,
            dest="max_backoff_seconds",
            help="longest pause between attempts to reach the database "
            "(default: STALKLOG_WORKER_MAX_BACKOFF_SECONDS)",
        )

    def handle(self, *, verbosity, queue_name, batch, exclude_queues, **options):
        # --reload is accepted and ignored: a reloading worker would drop a running export.
        self.configure_logging(verbosity)
        if verbosity == 1:
            # Each pass of the loop would say it starts and stops; keep warnings only.
            logger.setLevel(logging.WARNING)
        max_backoff = options["max_backoff_seconds"]
        worker = ResilientWorker(
            queue_names=queue_name.split(","),
            excluded_queue_names=exclude_queues.split(",") if exclude_queues else [],
            interval=options["interval"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            once=batch,
            max_backoff_seconds=max_backoff or settings.STALKLOG_WORKER_MAX_BACKOFF_SECONDS,
        )
        if verbosity:
            self.stdout.write(f"Worker {worker.worker_id} taking tasks from: {queue_name}")
        worker.configure_signals()
        worker.run()
