"""Real evidence files made in the tests: photos with EXIF, screenshots, e-mails, chats,
SMS backups, and hostile files (bombs, polyglots, disguised pages, traversal archives)."""

import io
import struct
import zipfile
import zlib
from email.message import EmailMessage

from PIL import Image, ImageDraw

# Orientation 6: the camera was turned; the stored pixels must be rotated 90° clockwise.
ORIENTATION_ROTATE_90 = 6


def jpeg(
    width=640,
    height=480,
    *,
    taken="2024:03:02 21:14:05",
    device=("Apple", "iPhone 13"),
    gps=(51.5007, -0.1246),
    orientation=1,
    colour=(200, 40, 40),
):
    """A JPEG photo with EXIF: date taken, camera, orientation and (optionally) GPS."""
    image = Image.new("RGB", (width, height), colour)
    ImageDraw.Draw(image).rectangle([0, 0, width // 4, height // 4], fill=(10, 10, 200))
    exif = Image.Exif()
    if device:
        exif[0x010F], exif[0x0110] = device
    exif[0x0112] = orientation
    if taken:
        exif.get_ifd(0x8769)[0x9003] = taken
    if gps:
        lat, lon = gps

        def dms(value):
            value = abs(value)
            degrees = int(value)
            minutes = int((value - degrees) * 60)
            seconds = round((value - degrees - minutes / 60) * 3600, 2)
            return (degrees, minutes, seconds)

        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N" if lat >= 0 else "S"
        gps_ifd[2] = dms(lat)
        gps_ifd[3] = "E" if lon >= 0 else "W"
        gps_ifd[4] = dms(lon)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90)
    return out.getvalue()


def png_screenshot(width=390, height=844):
    image = Image.new("RGBA", (width, height), (255, 255, 255, 255))
    draw = ImageDraw.Draw(image)
    for row in range(8):
        draw.rounded_rectangle([20, 40 + row * 90, 300, 100 + row * 90], 12, fill=(220, 248, 198))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def eml_with_attachment(photo=None):
    message = EmailMessage()
    message["From"] = "Sam Example <sam@example.net>"
    message["To"] = "Jo <jo@example.org>"
    message["Subject"] = "I know where you were last night"
    message["Date"] = "Sat, 02 Mar 2024 21:30:00 +0000"
    message["Message-ID"] = "<abc123@example.net>"
    message["Received"] = "from mail.example.net (mail.example.net [192.0.2.1]) by mx.example.org"
    message["Received"] = "from [198.51.100.7] by mail.example.net"
    message.set_content("You were at the pub on the high street. I saw you.\n")
    message.add_alternative(
        "<html><body><p>You were at the <b>pub</b>.</p>"
        "<script>alert('x')</script><img src='https://tracker.example/p.gif'></body></html>",
        subtype="html",
    )
    message.add_attachment(
        photo or jpeg(), maintype="image", subtype="jpeg", filename="outside.jpg"
    )
    return message.as_bytes()


WHATSAPP_CHAT = (
    "02/03/2024, 21:02 - Messages and calls are end-to-end encrypted.\n"
    "02/03/2024, 21:03 - Sam: Why aren't you answering\n"
    "02/03/2024, 21:04 - Sam: I can see your car\n"
    "02/03/2024, 21:10 - Jo: Please stop contacting me\n"
    "03/03/2024, 07:15 - Sam: Good morning. Nice coat yesterday\n"
    "that red one\n"
    "13/03/2024, 23:59 - Sam: \u200e<attached: 00000012-PHOTO-2024-03-13.jpg>\n"
)


def whatsapp_txt():
    return WHATSAPP_CHAT.encode()


def whatsapp_zip(extra=()):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", WHATSAPP_CHAT)
        archive.writestr("00000012-PHOTO-2024-03-13.jpg", jpeg(gps=None))
        for name, body in extra:
            archive.writestr(name, body)
    return out.getvalue()


def sms_xml():
    return b"""<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="3" backup_set="x" backup_date="1709420000000" type="full">
  <sms protocol="0" address="+447700900123" date="1709413380000" type="1"
    body="Answer your phone" read="1" contact_name="Sam" />
  <sms protocol="0" address="+447700900123" date="1709413440000" type="2"
    body="Leave me alone" read="1" contact_name="Sam" />
  <sms protocol="0" address="+447700900999" date="1709456100000" type="1"
    body="You can't hide" read="1" contact_name="(Unknown)" />
</smses>
"""


def _png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def decompression_bomb(width=30000, height=30000):
    """A PNG of a few hundred bytes declaring width x height pixels, its data all zeros."""
    row = b"\0" * (1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(min(height, 200)))
    data += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + _png_chunk(b"IDAT", data)
        + _png_chunk(b"IEND", b"")
    )


def zip_bomb():
    """A WhatsApp-looking export whose second member unpacks 1000 times over."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("_chat.txt", WHATSAPP_CHAT)
        archive.writestr("video.mp4", b"\0" * (20 * 1024 * 1024))
    return out.getvalue()


def traversal_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("_chat.txt", WHATSAPP_CHAT)
        archive.writestr("../../../etc/cron.d/evil", b"* * * * * root sh\n")
    return out.getvalue()


def polyglot():
    """A valid JPEG with an HTML page and script appended after its end."""
    return jpeg(gps=None) + b"<html><script>alert(document.cookie)</script></html>"


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.domain)</script><circle r='5'/></svg>"
)
HTML_PAGE = b"<!doctype html><html><body><script>alert(1)</script>Hello</body></html>"
