"""verify.html from an evidence bundle, opened from disk in Chromium: it says which files
match, flags a changed one, checks the timestamp path, and makes no request at all."""

import io
import zipfile

from playwright.sync_api import expect

from incidents.export.options import ExportOptions
from incidents.export.services import export_bundle
from incidents.timestamps.services import timestamp_logs
from tests.conftest import make_victim
from tests.evidence.factories import make_exhibit, make_incident
from tests.evidence.files import jpeg
from tests.tsa import running_authority


def test_verify_page_flags_a_changed_file(page, settings, tmp_path, transactional_db):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    settings.STALKLOG_EXPORT_WORKERS = 1
    user = make_victim("checker")
    incident = make_incident(user.log, user)
    make_exhibit(user.log, user, "car.jpg", jpeg(colour=(200, 20, 20)), incidents=[incident])
    make_exhibit(user.log, user, "door.jpg", jpeg(colour=(20, 20, 200)), incidents=[incident])
    with running_authority(tmp_path / "tsa") as (url, _server):
        settings.STALKLOG_TSA_URL = url
        timestamp_logs()
    out = io.BytesIO()
    # Originals with their positions (her choice), so the officer has JS_2.jpg itself.
    export_bundle(user.log, user, ExportOptions(include_gps=True), out)
    folder = tmp_path / "bundle"
    zipfile.ZipFile(io.BytesIO(out.getvalue())).extractall(folder)
    changed = tmp_path / "officer" / "JS_2.jpg"
    changed.parent.mkdir()
    changed.write_bytes((folder / "exhibits/JS_2.jpg").read_bytes() + b"\x00")
    stranger = tmp_path / "officer" / "notes.txt"
    stranger.write_bytes(b"not in the bundle")

    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((folder / "verify.html").as_uri())
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the files of evidence")
    page.set_input_files("#files", [folder / "exhibits/JS_1.jpg", changed, stranger])
    expect(page.locator("body")).to_have_attribute("data-checked", "3")
    results = page.locator("#results")
    expect(results).to_contain_text("MATCHES: JS_1.jpg (exhibit JS/1)")
    expect(results).to_contain_text("Its timestamp proof leads to root")
    expect(results).to_contain_text("CHANGED: JS_2.jpg (exhibit JS/2)")
    expect(results).to_contain_text("NOT LISTED: notes.txt")
    expect(page.locator("#summary")).to_have_text(
        "1 file(s) match, 1 changed, 1 not in this bundle's list."
    )
    assert requests == [(folder / "verify.html").as_uri()]
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(tmp_path / "verify-390.png"), full_page=True)
