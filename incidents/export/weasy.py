"""WeasyPrint, imported once, made to leave Pillow's global settings alone, and given a
user-agent stylesheet of the elements our export uses.

On import WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process. That would
quietly let the evidence checks accept truncated or damaged images in any process that has
made an export, so it is switched back here; our pre-scaled previews are always complete.
Import WeasyPrint only through this module.
"""

from pathlib import Path

import weasyprint
import weasyprint.images  # noqa: F401 - the module that flips the flag
from PIL import ImageFile
from weasyprint import CSS, HTML, Attachment
from weasyprint.formatting_structure.boxes import BlockLevelBox, LineBox, ReplacedBox, TableRowBox
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


__all__ = [
    "CSS",
    "VERSION",
    "Attachment",
    "BlockLevelBox",
    "ExportHTML",
    "LineBox",
    "ReplacedBox",
    "TableRowBox",
    "URLFetcher",
    "URLFetcherResponse",
]
