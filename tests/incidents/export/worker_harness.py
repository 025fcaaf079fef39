"""A stand-in installation for the worker fault tests, driven as subprocesses.

    python -m tests.incidents.export.worker_harness setup     # migrate, a victim with a log
    python -m tests.incidents.export.worker_harness enqueue   # queue a timeline export
    python -m tests.incidents.export.worker_harness worker [--hang]
    python -m tests.incidents.export.worker_harness upload-hang   # stops mid-write

`--hang` makes every export stop at 34% as a long one would, so the test can kill the worker
there. The database, files and settings come from the environment the test gives.
"""

import os
import sys
import time


def setup():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from incidents.models import Behaviour
    from incidents.services import record_incident
    from stalklog.accounts.models import User
    from stalklog.casefile.models import Log

    user = User.objects.create_user("victim", password="correct horse battery staple")
    log = Log.create_for(user, "JS")
    import datetime

    for day in (2, 9, 16):
        record_incident(
            log,
            user,
            behaviours=Behaviour.objects.filter(code="following"),
            occurred_start=datetime.datetime(2026, 3, day, 8, 45, tzinfo=datetime.UTC),
            description=f"He followed me to work on the {day}th.",
        )


def enqueue():
    from incidents.export.models import ExportJob
    from incidents.export.options import ExportOptions
    from incidents.export.tasks import run_export
    from stalklog.casefile.models import Log

    log = Log.objects.get(owner__username="victim")
    job = ExportJob.objects.create(
        log=log,
        requested_by=log.owner,
        kind=ExportJob.Kind.TIMELINE,
        options=ExportOptions().to_json(),
    )
    run_export.enqueue(str(job.pk))
    print(job.pk)


def hang_exports():
    """Every export reports 34% and then never finishes (until the worker is killed)."""
    from incidents.export import tasks

    def slow_export(log, user, options, out, progress, **kwargs):
        progress(0.34, "Laying out the incidents")
        while True:
            time.sleep(60)

    tasks.export_timeline = slow_export


def upload_hang():
    """Store a 1 MB upload whose write to storage stops after its first block, forever (as
    if the disk hung), so the test can kill the process mid-write."""
    from django.core.files.base import ContentFile

    from evidence.services import store_upload
    from stalklog.casefile.models import Log
    from stalklog.core.storage import PrivateFileSystemStorage

    class Stuck:
        def __init__(self, out):
            self.out = out

        def write(self, data):
            self.out.write(data)
            self.out.flush()
            print("writing", flush=True)
            while True:
                time.sleep(60)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.out.close()

    opened = PrivateFileSystemStorage._open_partial
    PrivateFileSystemStorage._open_partial = lambda self, path: Stuck(opened(self, path))
    log = Log.objects.get(owner__username="victim")
    store_upload(log, log.owner, ContentFile(b"He sent this at 3am.\n" * 50_000, "texts.txt"))


def worker(args):
    from django.core.management import call_command

    if "--hang" in args:
        hang_exports()
    call_command("worker", "--no-startup-delay", "--no-reload", "--interval", "0.5")


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stalklog.settings")
    import django

    django.setup()
    command, args = sys.argv[1], sys.argv[2:]
    commands = {"setup": setup, "enqueue": enqueue, "upload-hang": upload_hang}
    commands["worker"] = lambda: worker(args)
    commands[command]()
