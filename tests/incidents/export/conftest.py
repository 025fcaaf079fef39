"""Logs with incidents, people and witnesses for the export tests, built through services."""

import datetime

import pytest
from django.utils import timezone

from incidents.models import Amendment, Behaviour, Identifier, Incident, Person, Witness
from incidents.services import record_incident

LONDON = timezone.get_fixed_timezone(0)


def at(day, hour=12, minute=0, month=3, year=2026):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


def add_incident(log, user, when, description, *, behaviours=("following",), **fields):
    return record_incident(
        log,
        user,
        behaviours=Behaviour.objects.filter(code__in=behaviours),
        occurred_start=when,
        description=description,
        **fields,
    )


def add_person(log, name, **fields):
    person = Person(log=log, **fields)
    person.name = name
    person.save()
    return person


@pytest.fixture
def rich_log(victim):
    """A log with three incidents out of order, a person, a witness and an amendment."""
    log = victim.log
    ex = add_person(log, "Mark Example", is_perpetrator=True, relationship="ex_partner")
    identifier = Identifier(log=log, person=ex, kind="phone")
    identifier.value = "07700 900123"
    identifier.save()
    second = add_incident(
        log,
        victim,
        at(10),
        "He waited outside the gym.",
        behaviours=("loitering",),
        location_type=Incident.LocationType.PUBLIC,
        location="Leisure centre car park",
    )
    first = add_incident(
        log,
        victim,
        at(2),
        "He followed me home from the station.",
        location_type=Incident.LocationType.HOME,
        location="14 Acacia Avenue, Leeds",
        private_notes="I think my sister told him where I live.",
        exact_words="I will always find you",
    )
    third = add_incident(
        log,
        victim,
        at(20, month=4),
        "Thirty calls in one evening.",
        behaviours=("contacting",),
        channel=Incident.Channel.PHONE_CALL,
        series_count=30,
    )
    for incident in (first, second, third):
        incident.people.add(ex)
    witness = Witness(log=log, incident=first)
    witness.name = "Dee Neighbour"
    witness.contact = "07700 900999"
    witness.account = "Saw him by the gate."
    witness.save()
    amendment = Amendment(log=log, incident=second, amended_by=victim)
    amendment.reason = "I remembered the place"
    amendment.changes = {"location": ["Gym", "Leisure centre car park"]}
    amendment.save()
    return log


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test stores its blobs (evidence, cache, exports) in its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "stalklog.core.storage.PrivateFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    settings.STALKLOG_EXPORT_WORKERS = 1
    return tmp_path / "files"


def pdf_pages(pdf: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_pages(pdf))


@pytest.fixture
def evidence_log(rich_log, victim):
    """rich_log plus a GPS-tagged photo, an e-mail with a photo attached, and a PDF letter."""
    from django.core.files.base import ContentFile

    from evidence.services import store_upload
    from tests.evidence.files import eml_with_attachment, jpeg

    first, second, third = (Incident.objects.get(log=rich_log, sequence_no=n) for n in (2, 1, 3))
    photo = store_upload(
        rich_log,
        victim,
        ContentFile(jpeg(colour=(20, 160, 60)), name="car.jpg"),
        title="His car outside",
        description="Taken from my window",
        attach=first.exhibits.add,
    )
    email = store_upload(
        rich_log,
        victim,
        ContentFile(eml_with_attachment(), name="mail.eml"),
        title="E-mail from him",
        attach=third.exhibits.add,
    )
    letter = store_upload(
        rich_log,
        victim,
        ContentFile(b"%PDF-1.4\n% a letter\n%%EOF\n", name="letter.pdf"),
        title="Letter through the door",
        attach=second.exhibits.add,
    )
    return rich_log, {"photo": photo, "email": email, "letter": letter}
