import hashlib
import io
import json
import subprocess
import zipfile

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from evidence.models import Evidence
from evidence.services import open_original
from incidents.export.bundle import write_bundle
from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf
from stalklog.core.crypto import DecryptionError

from .conftest import pdf_text


def make_bundle(log, user, **options):
    out = io.BytesIO()
    doc = build_document(log, ExportOptions(**options), user)
    write_bundle(doc, out)
    return doc, zipfile.ZipFile(io.BytesIO(out.getvalue()))


def test_originals_are_named_by_exhibit_ref_and_equal_the_uploads(evidence_log, victim):
    log, _ = evidence_log
    _, archive = make_bundle(log, victim, include_gps=True)
    names = set(archive.namelist())
    assert {"exhibits/JS_1.jpg", "exhibits/JS_2.eml", "exhibits/JS_2_1.jpg",
            "exhibits/JS_3.pdf"} <= names  # fmt: skip
    for exhibit in Evidence.objects.filter(log=log):
        exhibit.log = log
        stem = exhibit.exhibit_ref.replace("/", "_")
        name = next(n for n in names if n.startswith(f"exhibits/{stem}."))
        assert archive.read(name) == b"".join(open_original(exhibit))


def test_sha256sums_verify_with_sha256sum(evidence_log, victim, tmp_path):
    log, _ = evidence_log
    _, archive = make_bundle(log, victim)
    archive.extractall(tmp_path / "bundle")
    sums = (tmp_path / "bundle" / "SHA256SUMS").read_text().splitlines()
    assert len(sums) == len(archive.namelist()) - 2  # all but SHA256SUMS and README.txt
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"],
        cwd=tmp_path / "bundle",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.count(": OK") == len(sums)


def test_manifest_lists_incidents_exhibits_hashes_and_bundle_id(evidence_log, victim):
    log, exhibits = evidence_log
    doc, archive = make_bundle(log, victim, include_gps=True)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["bundle_id"] == doc.bundle_id
    assert [i["sequence_no"] for i in manifest["incidents"]] == [2, 1, 3]
    by_ref = {e["ref"]: e for e in manifest["exhibits"]}
    for exhibit in Evidence.objects.filter(log=log):
        assert by_ref[exhibit.exhibit_ref]["sha256"] == exhibit.sha256
    assert manifest["incidents"][0]["exhibits"] == [exhibits["photo"].exhibit_ref]


def test_bundle_holds_the_pdf_and_a_readme_on_checking_hashes(evidence_log, victim):
    log, _ = evidence_log
    doc, archive = make_bundle(log, victim)
    pdf = archive.read(f"timeline-{doc.bundle_id}.pdf")
    assert doc.bundle_id in pdf_text(pdf)
    readme = archive.read("README.txt").decode()
    for tool in ("sha256sum -c SHA256SUMS", "shasum -a 256 -c SHA256SUMS", "certutil"):
        assert tool in readme


def test_an_altered_stored_original_stops_the_bundle(evidence_log, victim, private_storage):
    log, exhibits = evidence_log
    blob = private_storage / exhibits["letter"].blob_name
    data = bytearray(blob.read_bytes())
    data[40] ^= 1
    blob.write_bytes(bytes(data))
    with pytest.raises(DecryptionError):
        make_bundle(log, victim)


def test_pdfa_variant_carries_each_original_under_its_exhibit_name(evidence_log, victim):
    log, _ = evidence_log
    doc = build_document(log, ExportOptions(pdfa=True, include_gps=True), victim)
    pdf = render_pdf(doc)
    reader = PdfReader(io.BytesIO(pdf))
    attachments = reader.attachments
    for exhibit in Evidence.objects.filter(log=log):
        exhibit.log = log
        stem = exhibit.exhibit_ref.replace("/", "_")
        name = next(n for n in attachments if n.startswith(stem + "."))
        assert hashlib.sha256(attachments[name][0]).hexdigest() == exhibit.sha256
    assert b"pdfaid:part" in reader.xmp_metadata.stream.get_data()
    assert f"Page 1 of {len(reader.pages)}" in pdf_text(pdf)


def test_export_timeline_command_writes_pdf_and_html(rich_log, victim, tmp_path):
    pdf, html = tmp_path / "t.pdf", tmp_path / "t.html"
    call_command("export_timeline", username="victim", output=str(pdf), stdout=io.StringIO())
    call_command(
        "export_timeline",
        username="victim",
        output=str(html),
        format="html",
        profile="caseworker",
        stdout=io.StringIO(),
    )
    assert "Thirty calls in one evening" in pdf_text(pdf.read_bytes())
    page = html.read_text()
    assert "Thirty calls in one evening" in page
    assert "Acacia" not in page


def test_export_bundle_command_writes_a_zip(evidence_log, victim, tmp_path):
    out = tmp_path / "b.zip"
    call_command("export_bundle", username="victim", output=str(out), stdout=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        assert "exhibits/JS_1-without-location.jpg" in archive.namelist()
        assert "exhibits/JS_1.jpg" not in archive.namelist()
    errors = io.StringIO()
    call_command(
        "export_bundle",
        username="victim",
        output=str(out),
        include_gps=True,
        stdout=io.StringIO(),
        stderr=errors,
    )
    with zipfile.ZipFile(out) as archive:
        assert "exhibits/JS_1.jpg" in archive.namelist()
    assert "JS/1" in errors.getvalue() and "disclosed to the defence" in errors.getvalue()


def test_photos_with_a_position_travel_as_copies_without_it(evidence_log, victim, tmp_path):
    from evidence.images import analyse_image

    log, exhibits = evidence_log
    doc, archive = make_bundle(log, victim)
    names = set(archive.namelist())
    assert "exhibits/JS_1.jpg" not in names and "exhibits/JS_2_1.jpg" not in names
    copy = archive.read("exhibits/JS_1-without-location.jpg")
    assert analyse_image(copy).gps is None
    assert b"51.5007" not in archive.read("manifest.json")
    manifest = json.loads(archive.read("manifest.json"))
    entry = next(e for e in manifest["exhibits"] if e["ref"] == "JS/1")
    assert entry["file"] == "exhibits/JS_1-without-location.jpg"
    assert entry["sha256"] == hashlib.sha256(copy).hexdigest()
    assert entry["original"]["sha256"] == exhibits["photo"].sha256
    assert entry["original"]["included"] is False
    # The PDF in the bundle gives both hashes and says why the original is not there.
    text = pdf_text(archive.read(f"timeline-{doc.bundle_id}.pdf")).replace("\n", "")
    assert entry["sha256"] in text and exhibits["photo"].sha256 in text
    assert "JS_1-without-location.jpg" in text
    # Everything in the bundle still checks out.
    archive.extractall(tmp_path / "bundle")
    result = subprocess.run(
        ["sha256sum", "-c", "SHA256SUMS"], cwd=tmp_path / "bundle", capture_output=True, check=False
    )
    assert result.returncode == 0


def test_pdfa_attaches_copies_without_position_by_default(evidence_log, victim):
    log, exhibits = evidence_log
    pdf = render_pdf(build_document(log, ExportOptions(pdfa=True), victim))
    attachments = PdfReader(io.BytesIO(pdf)).attachments
    assert "JS_1-without-location.jpg" in attachments and "JS_1.jpg" not in attachments
    assert "JS_3.pdf" in attachments


def test_commands_refuse_an_unknown_user(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no log belongs"):
        call_command("export_timeline", username="nobody", output=str(tmp_path / "x.pdf"))
    assert list(tmp_path.iterdir()) == []


def test_active_content_travels_as_bin_never_as_a_page_a_double_click_opens(victim):
    """An HTML page or an SVG he sent is evidence: kept byte for byte, but named .bin in the
    bundle (as on download), so opening it from the folder cannot run its script."""
    from tests.evidence.factories import make_exhibit
    from tests.evidence.files import HTML_PAGE, SVG_WITH_SCRIPT

    make_exhibit(victim.log, victim, "message.html", HTML_PAGE)
    make_exhibit(victim.log, victim, "drawing.svg", SVG_WITH_SCRIPT)
    _, archive = make_bundle(victim.log, victim)
    exhibits = sorted(n for n in archive.namelist() if n.startswith("exhibits/"))
    assert exhibits == ["exhibits/JS_1.bin", "exhibits/JS_2.bin"]
    assert archive.read("exhibits/JS_1.bin") == HTML_PAGE
    manifest = json.loads(archive.read("manifest.json"))
    assert [e["file"] for e in manifest["exhibits"]] == exhibits
