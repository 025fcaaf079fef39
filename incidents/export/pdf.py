"""Lay the export out as a PDF with WeasyPrint, fast enough to hand over on the spot.

WeasyPrint is single-threaded and lays out a long document several times slower than a
browser. So each independent section (sections.py) is laid out on its own, in parallel
worker processes, and kept in an encrypted cache (cache.py) keyed by its content; the parts
are merged with pikepdf (qpdf, some ten times faster than a pure-Python merge) and the
footers ("Page x of y", bundle id) are stamped onto the merged pages (footers.py), so page
numbers never force a section to be laid out again.

PDF/A-3b is the exception: it is laid out in one pass, so the archive format's metadata,
fonts and the attached originals come from WeasyPrint itself.
"""

import base64
import concurrent.futures
import datetime
import functools
import io
import logging
import multiprocessing
import os
import tempfile

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders

from incidents.export.cache import SectionCache
from incidents.export.fetcher import SCHEME, ExportURLFetcher, image_url
from incidents.export.footers import stamp_footers
from incidents.export.images import prepare_images
from incidents.export.sections import build_sections, wrap_document
from incidents.export.weasy import CSS, Attachment, ExportHTML

logger = logging.getLogger(__name__)

# Handed to forked workers through the fork itself: the pre-scaled images of the sections
# being laid out. Set only in the parent just before the pool starts.
_worker_images: dict[str, tuple[bytes, str]] = {}

NO_FOOTER_CSS = "@page { @bottom-left { content: none } @bottom-right { content: none } }"


def footer_css(doc) -> str:
    # The bundle id is ours ([A-Z0-9-]), never user text, so it is safe inside a CSS string.
    return (
        f"@page {{ @bottom-left {{ content: 'Bundle {doc.bundle_id}' }} "
        "@bottom-right { content: 'Page ' counter(page) ' of ' counter(pages) } }"
    )


def print_stylesheet() -> bytes:
    with open(finders.find("css/print.css"), "rb") as css:
        return css.read()


@functools.cache
def parsed_print_stylesheet():
    """Our print stylesheet, parsed once per process rather than once per section (about 5%
    of the layout time). Forked layout workers inherit it."""
    return CSS(string=print_stylesheet().decode())


@functools.cache
def _no_footer_stylesheet():
    return CSS(string=NO_FOOTER_CSS)


def export_workers() -> int:
    configured = getattr(settings, "STALKLOG_EXPORT_WORKERS", None)
    return max(1, configured if configured else min(4, os.cpu_count() or 1))


def _layout(html: str, images=None) -> tuple[bytes, list[str]]:
    fetcher = ExportURLFetcher(images if images is not None else _worker_images)
    document = ExportHTML(string=html, base_url=SCHEME, url_fetcher=fetcher)
    stylesheets = [parsed_print_stylesheet(), _no_footer_stylesheet()]
    pdf = document.write_pdf(stylesheets=stylesheets, uncompressed_pdf=False)
    return pdf, fetcher.refused


def _report(progress, fraction, stage):
    if progress:
        progress(fraction, stage)


def render_pdf(doc, *, progress=None, workers=None) -> bytes:
    """The export as PDF bytes (PDF/A-3b with attachments if doc.options.pdfa)."""
    if doc.options.pdfa:
        return render_pdfa(doc, progress=progress)
    _report(progress, 0.05, "Preparing the sections")
    sections = build_sections(doc)
    cache = SectionCache(doc.log, print_stylesheet())
    documents = [wrap_document(doc, [s.html], metadata=False) for s in sections]
    keys = [
        cache.key(html) if s.cacheable else None
        for s, html in zip(sections, documents, strict=True)
    ]
    parts: list[bytes | None] = [cache.get(key) if key else None for key in keys]
    missing = [index for index, part in enumerate(parts) if part is None]
    logger.info("export %s: %d sections, %d laid out", doc.bundle_id, len(parts), len(missing))

    needed = {name for index in missing for name in sections[index].images}
    images = prepare_images(doc.exhibits, needed)
    _report(progress, 0.15, "Laying out the pages")
    parsed_print_stylesheet()  # before any worker is forked
    laid_out = _layout_all([documents[i] for i in missing], images, workers)
    for done, (index, (pdf, refused)) in enumerate(laid_out, start=1):
        position = missing[index]
        parts[position] = pdf
        if keys[position]:
            cache.put(keys[position], pdf)
        if refused:
            logger.warning("export %s refused %d URLs", doc.bundle_id, len(refused))
        _report(progress, 0.15 + 0.7 * done / max(len(missing), 1), "Laying out the pages")

    _report(progress, 0.88, "Numbering the pages")
    return _merge(doc, parts)


def _layout_all(documents, images, workers):
    """Yield (index, (pdf, refused)) as each document is laid out, in any order."""
    workers = min(workers or export_workers(), len(documents))
    if workers <= 1:
        for index, html in enumerate(documents):
            yield index, _layout(html, images)
        return
    global _worker_images
    _worker_images = images
    try:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
            # Longest first, so a big section does not start last and hold up the merge.
            order = sorted(range(len(documents)), key=lambda i: -len(documents[i]))
            futures = {pool.submit(_layout, documents[i]): i for i in order}
            for future in concurrent.futures.as_completed(futures):
                yield futures[future], future.result()
    finally:
        _worker_images = {}


def _merge(doc, parts: list[bytes]) -> bytes:
    merged = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(part)) for part in parts]  # open until saved
    for source in sources:
        merged.pages.extend(source.pages)
    stamp_footers(merged, doc.bundle_id)
    merged.docinfo = merged.make_indirect(
        pikepdf.Dictionary(
            Title=doc.title,
            Author=doc.prepared_by,
            Subject=f"Incident timeline and exhibit list, bundle {doc.bundle_id}",
            Creator="Stalklog",
            Producer="Stalklog (WeasyPrint, pikepdf)",
            CreationDate=_pdf_date(doc.generated_at),
        )
    )
    out = io.BytesIO()
    merged.save(out, compress_streams=True)
    return out.getvalue()


def _pdf_date(moment) -> str:
    return "D:" + moment.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S") + "+00'00'"


def render_pdfa(doc, *, progress=None) -> bytes:
    """PDF/A-3b in one pass, each original attached under its exhibit file name."""
    _report(progress, 0.05, "Preparing the document")
    html = render_html(doc, for_weasyprint=True)
    images = prepare_images(doc.exhibits, {e.file_stem for e in doc.exhibits if e.read_preview})
    fetcher = ExportURLFetcher(images)
    with tempfile.TemporaryDirectory(prefix="stalklog-export-") as workdir:
        attachments = []
        for exhibit in doc.exhibits:
            if exhibit.open_bundle_file is None:
                continue
            # Originals are spooled to a private temporary directory, not held in memory.
            path = os.path.join(workdir, exhibit.bundle_name)
            with open(path, "wb") as original:
                for chunk in exhibit.open_bundle_file():
                    original.write(chunk)
            description = f"Exhibit {exhibit.ref}, SHA-256 {exhibit.bundle_sha256}"
            if exhibit.withheld_original:
                description += (
                    f"; a copy without metadata of the original {exhibit.file_name} "
                    f"(SHA-256 {exhibit.sha256}), which records a location"
                )
            attachments.append(
                Attachment(
                    filename=path,
                    name=exhibit.bundle_name,
                    description=description,
                    created=exhibit.uploaded_at,
                    modified=exhibit.uploaded_at,
                    relationship="Source",
                )
            )
        _report(progress, 0.2, "Laying out the pages")
        pdf = ExportHTML(string=html, base_url=SCHEME, url_fetcher=fetcher).write_pdf(
            stylesheets=[parsed_print_stylesheet(), CSS(string=footer_css(doc))],
            pdf_variant="pdf/a-3b",
            attachments=attachments,
        )
    if fetcher.refused:
        logger.warning("export %s refused %d URLs", doc.bundle_id, len(fetcher.refused))
    return pdf


def render_html(doc, *, for_weasyprint=False) -> str:
    """The whole export as one HTML document.

    For WeasyPrint it has no stylesheet of its own (the layout passes the parsed one); as a
    file (`--format html`) it carries its stylesheet and images inline, so a browser can
    print it offline with nothing to fetch.
    """
    sections = build_sections(doc)
    fragments = [section.html for section in sections]
    if for_weasyprint:
        return wrap_document(doc, fragments)
    images = prepare_images(doc.exhibits, {e.file_stem for e in doc.exhibits if e.read_preview})
    html = wrap_document(doc, fragments, inline_css=print_stylesheet().decode() + footer_css(doc))
    return _inline_images(html, images)


def _inline_images(html: str, images) -> str:
    for name, (body, content_type) in images.items():
        data = f"data:{content_type};base64,{base64.b64encode(body).decode()}"
        html = html.replace(f'src="{image_url(name)}"', f'src="{data}"')
    return html
