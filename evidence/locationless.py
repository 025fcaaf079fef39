"""Copies of photos without the metadata that says where they were taken.

An export leaves GPS positions out unless the victim chooses otherwise (threat model 7), so a
photo that records one travels as a derivative with no metadata at all. JPEG and PNG are
copied losslessly: the same compressed pixels, with every metadata segment dropped (EXIF,
XMP, IPTC, comments); a JPEG keeps only its orientation, so it still shows upright. Other
formats are re-encoded from pixels as a full-size JPEG. The result is deterministic, so the
same original always gives the same derivative and the same SHA-256.
"""

import io
import struct
import zlib

from PIL import ExifTags, Image, ImageOps

from evidence.images import max_image_pixels

JPEG_QUALITY = 92

# JPEG APPn segments kept: JFIF (APP0), the ICC colour profile (APP2, not MPF) and Adobe's
# colour transform (APP14).
_KEPT_APP_MARKERS = {0xE0, 0xE2, 0xEE}
# PNG chunks that carry metadata (eXIf holds EXIF with GPS; text chunks may hold XMP).
_DROPPED_PNG_CHUNKS = {b"eXIf", b"tEXt", b"zTXt", b"iTXt", b"tIME"}


class NotAnImage(ValueError):
    """The bytes are not an image this module can copy."""


def strip_location(data: bytes, mime: str) -> tuple[bytes, str]:
    """(a metadata-free copy of the image `data`, its file name extension)."""
    if mime == "image/jpeg":
        return _strip_jpeg(data), "jpg"
    if mime == "image/png":
        return _strip_png(data), "png"
    return _reencode(data), "jpg"


def _orientation_segment(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        orientation = image.getexif().get(ExifTags.Base.Orientation)
    if not orientation or orientation == 1:
        return b""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = int(orientation)
    body = b"Exif\x00\x00" + exif.tobytes()
    return b"\xff\xe1" + struct.pack(">H", len(body) + 2) + body


def _strip_jpeg(data: bytes) -> bytes:
    if data[:2] != b"\xff\xd8":
        raise NotAnImage("not a JPEG")
    out = [b"\xff\xd8"]
    orientation = _orientation_segment(data)
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise NotAnImage("damaged JPEG segment")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA:
            # The compressed pixels, as they are, up to the end-of-image marker: entropy-coded
            # data never holds FF D9, and whatever follows it (a second picture with its own
            # EXIF, a polyglot's payload) is left behind.
            end = data.find(b"\xff\xd9", position + 2)
            if end < 0:
                raise NotAnImage("JPEG without an end")
            out.append(orientation)
            out.append(data[position : end + 2])
            return b"".join(out)
        length = struct.unpack(">H", data[position + 2 : position + 4])[0]
        segment = data[position : position + 2 + length]
        is_icc = marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00"
        if 0xE0 <= marker <= 0xEF and not (
            marker in _KEPT_APP_MARKERS and (marker != 0xE2 or is_icc)
        ):
            pass  # APPn metadata (EXIF, XMP, IPTC, MPF) dropped
        elif marker == 0xFE:
            pass  # a comment: dropped
        else:
            out.append(segment)
        position += 2 + length
    raise NotAnImage("JPEG without image data")


def _strip_png(data: bytes) -> bytes:
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise NotAnImage("not a PNG")
    out, position = [data[:8]], 8
    while position + 8 <= len(data):
        length = struct.unpack(">I", data[position : position + 4])[0]
        kind = data[position + 4 : position + 8]
        chunk = data[position : position + 12 + length]
        if (
            len(chunk) < 12 + length
            or zlib.crc32(chunk[4:-4]) != struct.unpack(">I", chunk[-4:])[0]
        ):
            raise NotAnImage("damaged PNG chunk")
        if kind not in _DROPPED_PNG_CHUNKS:
            out.append(chunk)
        position += 12 + length
        if kind == b"IEND":
            break
    return b"".join(out)


def _reencode(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > max_image_pixels():
            raise NotAnImage("too many pixels")
        upright = ImageOps.exif_transpose(image).convert("RGB")
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=JPEG_QUALITY)  # from pixels only: no metadata written
    return out.getvalue()
