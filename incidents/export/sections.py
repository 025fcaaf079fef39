"""The export as independent sections of HTML, each one a unit of layout and of caching.

A section's HTML depends only on what it shows, so an unchanged section renders to the same
bytes and its laid-out PDF can be reused; the bundle id and page numbers live only on the
cover, the appendix and the footers, which are cheap.
"""

import dataclasses
import datetime
import hashlib

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from incidents.charts import monthly_bar_chart
from incidents.export import language, wording
from incidents.export.document import print_language
from incidents.export.fetcher import image_url

INCIDENTS_PER_SECTION = 40
TABLE_ROWS_PER_SECTION = 200
EXHIBITS_PER_SECTION = 40
# The summary profile fits in five pages: at most this many key incidents, shortened.
KEY_INCIDENTS_PRINTED = 8


@dataclasses.dataclass
class Section:
    name: str
    html: str  # a fragment: one <section> element
    images: tuple[str, ...] = ()  # exhibit file stems whose previews it shows
    cacheable: bool = True

    @property
    def part(self) -> str:
        """The part of the document it belongs to: a new page starts only between parts
        (cover, summary, table, incidents, exhibits, appendix)."""
        return self.name.split("-", 1)[0]


def _chunks(items, size):
    for start in range(0, len(items), size):
        yield start, items[start : start + size]


def _ends_a_section(incident, size: int) -> bool:
    digest = hashlib.blake2b(str(incident.sequence_no).encode(), digest_size=4).digest()
    return int.from_bytes(digest) % size == 0


def _month(incident) -> datetime.date:
    """The first day of the (UK) month the incident happened in."""
    return timezone.localtime(incident.occurred_start).date().replace(day=1)


def _incident_chunks(incidents, size):
    """(start, incidents) in sections of about `size`, cut where the incidents say.

    A section ends at the end of a calendar month, after an incident whose sequence number
    hashes to 0 modulo `size`, or at twice `size`. Victims often log an incident days after it
    happened, among older ones: with cuts at fixed positions, every later section would shift
    and be laid out again; with cuts chosen by the incidents themselves, only the section it
    falls in changes. New incidents land in the current month, so the section they change is
    at most a month's worth.
    """
    start, chunk = 0, []
    for incident in incidents:
        if chunk and _month(incident) != _month(chunk[-1]):
            yield start, chunk
            start, chunk = start + len(chunk), []
        chunk.append(incident)
        if len(chunk) >= 2 * size or _ends_a_section(incident, size):
            yield start, chunk
            start, chunk = start + len(chunk), []
    if chunk:
        yield start, chunk


def build_sections(doc) -> list[Section]:
    """The document's sections in printed order."""
    with timezone.override(settings.TIME_ZONE), print_language():
        return list(_build_sections(doc))


def build_cover(doc) -> Section:
    """The cover alone (the first section), for a press that finds the rest pre-merged:
    `doc` may be a document.CoverDocument."""
    with timezone.override(settings.TIME_ZONE), print_language():
        return _cover(_base_context(doc))


def _base_context(doc) -> dict:
    return {
        "doc": doc,
        "time_zone": settings.TIME_ZONE,
        "filter_people": doc.filter_people,
        "filter_behaviours": list(doc.options.behaviour_codes),
        # The appendix quotes this box in the words the incidents print it in.
        "alarm_label": wording.field_label("alarm_or_distress"),
        # print.css sizes a few things by the document's language (en, cy or bilingual).
        "document_language": language.current(),
    }


def _cover(base) -> Section:
    return Section("cover", render_to_string("export/sections/cover.html", base), cacheable=False)


def _build_sections(doc):
    base = _base_context(doc)
    for exhibit in doc.exhibits:
        exhibit.image_url = image_url(exhibit.file_stem) if exhibit.read_preview else ""
    yield _cover(base)
    counts = [(row.month, row.count) for row in doc.month_counts]
    summary = dict(base, chart_svg=monthly_bar_chart(counts, chart_id="export-chart"))
    yield Section("summary", render_to_string("export/sections/summary.html", summary))
    if doc.options.is_summary:
        key = doc.key_incidents
        context = dict(
            base,
            incidents=key[:KEY_INCIDENTS_PRINTED],
            more=max(len(key) - KEY_INCIDENTS_PRINTED, 0),
        )
        yield Section("key", render_to_string("export/sections/key_incidents.html", context))
        return
    previous_month = None
    for start, incidents in _incident_chunks(doc.incidents, TABLE_ROWS_PER_SECTION):
        month = _month(incidents[0])
        context = dict(
            base,
            incidents=incidents,
            first_chunk=start == 0,
            new_month=month if month != previous_month else None,
        )
        previous_month = month
        html = render_to_string("export/sections/table.html", context)
        yield Section(f"table-{start}", html)
    for start, incidents in _incident_chunks(doc.incidents, INCIDENTS_PER_SECTION):
        html = render_to_string(
            "export/sections/incidents.html",
            dict(base, incidents=incidents, first_chunk=start == 0),
        )
        yield Section(f"incidents-{start}", html)
    for start, exhibits in (
        _chunks(doc.exhibits, EXHIBITS_PER_SECTION) if doc.exhibits else [(0, [])]
    ):
        context = dict(base, exhibits=exhibits, first_chunk=start == 0)
        html = render_to_string("export/sections/exhibits.html", context)
        images = tuple(e.file_stem for e in exhibits if e.image_url)
        yield Section(f"exhibits-{start}", html, images)
    yield Section("appendix", render_to_string("export/sections/appendix.html", base))


def wrap_document(doc, fragments, *, inline_css: str = "", metadata: bool = True) -> str:
    """A whole HTML document around section fragments, with `inline_css` as its only style
    (WeasyPrint is handed our parsed print stylesheet instead: pdf.parsed_print_stylesheet).

    Without metadata (title, author, bundle id, time) the wrapper is the same for every
    export, so a section laid out on its own can be found again in the cache; the merged
    PDF gets its metadata afterwards.
    """
    with print_language():
        return _wrap_document(doc, fragments, inline_css, metadata)


def _wrap_document(doc, fragments, inline_css, metadata) -> str:
    return render_to_string(
        "export/document.html",
        {
            "doc": doc,
            "metadata": metadata,
            "lang": language.html_lang(),
            "sections": [mark_safe(fragment) for fragment in fragments],  # noqa: S308
            "inline_css": inline_css,
        },
    )
