"""Photos and screenshots: read EXIF, then make metadata-free, upright previews.

The file may be crafted, so the pixel count is checked from the header before any pixel is
decoded (a decompression bomb is a few KB that decodes to gigabytes), Pillow's own bomb
warning is an error, and the derivatives are re-encoded from pixels only: nothing of the
original's metadata or trailing bytes (a polyglot's payload) survives into them.
"""

import contextlib
import io
import re
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

import imagehash
from django.conf import settings
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

from stalklog.core.said import Said

try:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    HEIC_SUPPORTED = True
except ImportError:  # pragma: no cover - pillow-heif is a dependency; HEIC is then refused
    HEIC_SUPPORTED = False

PREVIEW_PIXELS = 1600
# Only JPEG decodes at a reduced scale. Any other picture above this size (a 50-megapixel
# PNG screenshot takes seconds to decode) gets its preview from the background worker, so
# the upload request costs no more than hashing and encrypting it.
PREVIEW_IN_REQUEST_PIXELS = 12_000_000
THUMBNAIL_PIXELS = 320
JPEG_QUALITY = 85


class ImageProblem(Exception):
    """The image cannot be read safely; the message says why, for the person uploading."""


class TooManyPixels(ImageProblem):
    """Its header says it is larger than STALKLOG_MAX_IMAGE_PIXELS."""


@dataclass
class ImageFacts:
    width: int
    height: int
    exif: dict = field(default_factory=dict)
    gps: dict | None = None
    date_taken: datetime | None = None
    preview: bytes = b""
    thumbnail: bytes = b""
    perceptual_hash: str = ""
    is_preview_later: bool = False  # too large to decode in the request: see measure_large

    @property
    def is_camera_photo(self) -> bool:
        return bool(self.exif.get("device"))


def max_image_pixels() -> int:
    return settings.STALKLOG_MAX_IMAGE_PIXELS


def _ratio(value) -> float:
    return float(value[0]) / float(value[1]) if isinstance(value, tuple) else float(value)


def _gps(gps_ifd) -> dict | None:
    try:
        lat = [_ratio(v) for v in gps_ifd[ExifTags.GPS.GPSLatitude]]
        lon = [_ratio(v) for v in gps_ifd[ExifTags.GPS.GPSLongitude]]
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError):
        return None
    latitude = lat[0] + lat[1] / 60 + lat[2] / 3600
    longitude = lon[0] + lon[1] / 60 + lon[2] / 3600
    if str(gps_ifd.get(ExifTags.GPS.GPSLatitudeRef, "N")).upper().startswith("S"):
        latitude = -latitude
    if str(gps_ifd.get(ExifTags.GPS.GPSLongitudeRef, "E")).upper().startswith("W"):
        longitude = -longitude
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return {"latitude": round(latitude, 6), "longitude": round(longitude, 6)}


def _text(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", errors="replace")
    return "".join(ch for ch in str(value) if ch.isprintable()).strip().strip("\x00")[:100]


_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")
# A phone's GPS clock runs in UTC; a zone is a whole number of quarter hours from it. The GPS
# fix can be older than the photo by a little (the last fix), so the two clocks may differ
# by this much beyond a whole quarter hour before the GPS time is not trusted.
GPS_CLOCK_SLACK = timedelta(minutes=3)


def _zone_from_offset(text: str):
    """The zone of an EXIF OffsetTimeOriginal ("+02:00"), or None."""
    found = _OFFSET.match(text or "")
    if not found:
        return None
    sign = -1 if found[1] == "-" else 1
    offset = timedelta(hours=int(found[2]), minutes=int(found[3]))
    return timezone(sign * offset) if offset <= timedelta(hours=14) else None


def _gps_moment(gps_ifd) -> datetime | None:
    """The UTC time of the GPS fix (GPSDateStamp and GPSTimeStamp), or None."""
    try:
        day = datetime.strptime(_text(gps_ifd[ExifTags.GPS.GPSDateStamp]), "%Y:%m:%d")
        hours, minutes, seconds = (_ratio(part) for part in gps_ifd[ExifTags.GPS.GPSTimeStamp])
        clock = timedelta(hours=hours, minutes=minutes, seconds=seconds)
    except (KeyError, TypeError, ValueError, ZeroDivisionError, IndexError, OverflowError):
        return None
    return (day + clock).replace(tzinfo=UTC)


def _placed_in_time(local: datetime, offset_text: str, gps_ifd) -> datetime:
    """The camera's clock reading made exact where the file says its zone.

    The EXIF date is the camera's wall clock, with no zone; read as UK time, a photo taken
    in Nice in July would be an hour out, and in court an hour can matter. Phones since
    about 2018 write the zone (OffsetTimeOriginal); older ones often only write GPS time,
    which is UTC, and the zone is then the difference, when it is a whole quarter hour.
    Otherwise the time stays naive: the caller reads it in the site's zone.
    """
    zone = _zone_from_offset(offset_text)
    if zone is not None:
        return local.replace(tzinfo=zone)
    fixed = _gps_moment(gps_ifd)
    if fixed is None:
        return local
    difference = local - fixed.replace(tzinfo=None)
    quarters = round(difference / timedelta(minutes=15))
    offset = timedelta(minutes=15 * quarters)
    if abs(offset) > timedelta(hours=14) or abs(difference - offset) > GPS_CLOCK_SLACK:
        return local
    return local.replace(tzinfo=timezone(offset))


# EXIF says "YYYY:MM:DD HH:MM:SS"; some apps and editors write dashes or a T, add
# sub-seconds or a zone after it, or leave "0000:00:00 00:00:00" for "not known".
_EXIF_MOMENT = re.compile(r"^(\d{4})[:/-](\d{2})[:/-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")


def _exif_moment(text: str) -> datetime | None:
    found = _EXIF_MOMENT.match(text or "")
    if not found:
        return None
    try:
        return datetime(*(int(part) for part in found.groups()))
    except ValueError:
        return None


def _read_exif(image) -> tuple[dict, dict | None, datetime | None]:
    exif = image.getexif()
    sub = exif.get_ifd(ExifTags.IFD.Exif)
    facts = {}
    device = " ".join(
        _text(exif[tag]) for tag in (ExifTags.Base.Make, ExifTags.Base.Model) if tag in exif
    )
    if device:
        facts["device"] = device
    if ExifTags.Base.Software in exif:
        facts["software"] = _text(exif[ExifTags.Base.Software])
    if ExifTags.Base.Orientation in exif:
        facts["orientation"] = int(exif[ExifTags.Base.Orientation])
    taken = sub.get(ExifTags.Base.DateTimeOriginal) or exif.get(ExifTags.Base.DateTime)
    date_taken = None
    if taken:
        facts["date_taken"] = _text(taken)
        offset = sub.get(ExifTags.Base.OffsetTimeOriginal) or sub.get(ExifTags.Base.OffsetTime)
        if offset:
            facts["date_taken_offset"] = _text(offset)
        date_taken = _exif_moment(facts["date_taken"])
        if date_taken is not None:
            date_taken = _placed_in_time(
                date_taken, facts.get("date_taken_offset", ""), exif.get_ifd(ExifTags.IFD.GPSInfo)
            )
    gps = _gps(exif.get_ifd(ExifTags.IFD.GPSInfo))
    return facts, gps, date_taken


def _shrink(image, box: int):
    copy = image.copy()
    # reducing_gap=1.0: first average whole blocks of pixels (the preview is 5 times the
    # thumbnail, so a 5 x 5 box average makes it outright), then LANCZOS for what is left.
    # Pillow's default (2.0) halves, then runs LANCZOS over four times as many pixels: 4-5 ms
    # of every photo upload for a 320 px thumbnail that looks the same, with the same pHash.
    copy.thumbnail((box, box), Image.Resampling.LANCZOS, reducing_gap=1.0)
    return copy


def _encode(image) -> bytes:
    out = io.BytesIO()
    # Pixels only: no EXIF, ICC, XMP or comment is written. Pillow's JPEG writer copies
    # `info["comment"]` (a JPEG COM segment, a PNG tEXt chunk) from the source image unless
    # told otherwise, and a comment can hold an address; so the info is dropped first.
    image.info = {}
    image.save(out, "JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


@contextlib.contextmanager
def _reading_safely():
    """Pillow's errors, and its bomb warning, as an ImageProblem saying what to do."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except ImageProblem:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ImageProblem(
                Said.gettext(
                    "it would decode to far more pixels than its size suggests (a "
                    "decompression bomb), so it was not opened"
                )
            ) from error
        except UnidentifiedImageError as error:
            raise ImageProblem(
                Said.gettext(
                    "it starts like an image but the picture inside cannot be read. It may be "
                    "damaged or disguised; try exporting it again from the phone"
                )
            ) from error
        except (OSError, SyntaxError, ValueError, EOFError, MemoryError) as error:
            raise ImageProblem(
                Said.gettext(
                    "the picture is damaged or incomplete (it may have been cut short while "
                    "copying). Try copying or exporting it again"
                )
            ) from error


def _open_measured(data: bytes):
    """The image opened (header only: no pixel decoded) and its size, within the limit."""
    image = Image.open(io.BytesIO(data))
    width, height = image.size
    if width * height > max_image_pixels() or width <= 0 or height <= 0:
        raise TooManyPixels(
            Said.gettext(
                "it is %(width)s × %(height)s pixels, more than the %(megapixels)s megapixels "
                "we accept. A picture this large is usually a crafted file meant to exhaust "
                "memory; if it is a real photo, reduce its size and upload it again",
                width=width,
                height=height,
                megapixels=max_image_pixels() // 1_000_000,
            )
        )
    return image, width, height


def measure_large(head: bytes) -> ImageFacts | None:
    """For the upload request: if the picture whose first bytes are `head` cannot be decoded
    at a reduced scale and is larger than PREVIEW_IN_REQUEST_PIXELS, its size and the EXIF
    its header holds, marked is_preview_later (the worker makes the rest). None when the
    preview can be made now, or when `head` is too short to tell (the full read decides)."""
    try:
        with _reading_safely():
            image, width, height = _open_measured(head)
    except TooManyPixels:
        raise
    except ImageProblem:
        return None  # cut short mid-header: analyse_image reads the whole file
    if image.format == "JPEG" or width * height <= PREVIEW_IN_REQUEST_PIXELS:
        return None
    # A PNG may keep its eXIf chunk after the pixels, and Pillow would then decode every
    # pixel (or here, fail on the cut-off head) to reach it: the worker reads that one.
    exif, gps, date_taken = {}, None, None
    if image.format != "PNG" or "exif" in image.info:
        with contextlib.suppress(ImageProblem), _reading_safely():
            exif, gps, date_taken = _read_exif(image)
    return ImageFacts(width, height, exif, gps, date_taken, is_preview_later=True)


def analyse_image(data: bytes) -> ImageFacts:
    """EXIF facts and stripped, upright JPEG preview and thumbnail of a raster image."""
    with _reading_safely():
        image, width, height = _open_measured(data)
        exif, gps, date_taken = _read_exif(image)
        image.seek(0)
        # JPEG can decode straight at 1/2, 1/4 or 1/8 scale: a 12 MP photo is never
        # decoded at full size just to make a 1600 px preview.
        scale = PREVIEW_PIXELS / max(width, height)
        image.draft("RGB", (int(width * scale), int(height * scale)))
        image.load()
        # In place: the decoded image is ours, and a 12 MP photo's copy costs as much
        # as the resize.
        ImageOps.exif_transpose(image, in_place=True)
        upright = image
        if upright.mode not in ("RGB", "L"):
            background = Image.new("RGB", upright.size, "white")
            rgba = upright.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            upright = background
        preview = upright
        preview.thumbnail((PREVIEW_PIXELS, PREVIEW_PIXELS), Image.Resampling.LANCZOS)
        thumbnail = _shrink(preview, THUMBNAIL_PIXELS)
        return ImageFacts(
            width=width,
            height=height,
            exif=exif,
            gps=gps,
            date_taken=date_taken,
            # pHash of the pixels (from the thumbnail: pHash looks at 32 x 32 anyway):
            # finds the same picture uploaded again, whatever its bytes (re-encoded,
            # resized). 16 hex digits; see selectors.looks_like.
            perceptual_hash=str(imagehash.phash(thumbnail)),
            preview=_encode(preview),
            thumbnail=_encode(thumbnail),
        )
