"""Every URL pattern of the app, and how to fill its arguments with objects of a given log.

The access-control and quick-exit tests walk this. A new pattern that takes arguments must
get an entry in OBJECT_URLS, or test_every_url_pattern_is_mapped fails: that is deliberate,
so no view can be added without being tested against other users' ids.
"""

from django.urls import URLPattern, URLResolver, get_resolver

# Patterns that anyone may open without signing in.
PUBLIC_URLS = {"signin", "signup", "safety", "help", "healthz", "quick_exit"}

# Patterns outside the walk, with the reason.
SKIPPED_URLS = {
    "quick_exit": "signs the visitor out; tested on its own",
    "signout": "signs the visitor out; tested on its own",
    "export_download": "a file download, not a page; tested in tests/incidents/export/",
}


def _ready_export(log, user):
    """A finished export of `log` requested by `user`, with a small encrypted result."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from incidents.export.jobs import ExportJob

    job = ExportJob(log=log, requested_by=user, kind=ExportJob.Kind.TIMELINE)
    name = job.new_blob_name()
    encryptor = log.sealer.file_encryptor(name)
    body = b"%PDF-1.7 test export"
    job.blob_name = default_storage.save(
        name, ContentFile(encryptor.update(body) + encryptor.finalize())
    )
    job.status, job.size_bytes, job.bundle_id = ExportJob.Status.READY, len(body), "JS-TEST"
    job.expires_at = job.expiry_from(timezone.now())
    job.save()
    return {"job_id": job.pk}


def _incident(log, user):
    from datetime import UTC, datetime

    from incidents.models import Behaviour
    from incidents.services import record_incident

    return record_incident(
        log,
        user,
        behaviours=Behaviour.objects.filter(code="following"),
        occurred_start=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        description="followed from the station",
    )


def _amendment(log, user):
    incident = _incident(log, user)
    amendment = incident.amend(user, "typo", {"description": "followed from the bus stop"})
    return {"pk": incident.pk, "amendment_pk": amendment.pk}


def _person(log, user):
    from incidents.services import add_person

    return {"pk": add_person(log, user, name="Sam Example").pk}


def _order(log, user):
    from incidents.models import Order

    return {"pk": Order.objects.create(log=log, kind=Order.Kind.RESTRAINING).pk}


# name -> factory(log, user) returning the URL kwargs, creating what they point at in `log`.
OBJECT_URLS = {
    "export_job": _ready_export,
    "export_job_status": _ready_export,
    "export_download": _ready_export,
    "incident_detail": lambda log, user: {"pk": _incident(log, user).pk},
    "incident_amend": lambda log, user: {"pk": _incident(log, user).pk},
    "amendment_detail": _amendment,
    "person_detail": _person,
    "person_edit": _person,
    "order_edit": _order,
}


def url_patterns():
    """(name, route) for every named pattern outside the Django admin."""

    def walk(patterns, prefix):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if entry.namespace == "admin" or entry.app_name == "admin":
                    continue
                yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and entry.name:
                yield entry.name, prefix + str(entry.pattern)

    return sorted(set(walk(get_resolver().url_patterns, "")))


def patterns_with_args():
    return [(name, route) for name, route in url_patterns() if "<" in route]


def patterns_without_args():
    return [(name, route) for name, route in url_patterns() if "<" not in route]
