"""A withdrawn exhibit stays in every export's exhibit list, with its hash and reason, and
its file is in no bundle."""

import json

from evidence.models import Evidence
from evidence.services import withdraw_exhibit
from incidents.export.options import ExportOptions
from incidents.models import Incident

from .conftest import pdf_text
from .test_bundle import make_bundle


def _withdraw_the_photo(log, victim):
    photo = Evidence.objects.get(log=log, exhibit_ref="JS/1")
    photo.log = log
    withdraw_exhibit(photo, victim, reason="uploaded by mistake")
    return photo


def test_bundle_lists_the_withdrawn_exhibit_without_its_file(evidence_log, victim):
    log, _ = evidence_log
    photo = _withdraw_the_photo(log, victim)
    doc, archive = make_bundle(log, victim)
    assert not any(name.startswith("exhibits/JS_1.") for name in archive.namelist())
    manifest = json.loads(archive.read("manifest.json"))
    [entry] = [e for e in manifest["exhibits"] if e["ref"] == "JS/1"]
    assert entry["file"] is None and entry["sha256"] == photo.sha256
    assert entry["withdrawn"].startswith("JS/1 withdrawn by the victim on ")
    assert entry["withdrawn"].endswith(": uploaded by mistake")
    pdf = archive.read(next(n for n in archive.namelist() if n.endswith(".pdf")))
    text = " ".join(pdf_text(pdf).split())
    assert "JS/1 withdrawn by the victim on" in text and "uploaded by mistake" in text
    assert photo.sha256[:32] in text.replace(" ", "")


def test_an_export_filtered_to_other_incidents_still_lists_it(evidence_log, victim):
    log, _ = evidence_log
    _withdraw_the_photo(log, victim)
    third = Incident.objects.get(log=log, sequence_no=3)
    from incidents.export.document import build_document

    doc = build_document(log, ExportOptions(date_from=third.occurred_start.date()), victim)
    refs = [exhibit.ref for exhibit in doc.exhibits]
    assert "JS/1" in refs
