"""Real evidence files made in the tests: photos with EXIF, screenshots, e-mails, chats,
SMS backups, and hostile files (bombs, polyglots, disguised pages, traversal archives)."""

import base64
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


def heic(width=64, height=48):
    """An HEIC photo (as iPhones save them), written by pillow-heif."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 0, 0)).save(out, "HEIF")
    return out.getvalue()


def sms_xml_with_picture():
    picture = base64.b64encode(jpeg(gps=None)).decode()
    return f"""<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="1">
  <mms date="1709413380000" msg_box="1" address="+447700900123" contact_name="Sam">
    <parts>
      <part seq="0" ct="text/plain" text="Look who I saw" />
      <part seq="1" ct="image/jpeg" cl="IMG_9.jpg" data="{picture}" />
    </parts>
  </mms>
</smses>
""".encode()


def _forwarded_original():
    original = EmailMessage()
    original["From"] = "Sam Example <sam@example.net>"
    original["To"] = "Jo's friend <friend@example.org>"
    original["Subject"] = "Tell her I'm watching"
    original["Date"] = "Fri, 01 Mar 2024 23:10:00 +0000"
    original.set_content("Tell Jo I saw her at the station tonight.\n")
    return original


def eml_forwarded_whole():
    """An e-mail forwarded "as attachment" whose whole body is the original message
    (Content-Type: message/rfc822 at the top, as Groupwise sends it)."""
    return (
        b"From: Friend <friend@example.org>\r\nTo: Jo <jo@example.org>\r\n"
        b"Subject: Fwd: Tell her I'm watching\r\nDate: Sat, 02 Mar 2024 08:00:00 +0000\r\n"
        b"MIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n\r\n"
    ) + _forwarded_original().as_bytes()


def eml_blank_plain_with_html():
    """A text/plain part that is only a line break, the words in the HTML alternative."""
    message = EmailMessage()
    message["From"] = "Sam Example <sam@example.net>"
    message["To"] = "Jo <jo@example.org>"
    message["Subject"] = "hello"
    message["Date"] = "Sat, 02 Mar 2024 21:30:00 +0000"
    message.set_content("\r\n")
    message.add_alternative("<p>I will be outside your work at five.</p>", subtype="html")
    return message.as_bytes()


def eml_delivery_report():
    """A bounce: multipart/report with a message/delivery-status part and the headers of
    the message that was not delivered."""
    return b"""From: Mail Delivery System <MAILER-DAEMON@mail.example.net>\r
To: jo@example.org\r
Subject: Undelivered Mail Returned to Sender\r
Date: Sun, 03 Mar 2024 09:00:00 +0000\r
MIME-Version: 1.0\r
Content-Type: multipart/report; report-type=delivery-status; boundary="B0UNCE"\r
\r
--B0UNCE\r
Content-Type: text/plain; charset=us-ascii\r
\r
Your message to sam@example.net could not be delivered.\r
--B0UNCE\r
Content-Type: message/delivery-status\r
\r
Reporting-MTA: dns; mail.example.net\r
Arrival-Date: Sun, 03 Mar 2024 08:59:58 +0000\r
\r
Final-Recipient: rfc822; sam@example.net\r
Action: failed\r
Status: 5.1.1\r
\r
--B0UNCE\r
Content-Type: text/rfc822-headers\r
\r
From: jo@example.org\r
To: sam@example.net\r
Subject: Please stop\r
\r
--B0UNCE--\r
"""


def sms_xml_with_surrogate_pairs():
    """Emoji escaped as UTF-16 halves in character references, as Android writes them."""
    return b"""<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<smses count="2">
  <sms protocol="0" address="+447700900123" date="1709413380000" type="1"
    body="You think you can ignore me &#55357;&#56865;&#55357;&#56865;" contact_name="Sam" />
  <sms protocol="0" address="+447700900123" date="1709413440000" type="1"
    body="Last chance &#xD83D;&#xDD2A; half &#55357; gone" contact_name="Sam" />
</smses>
"""


IOS_WHATSAPP_CHAT = (
    "[02/03/2024, 21:02:11] Sam: \u200eMessages and calls are end-to-end encrypted. No one "
    "outside of this chat, not even WhatsApp, can read or listen to them.\n"
    "[02/03/2024, 21:03:15] Sam: Why aren't you answering\n"
    "[02/03/2024, 21:04:00] Sam: \u200eYour security code with Sam changed. Tap to learn more.\n"
    "[02/03/2024, 21:10:00] Jo: Please stop contacting me\n"
)


def jpeg_with_comment(comment=b"Flat 2, 14 Acacia Avenue, London"):
    """A JPEG with a COM segment (as some apps and editors write one)."""
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 30)).save(out, "JPEG", comment=comment)
    return out.getvalue()


def png_with_comment(comment="Flat 2, 14 Acacia Avenue, London"):
    """A PNG with a tEXt Comment chunk."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", comment)
    info.add_text("comment", comment)
    out = io.BytesIO()
    Image.new("RGB", (390, 844), (250, 250, 250)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def outlook_msg(attachments=None, headers=None):
    """An Outlook .msg (written by tests/evidence/msgfile.py) with a photo attached."""
    from datetime import UTC, datetime

    from tests.evidence.msgfile import msg

    return msg(
        subject="You can't avoid me",
        sender_name="Sam Example",
        sender_email="sam@example.net",
        to=("Jo", "jo@example.org"),
        sent_at=datetime(2024, 3, 2, 21, 30, tzinfo=UTC),
        body="I waited outside the gym for you.\r\n",
        headers=headers,
        attachments=[("outside.jpg", jpeg(gps=None))] if attachments is None else attachments,
    )


def calls_xml(calls=None):
    """An SMS Backup & Restore calls backup. `calls`: (number, name, epoch ms, seconds, type)."""
    if calls is None:
        start = 1709413320000  # 2 March 2024 21:02 UTC (GMT: the same in London)
        calls = [
            ("+447700900123", "Sam", start + minute * 60_000, 0, 3)
            for minute in (0, 5, 9, 30, 61, 100, 158)
        ]
        calls += [
            ("07700 900123", "Sam", start + 24 * 3600_000, 12, 1),  # the next evening
            ("+447700900999", "(Unknown)", start + 120_000, 0, 5),
            ("+447700900555", "Mum", start + 600_000, 300, 2),  # she rang her mother
            ("-2", "", start + 700_000, 0, 3),  # withheld
        ]
    rows = "\n".join(
        f'  <call number="{number}" duration="{seconds}" date="{when}" type="{kind}" '
        f'presentation="1" contact_name="{name}" readable_date="x" />'
        for number, name, when, seconds, kind in calls
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
        f'<calls count="{len(calls)}" backup_set="x" backup_date="1709500000000">\n'
        f"{rows}\n</calls>\n"
    ).encode()


def _ffmpeg(args, suffix) -> bytes:
    """Sound or video made by Debian's ffmpeg (from system-packages.txt) for the tests."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/out.{suffix}"
        subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *args, path], check=True)
        with open(path, "rb") as made:
            return made.read()


_TONE = ["-f", "lavfi", "-i", "sine=frequency=440:duration=2"]
_PICTURE = ["-f", "lavfi", "-i", "testsrc=duration=2:size=320x240:rate=10"]
_RECORDED = ["-metadata", "creation_time=2024-03-02T21:14:05Z"]
MEDIA = {
    "m4a": (_TONE + _RECORDED + ["-c:a", "aac", "-b:a", "32k"], "m4a"),
    "mp3": (_TONE + ["-c:a", "libmp3lame", "-b:a", "32k"], "mp3"),
    "opus": (_TONE + _RECORDED + ["-c:a", "libopus", "-b:a", "16k"], "ogg"),
    "wav": (_TONE + ["-ar", "8000", "-ac", "1"], "wav"),
    "mp4": (
        _PICTURE + _TONE + _RECORDED
        + ["-metadata", "location=+51.5007-000.1246/", "-c:v", "libx264", "-preset",
           "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"],
        "mp4",
    ),
    "mov": (
        _PICTURE + _RECORDED
        + ["-movflags", "+use_metadata_tags", "-metadata", "com.apple.quicktime.make=Apple",
           "-metadata", "com.apple.quicktime.model=iPhone 13", "-c:v", "libx264", "-preset",
           "ultrafast"],
        "mov",
    ),
    "3gp": (_PICTURE + ["-s", "176x144", "-c:v", "h263", "-an"], "3gp"),
    "webm": (_PICTURE + ["-c:v", "libvpx", "-b:v", "100k", "-deadline", "realtime"], "webm"),
}  # fmt: skip


def media(kind: str) -> bytes:
    if kind == "amr":
        return amr()
    args, suffix = MEDIA[kind]
    return _ffmpeg(args, suffix)


def amr(seconds=1):
    """An AMR-NB voice note (older Android phones): the magic line, then 20 ms frames of
    mode 7 (12.2 kbit/s: a header byte and 31 bytes). ffmpeg here decodes AMR but cannot
    encode it, so the frames are written directly."""
    import random

    rng = random.Random(7)
    frames = [b"\x3c" + bytes(rng.randrange(256) for _ in range(31)) for _ in range(50)]
    return b"#!AMR\n" + b"".join(frames) * seconds


SCREENSHOT_TEXT = [
    "Sam",
    "Sat 2 Mar 2024 21:14",
    "I know where you live now",
    "Call me back on 07700 900123",
]


def screenshot_with_text(lines=None, width=780, height=900):
    """A phone-sized chat screenshot with words on it (DejaVu Sans, from fonts-dejavu-core)."""
    from PIL import ImageFont

    font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 30)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines or SCREENSHOT_TEXT):
        draw.text((40, 60 + row * 70), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def pdf_with_text(text="He said he would wait outside the school on Friday."):
    """A one-page PDF whose page holds real text (Helvetica), written by hand."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def scanned_pdf(pages=100):
    """A PDF of pictures of pages only (as a scanner makes), written by Pillow."""
    page = Image.new("L", (300, 400), 255)
    ImageDraw.Draw(page).rectangle([40, 40, 260, 60], fill=0)
    out = io.BytesIO()
    page.save(out, "PDF", save_all=True, append_images=[page] * (pages - 1), resolution=50)
    return out.getvalue()


def docx(paragraphs=("He followed me home from work.", "Tuesday 5 March 2024 at 18:40")):
    """A minimal Word document: the parts Word itself writes first, then the text."""
    word = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>" for text in paragraphs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"><Override PartName="/word/document.xml" ContentType="'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"'
            "/></Types>",
        )
        archive.writestr(
            "word/document.xml",
            f'<?xml version="1.0"?><w:document xmlns:w="{word}"><w:body>{body}</w:body>'
            "</w:document>",
        )
    return out.getvalue()
