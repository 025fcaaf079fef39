"""Lay the export out as a PDF with WeasyPrint, fast enough to hand over on the spot.

WeasyPrint is single-threaded and lays out a long document several times slower than a
browser. So each independent section (sections.py) is laid out on its own, in parallel
worker processes, and kept in an encrypted cache (cache.py) keyed by its content; the parts
are merged with pikepdf (qpdf, some ten times faster than a pure-Python merge) and the
footers ("Page x of y", bundle id) are stamped onto the merged pages (footers.py), so page
numbers never force a section to be laid out again.

The background warm-up (warm.py) also keeps the merge of every section after the cover (no
footers), cached under the sections' HTML: pressing Create then lays out the cover, puts it
in front of that one PDF (structure.prepend_section), stamps the footers and saves, instead
of opening and merging every section again (most of the press's time).

PDF/A-3a (tagged) is the exception: it is laid out in one pass, so the archive format's metadata,
fonts and the attached originals come from WeasyPrint itself.
"""

import base64
import concurrent.futures
import contextlib
import datetime
import functools
import gc
import io
import json
import logging
import multiprocessing
import os
import tempfile
import threading

import pikepdf
from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _

from incidents.export import language
from incidents.export.cache import LaidOut, SectionCache
from incidents.export.document import CoverDocument, cover_facts
from incidents.export.fetcher import SCHEME, ExportURLFetcher, image_url
from incidents.export.fingerprint import fingerprint
from incidents.export.footers import stamp_footers
from incidents.export.images import prepare_images
from incidents.export.sections import build_cover, build_sections, wrap_document
from incidents.export.structure import SECTION_LINK_SCHEME, TaggedMerge, prepend_section
from incidents.export.weasy import (
    CSS,
    Attachment,
    BlockLevelBox,
    ExportHTML,
    FontConfiguration,
    LineBox,
    ReplacedBox,
    TableRowBox,
    starting_part_way,
)

logger = logging.getLogger(__name__)

# Handed to forked workers through the fork itself: the pre-scaled images of the sections
# being laid out. Set only in the parent just before the pool starts.
_worker_images: dict[str, tuple[bytes, str]] = {}

NO_FOOTER_CSS = "@page { @bottom-left { content: none } @bottom-right { content: none } }"


def footer_css(doc) -> str:
    # The bundle id is ours ([A-Z0-9-]), never user text, so it is safe inside a CSS string;
    # the words are the footers.py ones, in the document's language.
    bundle = _("Bundle %(bundle_id)s") % {"bundle_id": doc.bundle_id}
    page = _("Page %(number)s of %(total)s") % {
        "number": "' counter(page) '",
        "total": "' counter(pages) '",
    }
    return (
        f"@page {{ @bottom-left {{ content: '{bundle}' }} @bottom-right {{ content: '{page}' }} }}"
    )


def print_stylesheet() -> bytes:
    with open(finders.find("css/print.css"), "rb") as css:
        return css.read()


@functools.cache
def parsed_print_stylesheet():
    """Our print stylesheet, parsed once per process rather than once per section (about 5%
    of the layout time). Forked layout workers inherit it."""
    return CSS(string=print_stylesheet().decode())


_fonts = threading.local()


def _font_config():
    """One font configuration per process and thread, made on first use (not before a fork:
    a layout worker makes its own) and kept for every section it lays out: its font map
    keeps the fonts it has loaded instead of finding and loading them again per section.
    Per thread, because Pango's font maps are not safe to share between threads."""
    if getattr(_fonts, "config", None) is None:
        _fonts.config = FontConfiguration()
    return _fonts.config


def _start_worker():
    """In a forked layout worker: make a font configuration of its own, and leave what it
    inherited from the parent (Django, the document's incidents) out of its garbage
    collections: they live as long as the worker, and every full collection would walk
    them again (and copy the pages that hold them)."""
    _fonts.config = None
    gc.freeze()


@contextlib.contextmanager
def _no_collections():
    """Python's cycle collector paused while one section is laid out.

    WeasyPrint makes hundreds of thousands of objects per section (boxes, styles, PDF
    objects), nearly all alive until the section's PDF is written, so the hundreds of
    collections they triggered walked them again and freed little: 15% of the layout's CPU,
    a third of that once paused. The section's garbage is collected once, soon after (the
    next collection); peak memory grows by the garbage of one section (some 20 MB)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@functools.cache
def _no_footer_stylesheet():
    return CSS(string=NO_FOOTER_CSS)


def export_workers() -> int:
    configured = getattr(settings, "STALKLOG_EXPORT_WORKERS", None)
    return max(1, configured if configured else min(4, os.cpu_count() or 1))


# The page box of print.css (A4, margins 18 mm top, 20 mm bottom), in CSS pixels.
PX_PER_MM = 96 / 25.4
PAGE_HEIGHT_PX = 297 * PX_PER_MM
TOP_MARGIN_PX = 18 * PX_PER_MM
CONTENT_BOTTOM_PX = PAGE_HEIGHT_PX - 20 * PX_PER_MM
# Parts smaller than this (about 300 incidents in full) are laid out in one chain.
SPLIT_MIN_BYTES = 300_000
# A section starts on a new page rather than in less room than this at the foot of a page.
MIN_ROOM_PX = 25 * PX_PER_MM


def _content_bottom(box) -> float:
    """The lowest edge (margins included) of any block or line on a laid-out page."""
    bottom = box.position_y + box.margin_height()
    for child in getattr(box, "children", ()):
        if isinstance(child, BlockLevelBox | LineBox):
            bottom = max(bottom, _content_bottom(child))
    return bottom


def _has_content(box) -> bool:
    if isinstance(box, LineBox | ReplacedBox | TableRowBox):
        return True
    return any(_has_content(child) for child in getattr(box, "children", ()))


def _offset_css(offset_px: float) -> str:
    return f"@page :first {{ margin-top: {TOP_MARGIN_PX + offset_px:.2f}px }}"


def _layout(html: str, images=None, offset_px: float = 0.0) -> LaidOut:
    """Lay out one section; with `offset_px`, its first page starts that far down, below
    where the previous section of its part ended (the two half pages are then overlaid)."""
    fetcher = ExportURLFetcher(images if images is not None else _worker_images)
    stylesheets = [parsed_print_stylesheet(), _no_footer_stylesheet()]
    if offset_px:
        stylesheets.append(CSS(string=_offset_css(offset_px)))
    with _no_collections():
        document = ExportHTML(string=html, base_url=SCHEME, url_fetcher=fetcher)
        with starting_part_way(bool(offset_px)):
            rendered = document.render(stylesheets=stylesheets, font_config=_font_config())
        pages = [page._page_box.children[0] for page in rendered.pages]  # each page's root
        # Tagged for screen readers (structure.py keeps the tags through the merge).
        pdf = rendered.write_pdf(uncompressed_pdf=False, pdf_tags=True)
    return LaidOut(
        pdf=pdf,
        pages=len(pages),
        end_px=_content_bottom(pages[-1]) if pages else TOP_MARGIN_PX,
        first_page_used=bool(pages) and _has_content(pages[0]),
        refused=fetcher.refused,
    )


def _section_links(html: str) -> str:
    """A section laid out alone cannot see the ids of the others: its links to ids become
    links the merge points at their targets (structure.SECTION_LINK_SCHEME)."""
    return html.replace('href="#', f'href="{SECTION_LINK_SCHEME}')


def _report(progress, fraction, stage):
    if progress:
        progress(fraction, stage)


def next_offset(previous: LaidOut) -> float:
    """Where the next section of a part starts on `previous`'s last page (0: a new page)."""
    if CONTENT_BOTTOM_PX - previous.end_px < MIN_ROOM_PX:
        return 0.0
    return round(max(previous.end_px - TOP_MARGIN_PX, 0.0), 2)


class _Chains:
    """The sections of each part, laid out one after another so that each starts where the
    last ended; the parts themselves are independent and are laid out in parallel."""

    def __init__(self, sections, documents, cache, workers=1):
        self.sections, self.documents, self.cache = sections, documents, cache
        self.workers = workers
        parts = []
        for index, section in enumerate(sections):
            if not parts or section.part != sections[parts[-1][-1]].part:
                parts.append([])
            parts[-1].append(index)
        self.chains = [chain for part in parts for chain in self._split(part, workers)]
        self.position = [0] * len(self.chains)
        self.results: dict[int, LaidOut] = {}
        self.offsets: dict[int, float] = {}
        self.keys: dict[int, str | None] = {}
        self.laid_out = 0
        self.premerge_key: str | None = None
        self.premerged: bytes | None = None  # every section after the cover, merged

    def _split(self, part: list[int], workers: int) -> list[list[int]]:
        """A long part in a few chains that are laid out side by side, so every core has
        work: each split starts a new page (at most one short page per split, a few in a
        document of hundreds of pages). Parts shorter than SPLIT_MIN_BYTES never split."""
        size = sum(len(self.documents[i]) for i in part)
        total = sum(len(document) for document in self.documents)
        target = max(total / (2 * workers), SPLIT_MIN_BYTES)
        pieces = min(int(size / target + 0.5), len(part)) if workers > 1 else 1
        if pieces <= 1:
            return [part]
        chains, done, share = [[]], 0, size / pieces
        for index in part:
            if chains[-1] and done >= share * len(chains) and len(chains) < pieces:
                chains.append([])
            chains[-1].append(index)
            done += len(self.documents[index])
        return chains

    def next_job(self, chain: int):
        """(index, offset) of the chain's next section to lay out; cached ones are taken
        as they come. None when the chain is done."""
        sections = self.chains[chain]
        while self.position[chain] < len(sections):
            index = sections[self.position[chain]]
            previous = sections[self.position[chain] - 1] if self.position[chain] else None
            offset = next_offset(self.results[previous]) if previous is not None else 0.0
            key = (
                self.cache.key(self.documents[index], offset)
                if self.sections[index].cacheable
                else None
            )
            self.offsets[index], self.keys[index] = offset, key
            cached = self.cache.get(key) if key else None
            if cached is None:
                return index, offset
            self.results[index] = cached
            self.position[chain] += 1
        return None

    def done(self, chain: int, index: int, laid_out: LaidOut):
        self.results[index] = laid_out
        self.laid_out += 1
        if self.keys[index]:
            self.cache.put(self.keys[index], laid_out)
        self.position[chain] += 1

    def images_needed(self) -> set[str]:
        """Images of every section that may be laid out: each chain's first miss onward."""
        needed = set()
        for chain, sections in enumerate(self.chains):
            job = self.next_job(chain)
            if job is not None:
                start = sections.index(job[0])
                needed.update(name for i in sections[start:] for name in self.sections[i].images)
        return needed


def render_pdf(doc, *, progress=None, workers=None) -> bytes:
    """The export as tagged PDF bytes (PDF/A-3a with attachments if doc.options.pdfa)."""
    if doc.options.pdfa:
        return render_pdfa(doc, progress=progress)
    _report(progress, 0.05, "Preparing the sections")
    workers = workers or export_workers()
    unchanged = rows_unchanged(doc)
    if unchanged:
        pressed = _from_fingerprint(doc, workers, progress)
        if pressed is not None:
            return pressed
    chains = lay_out_sections(doc, progress=progress, workers=workers, use_premerged=True)
    _report(progress, 0.88, "Numbering the pages")
    sources = []  # kept open until saved
    if chains.premerged is not None:
        if unchanged:
            remember_premerge(doc, chains)
        merged = _prepend_cover(doc, chains.premerged, chains.results[0].pdf, sources)
        if merged is not None:
            return _finish(doc, merged)
        chains = lay_out_sections(doc, progress=progress, workers=workers)
    return _finish(doc, _merge(doc, chains, chains.chains, sources))


def rows_unchanged(doc) -> bool:
    """True when the log's rows still have the fingerprint taken before `doc` read them:
    nothing was saved in between, so `doc` (and the HTML made from it) is what the
    fingerprint names."""
    return doc.fingerprint is not None and fingerprint(doc.log, doc.options) == doc.fingerprint


def _fingerprint_key(cache: SectionCache, doc, workers: int) -> str:
    """The cache name of the pointer from the document's fingerprint to its pre-merge."""
    return _pointer_name(cache, doc.fingerprint, workers)


def _pointer_name(cache: SectionCache, rows_fingerprint: str, workers: int) -> str:
    described = json.dumps(
        {
            "premerge-for": rows_fingerprint,
            "version": PREMERGE_VERSION,
            "pointer": "with-cover-facts",
            "workers": workers,
        },
        sort_keys=True,
    )
    return cache.key(described)


def premerged_fingerprint(log, options) -> str | None:
    """The rows' fingerprint when pressing Create with `options` now would find the
    pre-merge by it (the warm-up made it, nothing changed since), else None: the export is
    then a cover and a save, quick enough to make during the request (tasks.start_export)
    instead of waiting for a worker to pick it up."""
    if options.pdfa or not getattr(settings, "STALKLOG_EXPORT_CACHE", True):
        return None
    with language.document_language(options.language):
        rows = fingerprint(log, options)
        if rows is None:
            return None
        cache = SectionCache(log, print_stylesheet())
        pointer = cache.get_bytes(_pointer_name(cache, rows, export_workers()))
        try:
            found = pointer is not None and cache.exists(json.loads(pointer)["premerge"])
        except (ValueError, KeyError, TypeError):
            return None
        return rows if found else None


def remember_premerge(doc, chains: _Chains):
    """Point the document's fingerprint at its pre-merge (chains.premerge_key, named by the
    sections' HTML), with what its cover prints of it (document.cover_facts), so the next
    press with the same rows finds both without reading them. Only for a document whose
    rows were unchanged while it was read (rows_unchanged)."""
    if doc.fingerprint is None or chains.premerge_key is None:
        return
    record = {"premerge": chains.premerge_key, "cover": cover_facts(doc, link_labels(doc))}
    key = _fingerprint_key(chains.cache, doc, chains.workers)
    chains.cache.put_bytes(key, json.dumps(record).encode())


def _pointed(cache: SectionCache, rows_fingerprint: str, workers: int):
    """(the pre-merge, its cover facts) that the fingerprint points at, or None."""
    if not cache.enabled or rows_fingerprint is None:
        return None
    record = cache.get_bytes(_pointer_name(cache, rows_fingerprint, workers))
    try:
        record = json.loads(record) if record is not None else None
    except ValueError:
        return None
    premerged = cache.get_bytes(record["premerge"]) if record else None
    return (premerged, record["cover"]) if premerged is not None else None


def press_pdf(log, options, user, *, progress=None, workers=None, rows_fingerprint=None):
    """Pressing Create after the warm-up: (the PDF, its CoverDocument) when the rows'
    fingerprint points at a pre-merge, made of the cover alone without reading any row
    (the cover's facts were kept with the pre-merge); None otherwise. `rows_fingerprint`:
    taken a moment ago (premerged_fingerprint), so the document is of the rows then."""
    if options.pdfa or not getattr(settings, "STALKLOG_EXPORT_CACHE", True):
        return None
    _report(progress, 0.05, "Preparing the sections")
    rows = rows_fingerprint or fingerprint(log, options)
    cache = SectionCache(log, print_stylesheet())
    found = _pointed(cache, rows, workers or export_workers())
    if found is None:
        return None
    premerged, facts = found
    doc = CoverDocument.from_facts(log, options, user, facts, rows)
    pdf = _cover_onto(doc, premerged, cache, progress)
    return (pdf, doc) if pdf is not None else None


def _from_fingerprint(doc, workers: int, progress) -> bytes | None:
    """The export made from the pre-merge its fingerprint points at, when there is one:
    only the cover is rendered and laid out (None: the caller renders every section)."""
    cache = SectionCache(doc.log, print_stylesheet())
    found = _pointed(cache, doc.fingerprint, workers)
    return _cover_onto(doc, found[0], cache, progress) if found is not None else None


def _cover_onto(doc, premerged: bytes, cache: SectionCache, progress) -> bytes | None:
    _report(progress, 0.15, "Laying out the pages")
    cover = build_cover(doc)
    images = prepare_images(doc.exhibits, set(cover.images), cache)
    laid_out = _layout(_section_links(wrap_document(doc, [cover.html], metadata=False)), images)
    _report(progress, 0.88, "Numbering the pages")
    sources = []  # kept open until saved
    merged = _prepend_cover(doc, premerged, laid_out.pdf, sources)
    if merged is None:
        return None
    logger.info("export %s: made from the pre-merge its fingerprint names", doc.bundle_id)
    return _finish(doc, merged)


# Bump when the merge (structure.py, _merge) changes what it writes: pre-merged PDFs in the
# cache are named by their sections' HTML, not by the code that merged them.
PREMERGE_VERSION = "premerge-v1"


def _premerge_key(doc, chains: _Chains) -> str | None:
    """The cache name of the merge of every chain after the first, when the first is the
    cover alone and every other section is cacheable (None otherwise). Each section's HTML
    decides its layout and, within its chain, its offset; the link labels and language are
    written by the merge."""
    first = chains.chains[0] if chains.chains else []
    rest = [index for chain in chains.chains[1:] for index in chain]
    if first != [0] or chains.sections[0].cacheable or not rest:
        return None
    if not all(chains.sections[index].cacheable for index in rest):
        return None
    described = json.dumps(
        {
            "version": PREMERGE_VERSION,
            "lang": language.html_lang(),
            "labels": link_labels(doc),
            "chains": [
                [chains.cache.key(chains.documents[index]) for index in chain]
                for chain in chains.chains[1:]
            ],
        },
        sort_keys=True,
    )
    return chains.cache.key(described)


def lay_out_sections(doc, *, progress=None, workers=None, use_premerged=False) -> _Chains:
    """Every section of `doc` laid out (or taken from the cache), in part chains. With
    `use_premerged`, when the merge of every section after the cover is in the cache
    (`chains.premerged`), only the cover is laid out."""
    sections = build_sections(doc)
    cache = SectionCache(doc.log, print_stylesheet())
    documents = [_section_links(wrap_document(doc, [s.html], metadata=False)) for s in sections]
    workers = workers or export_workers()
    chains = _Chains(sections, documents, cache, workers)
    chains.premerge_key = _premerge_key(doc, chains)
    if use_premerged and chains.premerge_key is not None:
        chains.premerged = cache.get_bytes(chains.premerge_key)
        if chains.premerged is not None:
            chains.chains = chains.chains[:1]  # the cover: nothing else is read or laid out
    images = prepare_images(doc.exhibits, chains.images_needed(), cache)
    _report(progress, 0.15, "Laying out the pages")
    parsed_print_stylesheet()  # before any worker is forked
    _layout_chains(chains, images, workers, progress)
    logger.info(
        "export %s: %d sections, %d laid out", doc.bundle_id, len(sections), chains.laid_out
    )
    refused = sum(len(result.refused) for result in chains.results.values())
    if refused:
        logger.warning("export %s refused %d URLs", doc.bundle_id, refused)
    return chains


def _layout_chains(chains: _Chains, images, workers, progress):
    total = max(len(chains.sections), 1)
    # Only chains with something left to lay out need a process: pressing Create after the
    # warm-up leaves the cover alone, laid out here rather than in a forked pool.
    pending = [chain for chain in range(len(chains.chains)) if chains.next_job(chain)]
    workers = min(workers or export_workers(), len(pending))
    if workers <= 1:
        for chain in range(len(chains.chains)):
            while (job := chains.next_job(chain)) is not None:
                index, offset = job
                chains.done(chain, index, _layout(chains.documents[index], images, offset))
                _report(progress, 0.15 + 0.7 * len(chains.results) / total, "Laying out")
        return
    global _worker_images
    _worker_images = images
    try:
        context = multiprocessing.get_context("fork")
        with concurrent.futures.ProcessPoolExecutor(
            workers, mp_context=context, initializer=_start_worker
        ) as pool:
            running = {}

            def submit(chain):
                job = chains.next_job(chain)
                if job is not None:
                    index, offset = job
                    future = pool.submit(_layout, chains.documents[index], None, offset)
                    running[future] = (chain, index)

            # Longest parts first, so a long chain does not start last.
            order = sorted(
                range(len(chains.chains)),
                key=lambda c: -sum(len(chains.documents[i]) for i in chains.chains[c]),
            )
            for chain in order:
                submit(chain)
            while running:
                finished, _ = concurrent.futures.wait(
                    running, return_when=concurrent.futures.FIRST_COMPLETED
                )
                for future in finished:
                    chain, index = running.pop(future)
                    chains.done(chain, index, future.result())
                    submit(chain)
                    _report(progress, 0.15 + 0.7 * len(chains.results) / total, "Laying out")
    finally:
        _worker_images = {}


def link_labels(doc) -> dict[str, str]:
    """What each link in the document leads to, said in words (for screen readers)."""
    if isinstance(doc, CoverDocument):
        return doc.link_labels
    labels = {
        f"incident-{i.sequence_no}": _("Incident %(number)s in full") % {"number": i.sequence_no}
        for i in doc.incidents
    }
    labels.update(
        {
            f"exhibit-{e.file_stem}": _("Exhibit %(ref)s in the exhibit list") % {"ref": e.ref}
            for e in doc.exhibits
        }
    )
    return labels


def _merge(doc, chains: _Chains, merging: list[list[int]], sources: list) -> pikepdf.Pdf:
    """One tagged PDF, without footers: the parts of the chains `merging` in order, each
    section's first page laid over the previous section's last page when it started
    part-way down it. The sections' PDFs are opened into `sources`, which the caller keeps
    open until the merge is saved (qpdf copies foreign streams only then)."""
    merged = pikepdf.new()
    tagged = TaggedMerge(merged, lang=language.html_lang(), link_labels=link_labels(doc))
    for chain in merging:
        for position, index in enumerate(chain):
            result = chains.results[index]
            source = pikepdf.open(io.BytesIO(result.pdf))
            sources.append(source)
            starts_part_way = bool(position and chains.offsets[index])
            tagged.add(
                source,
                drop_first=starts_part_way,
                overlay_onto=merged.pages[-1]
                if starts_part_way and result.first_page_used
                else None,
            )
    tagged.finish()
    return merged


def premerge(doc, chains: _Chains) -> bool:
    """Keep the merge of every section after the cover in the cache (the warm-up's last
    step), unless it is there already; True when it was made."""
    key = chains.premerge_key
    if key is None:
        return False
    made = False
    if not chains.cache.exists(key):
        sources = []
        merged = _merge(doc, chains, chains.chains[1:], sources)
        chains.cache.put_bytes(key, _save(merged))
        made = True
    if rows_unchanged(doc):
        remember_premerge(doc, chains)
    return made


def _prepend_cover(doc, premerged: bytes, cover_pdf: bytes, sources: list) -> pikepdf.Pdf | None:
    """The pre-merged sections with the freshly laid out cover in front (None if either
    is untagged, which TaggedMerge would have merged untagged: the caller merges)."""
    merged = pikepdf.open(io.BytesIO(premerged))
    cover = pikepdf.open(io.BytesIO(cover_pdf))
    sources.append(cover)
    if not prepend_section(merged, cover, link_labels(doc)):
        return None
    return merged


def _finish(doc, merged: pikepdf.Pdf) -> bytes:
    """Footers, document information, saved."""
    stamp_footers(merged, doc.bundle_id)
    merged.docinfo = merged.make_indirect(
        pikepdf.Dictionary(
            Title=doc.title,
            Author=doc.prepared_by,
            Subject=_("Incident timeline and exhibit list, bundle %(bundle_id)s")
            % {"bundle_id": doc.bundle_id},
            Creator="Stalklog",
            Producer="Stalklog (WeasyPrint, pikepdf)",
            CreationDate=_pdf_date(doc.generated_at),
        )
    )
    return _save(merged)


def _save(pdf: pikepdf.Pdf) -> bytes:
    out = io.BytesIO()
    # Object streams: the structure tree is thousands of small dictionaries.
    pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _pdf_date(moment) -> str:
    return "D:" + moment.astimezone(datetime.UTC).strftime("%Y%m%d%H%M%S") + "+00'00'"


def render_pdfa(doc, *, progress=None) -> bytes:
    """PDF/A-3a in one pass, each original attached under its exhibit file name."""
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
            pdf_variant="pdf/a-3a",  # tagged (accessible), originals attached
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
