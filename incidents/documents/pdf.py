"""Lay a drafted document out as PDF through the export's own WeasyPrint path: the closed
URL fetcher (nothing named in her text is ever fetched), our fonts and a stylesheet of our
own, parsed once per process."""

import functools

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from incidents.export.fetcher import SCHEME, ExportURLFetcher
from incidents.export.weasy import CSS, ExportHTML


@functools.cache
def documents_stylesheet():
    with open(finders.find("css/documents.css"), encoding="utf-8") as css:
        return CSS(string=css.read())


def render_document_pdf(template: str, context: dict, *, title: str) -> bytes:
    html = render_to_string(template, {**context, "title": title})
    fetcher = ExportURLFetcher()
    document = ExportHTML(string=html, base_url=SCHEME, url_fetcher=fetcher)
    return document.write_pdf(stylesheets=[documents_stylesheet()], pdf_tags=True)
