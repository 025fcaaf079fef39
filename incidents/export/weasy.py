"""WeasyPrint, imported once, made to leave Pillow's global settings alone, and given a
user-agent stylesheet of the elements our export uses.

On import WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process. That would
quietly let the evidence checks accept truncated or damaged images in any process that has
made an export, so it is switched back here; our pre-scaled previews are always complete.
Import WeasyPrint only through this module.
"""

import contextlib
import contextvars
from pathlib import Path

import weasyprint
import weasyprint.images  # noqa: F401 - the module that flips the flag
import weasyprint.layout.block
from PIL import ImageFile
from weasyprint import CSS, HTML, Attachment
from weasyprint.formatting_structure.boxes import BlockLevelBox, LineBox, ReplacedBox, TableRowBox
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

ImageFile.LOAD_TRUNCATED_IMAGES = False

VERSION = weasyprint.__version__
USER_AGENT_CSS = Path(__file__).with_name("user_agent.css")
USER_AGENT_STYLESHEET = CSS(string=USER_AGENT_CSS.read_text())


class ExportHTML(HTML):
    """An export document, styled with our short user-agent stylesheet.

    WeasyPrint matches every selector of its full HTML user-agent stylesheet (every element
    HTML has, each bidi variant) against every element of the document: for our long, plain
    documents that was a quarter of the layout time. `_ua_stylesheets` is WeasyPrint's own
    hook for it; tests fail if an upgrade drops it.
    """

    def _ua_stylesheets(self, forms=False):
        return [USER_AGENT_STYLESHEET]


# A section that starts part-way down the previous section's last page (pdf.py overlays the
# two half pages) continues the table above it: a repeated header row there would sit in the
# middle of the page. Set while such a section is laid out.
_starts_part_way = contextvars.ContextVar("export_section_starts_part_way", default=False)
CONTINUED_TABLE_CLASS = "continues"
_table_layout = weasyprint.layout.block.table_layout


@contextlib.contextmanager
def starting_part_way(starts_part_way: bool):
    """Lay out, inside this block, a section whose first page is overlaid onto the previous
    section's last page: a `table.continues` starting on that first page prints its header
    row (thead) only after its own page breaks, never at its start."""
    token = _starts_part_way.set(starts_part_way)
    try:
        yield
    finally:
        _starts_part_way.reset(token)


def _continues_here(context, table, skip_stack) -> bool:
    return (
        _starts_part_way.get()
        and skip_stack is None  # the table's first fragment
        and context.current_page == 1
        and table.element is not None
        and CONTINUED_TABLE_CLASS in (table.element.get("class") or "").split()
        and bool(table.children)
        and table.children[0].is_header
    )


def _table_layout_without_first_header(context, table, bottom_space, skip_stack, *args):
    """WeasyPrint repeats a table's header group on every page, its first included, and has no
    CSS to leave it out of the first fragment only. So the first fragment is laid out with the
    header group taken out of the table for the call (and put back), and the place to resume
    at is shifted back to count it, so the next page's fragment repeats it as usual. Collapsed
    borders are drawn from a grid that still counts the header's rows: the fragment says it
    skipped them, or every row takes the borders of the row below it (the month heading row
    would get cell borders, and the row after it none)."""
    if not _continues_here(context, table, skip_stack):
        return _table_layout(context, table, bottom_space, skip_stack, *args)
    children = table.children
    table.children = children[1:]
    try:
        new_table, resume_at, *rest = _table_layout(context, table, bottom_space, skip_stack, *args)
    finally:
        table.children = children
    if new_table is not None and table.style["border_collapse"] == "collapse":
        new_table.skipped_rows = len(children[0].children)
    if resume_at:
        resume_at = {index + 1: stack for index, stack in resume_at.items()}
    return (new_table, resume_at, *rest)


# WeasyPrint's block layout calls table_layout through its own module's name.
weasyprint.layout.block.table_layout = _table_layout_without_first_header

__all__ = [
    "CSS",
    "VERSION",
    "Attachment",
    "BlockLevelBox",
    "ExportHTML",
    "FontConfiguration",
    "LineBox",
    "ReplacedBox",
    "starting_part_way",
    "TableRowBox",
    "URLFetcher",
    "URLFetcherResponse",
]
