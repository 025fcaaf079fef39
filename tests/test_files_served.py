"""Every URL that answers with a file, as an attacker and a shared device see it.

Originals, exports and documents are attachments of opaque bytes; only our own re-encoded
pictures and the sound or video the page plays are shown inline, and then with nosniff and
a policy that runs nothing. Every file answer keeps frame denial, no-store (the back button
of a shared device must not bring it back) and no referrer. Nothing stored is reachable at
a public address: no URL pattern serves the storage.
"""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import client_for
from tests.evidence import files
from tests.evidence.factories import make_exhibit
from tests.urlmap import DOWNLOAD_URLS, OBJECT_URLS, url_patterns

# Inline, and why it is safe: our own JPEG (pixels only), or media for the page's player.
INLINE = {
    "exhibit_preview": "image/jpeg",
    "exhibit_thumbnail": "image/jpeg",
    "exhibit_media": "audio/mp4",
}
FILE_URLS = sorted({"exhibit_download", "export_download", *DOWNLOAD_URLS, *INLINE})


def test_the_list_of_file_urls_is_complete():
    """A new pattern that serves files must be named here (and in tests/urlmap.py)."""
    names = {name for name, _ in url_patterns()}
    assert set(FILE_URLS) <= names
    serving = {
        name for name in names if name.startswith(("document_", "exhibit_download", "export_d"))
    }
    assert serving <= set(FILE_URLS)


@pytest.mark.parametrize("name", FILE_URLS)
def test_a_file_is_an_attachment_or_safe_inline_and_never_kept(victim, name):
    client = client_for(victim)
    kwargs = OBJECT_URLS[name](victim.log, victim) if name in OBJECT_URLS else {}
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200, name
    disposition = response["Content-Disposition"]
    if name in INLINE:
        assert disposition.startswith("inline;"), name
        assert response["Content-Type"] == INLINE[name], name
    else:
        assert disposition.startswith("attachment;"), name
    assert '"' not in disposition.split('filename="', 1)[1][:-1], name
    assert response["X-Content-Type-Options"] == "nosniff", name
    assert response["Cache-Control"] == "no-store, max-age=0", name
    assert response["X-Frame-Options"] == "DENY", name
    assert response["Referrer-Policy"] == "no-referrer", name
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy, name
    assert "default-src 'none'" in policy, name
    assert "script-src" not in policy or name not in INLINE, name


@pytest.mark.parametrize(
    ("file_name", "data"),
    [
        ("page.html", files.HTML_PAGE),
        ("drawing.svg", files.SVG_WITH_SCRIPT),
        ("photo.jpg", files.polyglot()),
    ],
)
def test_active_content_he_sent_is_only_ever_downloaded_as_opaque_bytes(victim, file_name, data):
    client = client_for(victim)
    exhibit = make_exhibit(victim.log, victim, file_name, data)
    download = client.get(reverse("exhibit_download", args=[exhibit.pk]))
    assert download["Content-Type"] == "application/octet-stream"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == data
    if file_name != "photo.jpg":
        assert download["Content-Disposition"].endswith('.bin"')
        assert client.get(reverse("exhibit_preview", args=[exhibit.pk])).status_code == 404
    assert client.get(reverse("exhibit_media", args=[exhibit.pk])).status_code == 404


def test_nothing_stored_has_a_public_address(victim, private_storage):
    exhibit = make_exhibit(victim.log, victim)
    stored = next(path for path in private_storage.rglob("*") if path.is_file())
    name = stored.relative_to(private_storage).as_posix()
    client = client_for(victim)
    for address in (f"/{name}", f"{settings.MEDIA_URL}{name}", f"/var/files/{name}"):
        assert client.get(address).status_code == 404, address
    assert exhibit.sha256 not in client.get(reverse("exhibit_detail", args=[exhibit.pk])).get(
        "Location", ""
    )
