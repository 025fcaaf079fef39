"""Every URL pattern of the app, and how to fill its arguments with objects of a given log.

The access-control and quick-exit tests walk this. A new pattern that takes arguments must
get an entry in OBJECT_URLS, or test_every_url_pattern_is_mapped fails: that is deliberate,
so no view can be added without being tested against other users' ids.

`access_rule(name, route)` says who may open a pattern, read from the view's decorator
(stalklog.access: log_view, log_view(owner_only=True), caseworker_view, staff_view). An
undecorated view is an account page if it takes no arguments, and a log page if it does.
tests/test_access_matrix.py checks every pattern against every kind of user.
"""

import uuid

from django.urls import URLPattern, URLResolver, get_resolver

# Patterns that anyone may open without signing in.
PUBLIC_URLS = {
    "signin",
    "signin_code",
    "signin_recovery",
    "recovery_start",
    "recovery_status",
    "signup",
    "safety",
    "help",
    "healthz",
    "quick_exit",
    "language",
    "javascript_catalog",
}

# Patterns outside the walk, with the reason.
SKIPPED_URLS = {
    "quick_exit": "signs the visitor out; tested on its own",
    "signout": "signs the visitor out; tested on its own",
    "exhibit_download": "a file download, not a page; tested in tests/evidence/test_views.py",
    "export_download": "a file download, not a page; tested in tests/incidents/export/",
    "sessions_end_others": "POST only, signs other devices out; tested on its own",
}

# Plain GETs that answer with a file download, not a page: the access matrix checks them
# like any other; a browser has no page to show there (tested in tests/incidents/documents/).
DOWNLOAD_URLS = {"document_statement", "document_breach_report", "document_impact"}


def _ready_export(log, user):
    """A finished export of `log` requested by `user`, with a small encrypted result."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.utils import timezone

    from incidents.export.models import ExportJob

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


def _resumable_upload(log, user):
    """A file of `log` half sent in parts (evidence.resumable), started by `user`."""
    from evidence.resumable import save_upload_chunk, start_upload

    upload = start_upload(log, user, name="screenshot.png", size_bytes=20)
    save_upload_chunk(log, upload.pk, offset=0, data=b"\x89PNG\r\n\x1a\n01")
    return {"pk": upload.pk}


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


def _share_of(log, user):
    """A live share of `log` (the one already there, so a caseworker in a test can open it)."""
    from stalklog.casefile.models import Share
    from tests.actors import make_caseworker, make_share

    share = Share.objects.live().filter(log=log).first()
    if share is None:
        share = make_share(log, make_caseworker(f"caseworker_{uuid.uuid4().hex[:8]}"))
    return {"share_id": share.pk}


def _caseworker_account(log, user):
    """A caseworker of the default organisation (whose service admin may manage them)."""
    from tests.actors import make_caseworker

    return {"user_id": make_caseworker(f"managed_{uuid.uuid4().hex[:8]}").pk}


def _checked_recovery(log, user):
    """A request to reset the owner's password, checked by the caseworker the log is shared
    with (of the default organisation, whose service admin may decide on it)."""
    from stalklog.casefile import recovery
    from stalklog.casefile.models import Share
    from tests.conftest import make_victim

    if log is None:  # a service admin's pages are walked without a log of their own
        from tests.actors import make_caseworker, make_share

        log = make_victim(f"asker_{uuid.uuid4().hex[:8]}").log
        make_share(log, make_caseworker(f"checker_{uuid.uuid4().hex[:8]}"))
    _share_of(log, user)
    caseworker = Share.objects.live().filter(log=log).first().caseworker
    recovery.start_recovery(log.owner.get_username())
    req = log.owner.recovery_requests.get(state="asked")
    return {"request_id": recovery.confirm_identity(req, caseworker).pk}


def _positioned_incident(log, user):
    """An incident with a saved position, so the question about removing it is asked."""
    incident = _incident(log, user)
    incident.position = {"latitude": 51.50142, "longitude": -0.14189, "accuracy_m": 20}
    incident.save(update_fields=["position_sealed"])
    return {"pk": incident.pk}


# name -> factory(log, user) returning the URL kwargs, creating what they point at in `log`.
OBJECT_URLS = {
    "export_job": _ready_export,
    "export_job_status": _ready_export,
    "export_download": _ready_export,
    "incident_detail": lambda log, user: {"pk": _incident(log, user).pk},
    "incident_amend": lambda log, user: {"pk": _incident(log, user).pk},
    "record_voice": lambda log, user: {"pk": _incident(log, user).pk},
    "record_chunk": lambda log, user: {"pk": _incident(log, user).pk},
    "record_finish": lambda log, user: {"pk": _incident(log, user).pk},
    "upload_chunk": _resumable_upload,
    "upload_cancel": _resumable_upload,
    "incident_key": lambda log, user: {"pk": _incident(log, user).pk},
    "incident_exhibit_link": lambda log, user: {"pk": _incident(log, user).pk},
    "incident_position": lambda log, user: {"pk": _incident(log, user).pk},
    "incident_position_remove": _positioned_incident,
    "amendment_detail": _amendment,
    "person_detail": _person,
    "person_edit": _person,
    "order_edit": _order,
    "document_breach_report": _order,
    "sharing_revoke": _share_of,
    "share_open": _share_of,
    "staff_caseworker_deactivate": _caseworker_account,
    "staff_caseworker_reactivate": _caseworker_account,
    "staff_recovery_approve": _checked_recovery,
    "staff_recovery_refuse": _checked_recovery,
}


def _evidence_urls():
    from tests.evidence.factories import (
        calls_kwargs,
        chat_kwargs,
        exhibit_kwargs,
        linked_kwargs,
        media_kwargs,
    )

    return {
        "exhibit_detail": exhibit_kwargs,
        "exhibit_edit": exhibit_kwargs,
        "exhibit_link": exhibit_kwargs,
        "exhibit_unlink": linked_kwargs,
        "exhibit_preview": exhibit_kwargs,
        "exhibit_thumbnail": exhibit_kwargs,
        "exhibit_download": exhibit_kwargs,
        "exhibit_messages": chat_kwargs,
        "exhibit_media": media_kwargs,
        "exhibit_withdraw": exhibit_kwargs,
        "exhibit_calls": calls_kwargs,
    }


OBJECT_URLS.update(_evidence_urls())


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin" or entry.app_name == "admin":
                continue
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            yield entry.name, prefix + str(entry.pattern), entry.callback


def url_patterns():
    """(name, route) for every named pattern outside the Django admin."""
    return sorted({(name, route) for name, route, _ in _walk(get_resolver().url_patterns)})


def patterns_with_args():
    return [(name, route) for name, route in url_patterns() if "<" in route]


def patterns_without_args():
    return [(name, route) for name, route in url_patterns() if "<" not in route]


def access_rules():
    """name -> who may open it: public, account, log, owner, caseworker or staff."""
    rules = {}
    for name, route, view in _walk(get_resolver().url_patterns):
        default = "log" if "<" in route else "account"
        rules[name] = "public" if name in PUBLIC_URLS else getattr(view, "access_rule", default)
    return rules
