"""WeasyPrint, imported once and made to leave Pillow's global settings alone.

On import WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process. That would
quietly let the evidence checks accept truncated or damaged images in any process that has
made an export, so it is switched back here; our pre-scaled previews are always complete.
Import WeasyPrint only through this module.
"""

import weasyprint
import weasyprint.images  # noqa: F401 - the module that flips the flag
from PIL import ImageFile
from weasyprint import CSS, HTML, Attachment
from weasyprint.urls import URLFetcher, URLFetcherResponse

ImageFile.LOAD_TRUNCATED_IMAGES = False

VERSION = weasyprint.__version__

__all__ = ["CSS", "HTML", "VERSION", "Attachment", "URLFetcher", "URLFetcherResponse"]
