"""Text read from pictures (screenshots above all) with Tesseract, in the background worker.

tesserocr runs Tesseract in this process on pixels Pillow has already decoded under the
upload's size and bomb checks, so no copy of the picture is written to disk (pytesseract
would write one to a temporary file). The English model comes from Debian's
tesseract-ocr-eng. The text may contain mistakes, and the page says so.
"""

import io
import re
import threading
from functools import cache

from django.conf import settings
from PIL import Image, ImageOps

# Tesseract reads best at screen resolution; a 50-megapixel scrolling screenshot is read
# at most this size (its text stays legible) so one file cannot hold the worker for long.
MAX_OCR_PIXELS = 12_000_000
MAX_OCR_WIDTH = 2400
MIN_CONFIDENCE = 50
MAX_TEXT_CHARS = 200_000
_lock = threading.Lock()


class OcrUnavailable(Exception):
    """Tesseract or its English model is not installed here."""


@cache
def _api():
    try:
        import tesserocr
    except ImportError as error:  # pragma: no cover - tesserocr is a dependency
        raise OcrUnavailable("tesserocr is not installed") from error
    try:
        return tesserocr.PyTessBaseAPI(path=settings.STALKLOG_TESSDATA, lang="eng")
    except RuntimeError as error:
        raise OcrUnavailable(f"no English model in {settings.STALKLOG_TESSDATA}") from error


def is_available() -> bool:
    try:
        _api()
    except OcrUnavailable:
        return False
    return True


def prepared(image: Image.Image) -> Image.Image:
    """Upright, grey, and no larger than Tesseract needs."""
    image = ImageOps.exif_transpose(image)
    image = image.convert("L")
    width, height = image.size
    scale = min(1.0, MAX_OCR_WIDTH / width, (MAX_OCR_PIXELS / (width * height)) ** 0.5)
    if scale < 1.0:
        image = image.resize((max(1, int(width * scale)), max(1, int(height * scale))))
    return image


def read_text(data: bytes) -> tuple[str, int]:
    """(text, mean word confidence 0-100) of a picture; ("", 0) when nothing is legible."""
    with Image.open(io.BytesIO(data)) as opened:
        opened.draft("RGB", (MAX_OCR_WIDTH, MAX_OCR_WIDTH * 8))  # JPEG: decode smaller
        image = prepared(opened)
    return read_image(image)


def read_image(image: Image.Image) -> tuple[str, int]:
    api = _api()
    with _lock:  # one engine per process; the worker runs one task at a time anyway
        api.SetImage(image)
        text = api.GetUTF8Text() or ""
        confidence = api.MeanTextConf()
        api.Clear()
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.splitlines()))
    text = text.strip()
    if confidence < MIN_CONFIDENCE or len(text.split()) < 2:
        return "", confidence
    return text[:MAX_TEXT_CHARS], confidence
