"""Rendering as an attack (threat model 9): user text is text, and nothing is ever fetched."""

import http.server
import threading

import pytest

from incidents.export.document import build_document
from incidents.export.fetcher import ExportURLFetcher, RefusedURL, image_url, static_url
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_html, render_pdf

from .conftest import add_incident, add_person, at, pdf_text


@pytest.fixture
def tripwire():
    """An HTTP server on this machine that records every request it gets."""
    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def hostile_text(url):
    return (
        f'<img src="{url}/img.png"><script>alert(1)</script>'
        f'<link rel="stylesheet" href="{url}/evil.css">'
        f"<style>@import url({url}/import.css);</style>"
        f'<iframe src="file:///etc/passwd"></iframe>'
        f'</section><object data="{url}/object"></object>'
        f'<img src="data:image/svg+xml;base64,PHN2Zy8+"> {{{{ doc.log.wrapped_key }}}}'
    )


def test_hostile_descriptions_render_as_text_and_fetch_nothing(victim, tripwire):
    url, hits = tripwire
    log = victim.log
    person = add_person(log, f'<img src="{url}/person.png">Bad Name')
    incident = add_incident(
        log,
        victim,
        at(1),
        hostile_text(url),
        exact_words=f"<a href='{url}/a'>x</a>",
        location="<b>bold</b>",
        location_type="public",
    )
    incident.people.add(person)
    pdf = render_pdf(build_document(log, ExportOptions(), victim), workers=1)
    text = pdf_text(pdf).replace("\n", "")
    assert "<script>alert(1)</script>" in text
    assert f'<img src="{url}/img.png">' in text
    assert "<b>bold</b>" in text
    assert f'<img src="{url}/person.png">Bad Name' in text
    assert "{{ doc.log.wrapped_key }}" in text
    assert hits == []


def test_hostile_text_is_escaped_in_the_html_export(victim, tripwire):
    url, hits = tripwire
    add_incident(victim.log, victim, at(1), hostile_text(url))
    html = render_html(build_document(victim.log, ExportOptions(), victim))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert f'src="{url}' not in html


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.png",
        "file:///etc/passwd",
        "data:image/png;base64,iVBORw0KGgo=",
        "ftp://example.com/x",
        "stalklog-export:static/../../stalklog/settings.py",
        "stalklog-export:static/js/quick-exit.js",
        "stalklog-export:image/AB_1",
        "//example.com/x.png",
        "x.png",
    ],
)
def test_fetcher_refuses_anything_but_our_assets_and_this_exports_images(url):
    fetcher = ExportURLFetcher({"JS_1": (b"jpeg", "image/jpeg")})
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_the_print_stylesheet_and_this_exports_images():
    fetcher = ExportURLFetcher({"JS_1": (b"jpeg", "image/jpeg")})
    assert b"@page" in fetcher.fetch(static_url("css/print.css")).read()
    response = fetcher.fetch(image_url("JS_1"))
    assert response.read() == b"jpeg"
    assert response.content_type == "image/jpeg"
