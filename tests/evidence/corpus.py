"""A corpus of evidence files as victims really have them, made by real tools at run time
(Pillow and pillow-heif, Debian's ffmpeg, pikepdf, python-docx, Python's email package) or
taken from other projects' published test files (tests/fixtures/realfiles, see its
ATTRIBUTION.md). Each entry says what a correct upload of it looks like; test_corpus.py
sends every one through the upload page."""

import email
import io
import mailbox
import plistlib
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from email import charset as email_charset
from email.header import Header
from email.message import EmailMessage
from email.mime.application import MIMEApplication
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from pathlib import Path

from PIL import Image, ImageDraw

from tests.evidence import files

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "realfiles"


@dataclass
class Case:
    name: str  # the file's name as she uploads it
    make: object  # () -> bytes
    kind: str | None = None  # the exhibit's kind once saved; None: refused
    mime: str | None = None  # the detected type stored
    messages: int | None = None  # how many messages parsed
    senders: set | None = None
    first_sent: str | None = None  # ISO time (UTC) of the first message
    content_date: str | None = None  # ISO time (UTC) read from the file
    upright: str | None = None  # "portrait" or "landscape": the preview's shape
    top_marked: bool = False  # made by _scene: its top edge is a dark band
    text: str | None = None  # words that must be found in the text read from it
    refused_because: str | None = None  # words the refusal must say
    children: int | None = None
    checks: list = field(default_factory=list)  # extra (evidence) -> None assertions

    @property
    def is_refused(self) -> bool:
        return self.kind is None


def fixture(name: str):
    return lambda: (FIXTURES / name).read_bytes()


# ---------------------------------------------------------------- pictures


def _exif(
    *, make="Apple", model="iPhone 13", orientation=1, taken=None, offset=None, gps=None,
    gps_time=None,
):  # fmt: skip
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = make, model
    exif[0x0112] = orientation
    sub = exif.get_ifd(0x8769)
    if taken:
        sub[0x9003] = taken
        exif[0x0132] = taken
    if offset:
        sub[0x9011] = offset
    if gps:
        lat, lon = gps
        g = exif.get_ifd(0x8825)

        def dms(value):
            value = abs(value)
            d = int(value)
            m = int((value - d) * 60)
            return (d, m, round((value - d - m / 60) * 3600, 4))

        g[1], g[2] = ("N" if lat >= 0 else "S"), dms(lat)
        g[3], g[4] = ("E" if lon >= 0 else "W"), dms(lon)
        if gps_time:
            day, clock = gps_time.split(" ")
            g[29] = day
            g[7] = tuple(float(part) for part in clock.split(":"))
    return exif


def _scene(width, height, mode="RGB"):
    """A picture whose top is marked (a dark band across the top), so upright can be told."""
    image = Image.new("RGB", (width, height), (90, 160, 220))
    ImageDraw.Draw(image).rectangle([0, 0, width, height // 5], fill=(10, 10, 10))
    return image.convert(mode) if mode != "RGB" else image


def _save(image, fmt, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def iphone_portrait_jpeg():
    # Stored sideways (landscape pixels) with orientation 6, as an iPhone held upright does.
    upright = _scene(300, 400)
    stored = upright.rotate(90, expand=True)  # the sensor's view: top at the left
    exif = _exif(orientation=6, taken="2024:07:14 16:05:09", offset="+02:00", gps=(43.7102, 7.2620))
    return _save(stored, "JPEG", exif=exif, quality=88)


def android_jpeg_orientation_8():
    upright = _scene(300, 400)
    stored = upright.rotate(-90, expand=True)
    exif = _exif(
        make="samsung", model="SM-G991B", orientation=8, taken="2024:03:02 21:14:05",
        gps=(51.5007, -0.1246),
    )  # fmt: skip
    return _save(stored, "JPEG", exif=exif, quality=88)


def progressive_jpeg():
    exif = _exif(taken="2024:01:05 08:00:00")
    return _save(_scene(640, 480), "JPEG", progressive=True, optimize=True, exif=exif)


def cmyk_jpeg():
    return _save(_scene(400, 300, "CMYK"), "JPEG", quality=90)


def grey_jpeg():
    return _save(_scene(400, 300, "L"), "JPEG")


def truncated_jpeg():
    data = files.jpeg()
    return data[: len(data) // 2]


def jpeg_with_broken_exif():
    data = files.jpeg(gps=None)
    # Damage the EXIF block's IFD count so its entries point past the segment.
    at = data.index(b"Exif\x00\x00") + 6 + 8
    return data[:at] + b"\xff\x7f" + data[at + 2 :]


def png_with_alpha():
    image = Image.new("RGBA", (390, 844), (0, 0, 0, 0))
    ImageDraw.Draw(image).rounded_rectangle([20, 40, 360, 200], 20, fill=(220, 248, 198, 255))
    return _save(image, "PNG")


def png_16_bit_grey():
    image = Image.new("I;16", (200, 100))
    ImageDraw.Draw(image).rectangle([0, 0, 200, 20], fill=0)
    image.paste(40000, (0, 20, 200, 100))
    return _save(image, "PNG")


def png_palette_transparent():
    image = _scene(200, 200).convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    return _save(image, "PNG", transparency=0)


def animated_gif():
    frames = [_scene(120, 90), _scene(120, 90).rotate(180)]
    return _save(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)


def animated_webp():
    frames = [_scene(120, 90), _scene(120, 90).rotate(180)]
    return _save(frames[0], "WEBP", save_all=True, append_images=frames[1:], duration=200)


def webp_lossless_alpha():
    return _save(Image.open(io.BytesIO(png_with_alpha())), "WEBP", lossless=True)


def avif_photo():
    exif = _exif(model="Pixel 8", make="Google", taken="2024:05:01 12:30:00")
    return _save(_scene(320, 240), "AVIF", exif=exif)


def heic_iphone_portrait():
    from pillow_heif import register_heif_opener

    register_heif_opener()
    exif = _exif(orientation=6, taken="2024:07:14 16:05:09", offset="+02:00")
    return _save(_scene(300, 400).rotate(90, expand=True), "HEIF", exif=exif, quality=60)


def tiff_multipage():
    pages = [_scene(200, 280, "L"), _scene(200, 280, "L")]
    return _save(pages[0], "TIFF", save_all=True, append_images=pages[1:], compression="tiff_lzw")


def bmp_screenshot():
    return _save(_scene(200, 150), "BMP")


def mpo_like_jpeg_with_thumbnail():
    """Most phone JPEGs carry a thumbnail in IFD1; Pillow writes one when asked."""
    return files.jpeg(width=800, height=600)


# ---------------------------------------------------------------- sound and video

_TONE = ["-f", "lavfi", "-i", "sine=frequency=440:duration=1"]
_PICTURE = ["-f", "lavfi", "-i", "testsrc=duration=1:size=160x120:rate=10"]


def ffmpeg(*args, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/out.{suffix}"
        subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *args, path], check=True)
        return Path(path).read_bytes()


def m4a_voice_memo():
    return ffmpeg(
        *_TONE, "-metadata", "creation_time=2024-03-02T21:14:05Z", "-c:a", "aac", "-b:a", "24k",
        suffix="m4a",
    )  # fmt: skip


def opus_in_ogg():
    return ffmpeg(*_TONE, "-c:a", "libopus", "-b:a", "12k", suffix="opus")


def vorbis_ogg():
    return ffmpeg(*_TONE, "-c:a", "libvorbis", "-q:a", "0", suffix="ogg")


def webm_audio():
    return ffmpeg(*_TONE, "-c:a", "libopus", "-b:a", "12k", suffix="webm")


def webm_vp9():
    return ffmpeg(
        *_PICTURE, "-c:v", "libvpx-vp9", "-b:v", "50k", "-deadline", "realtime", suffix="webm"
    )


def mp4_h264_portrait():
    """A phone video filmed upright: landscape pixels with a 90° display matrix (what
    ffmpeg 5 writes for the `rotate` tag on a stream copy)."""
    with tempfile.TemporaryDirectory() as folder:
        plain = f"{folder}/plain.mp4"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-nostdin", "-y", *_PICTURE,
             "-metadata", "creation_time=2024-03-02T21:14:05Z", "-c:v", "libx264",
             "-preset", "ultrafast", "-pix_fmt", "yuv420p", plain],
            check=True,
        )  # fmt: skip
        turned = f"{folder}/turned.mp4"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", plain, "-c", "copy",
             "-metadata", "creation_time=2024-03-02T21:14:05Z",
             "-metadata:s:v:0", "rotate=90", turned],
            check=True,
        )  # fmt: skip
        return Path(turned).read_bytes()


def mov_hevc():
    return ffmpeg(
        *_PICTURE, "-metadata", "creation_time=2024-03-02T21:14:05Z", "-c:v", "libx265",
        "-preset", "ultrafast", "-tag:v", "hvc1", "-x265-params", "log-level=error",
        suffix="mov",
    )  # fmt: skip


def three_gp_h263_aac():
    return ffmpeg(
        *_PICTURE, *_TONE, "-s", "176x144", "-c:v", "h263", "-c:a", "aac", "-ar", "8000",
        "-ac", "1", "-shortest", suffix="3gp",
    )  # fmt: skip


def mkv_video():
    return ffmpeg(*_PICTURE, "-c:v", "libx264", "-preset", "ultrafast", suffix="mkv")


def mp3_with_id3():
    return ffmpeg(*_TONE, "-metadata", "title=voicemail", "-c:a", "libmp3lame", suffix="mp3")


def aac_adts():
    return ffmpeg(*_TONE, "-c:a", "aac", "-b:a", "24k", "-f", "adts", suffix="aac")


def flac_audio():
    return ffmpeg(*_TONE, "-c:a", "flac", suffix="flac")


def wav_pcm():
    return ffmpeg(*_TONE, "-ar", "8000", "-ac", "1", suffix="wav")


# ---------------------------------------------------------------- documents


def pdf_scanned():
    return files.scanned_pdf(pages=2)


def pdf_encrypted_user_password():
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(files.pdf_with_text()))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="secret", owner="owner", R=6))
    return out.getvalue()


def pdf_encrypted_owner_only():
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(files.pdf_with_text("Owner-locked text: see you at 9")))
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(user="", owner="owner", R=4))
    return out.getvalue()


def pdf_truncated():
    data = files.pdf_with_text()
    return data[: len(data) * 2 // 3]


def pdf_garbage_after_header():
    return b"%PDF-1.7\n" + bytes(range(256)) * 8


def docx_python_docx():
    import docx

    document = docx.Document()
    document.add_heading("Diary", 1)
    document.add_paragraph("Friday 8 March 2024: he was parked outside again at 07:50.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Car"
    table.rows[0].cells[1].text = "AB12 CDE"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_like_zip():
    """An Office Open XML workbook (an .xlsx) is a zip that is not a chat."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
            '2006/content-types"/>',
        )
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    return out.getvalue()


def odt_like_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


# No openpyxl, python-pptx, odfpy or LibreOffice on this machine: the Office and OpenDocument
# files below are the smallest valid packages, built part by part as ECMA-376 (Office Open
# XML) and OASIS OpenDocument 1.3 lay them out.
_OOXML_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>{}</Types>'
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}'
    "</Relationships>"
)
_REL = '<Relationship Id="{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{}" Target="{}"/>'  # noqa: E501
_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _zip(parts: list, *, stored_first: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, body) in enumerate(parts):
            kind = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, body, compress_type=kind)
    return out.getvalue()


def xlsx_spec(sheet_xml: str | None = None) -> bytes:
    """A workbook of two sheets, listed "Log" then "Cars" though stored the other way round,
    with shared strings, an inline string and numbers."""
    sheet = f'<worksheet xmlns="{_SPREADSHEET}"><sheetData>{{}}</sheetData></worksheet>'
    cars = sheet.format(
        '<row r="1"><c r="A1" t="s"><v>2</v></c><c r="B1" t="inlineStr"><is><t>AB12 CDE</t>'
        "</is></c></row>"
    )
    log = sheet_xml or sheet.format(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2"><v>45353</v></c><c r="B2" t="s"><v>3</v></c>'
        '<c r="C2"><v>3</v></c></row>'
    )
    strings = ["Date", "What happened", "Car", "Parked outside the school gates"]
    return _zip([
        ("[Content_Types].xml", _OOXML_TYPES.format(
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>')),
        ("_rels/.rels", _PACKAGE_RELS.format(_REL.format("rId1", "officeDocument",
                                                         "xl/workbook.xml"))),
        ("xl/workbook.xml",
         f'<workbook xmlns="{_SPREADSHEET}" xmlns:r="{_OFFICE_RELS}"><sheets>'
         '<sheet name="Log" sheetId="1" r:id="rId2"/><sheet name="Cars" sheetId="2" r:id="rId1"/>'
         "</sheets></workbook>"),
        ("xl/_rels/workbook.xml.rels", _PACKAGE_RELS.format(
            _REL.format("rId1", "worksheet", "worksheets/sheet1.xml")
            + _REL.format("rId2", "worksheet", "worksheets/sheet2.xml")
            + _REL.format("rId3", "sharedStrings", "sharedStrings.xml"))),
        ("xl/worksheets/sheet1.xml", cars),
        ("xl/worksheets/sheet2.xml", log),
        ("xl/sharedStrings.xml",
         f'<sst xmlns="{_SPREADSHEET}">' + "".join(f"<si><t>{text}</t></si>" for text in strings)
         + "</sst>"),
    ])  # fmt: skip


def pptx_spec() -> bytes:
    """Two slides, shown "slide2.xml" first as the presentation lists them."""
    drawing = "http://schemas.openxmlformats.org/drawingml/2006/main"
    presentation = "http://schemas.openxmlformats.org/presentationml/2006/main"

    def slide(*paragraphs):
        body = "".join(f"<a:p><a:r><a:t>{text}</a:t></a:r></a:p>" for text in paragraphs)
        return (
            f'<p:sld xmlns:p="{presentation}" xmlns:a="{drawing}"><p:cSld><p:spTree><p:sp>'
            f"<p:txBody>{body}</p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
        )

    return _zip([
        ("[Content_Types].xml", _OOXML_TYPES.format(
            '<Override PartName="/ppt/presentation.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.presentationml.presentation.main+xml"/>')),
        ("_rels/.rels", _PACKAGE_RELS.format(_REL.format("rId1", "officeDocument",
                                                         "ppt/presentation.xml"))),
        ("ppt/presentation.xml",
         f'<p:presentation xmlns:p="{presentation}" xmlns:r="{_OFFICE_RELS}"><p:sldIdLst>'
         '<p:sldId id="256" r:id="rId2"/><p:sldId id="257" r:id="rId1"/></p:sldIdLst>'
         "</p:presentation>"),
        ("ppt/_rels/presentation.xml.rels", _PACKAGE_RELS.format(
            _REL.format("rId1", "slide", "slides/slide1.xml")
            + _REL.format("rId2", "slide", "slides/slide2.xml"))),
        ("ppt/slides/slide1.xml", slide("Timeline", "March: messages every night")),
        ("ppt/slides/slide2.xml", slide("What Sam did")),
    ])  # fmt: skip


_ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
)


def odf_spec(kind: str, body: str) -> bytes:
    """An OpenDocument package: "mimetype" first and stored, the manifest, content.xml."""
    mime = f"application/vnd.oasis.opendocument.{kind}"
    return _zip([
        ("mimetype", mime),
        ("META-INF/manifest.xml",
         f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {_ODF_NAMESPACES} '
         'manifest:version="1.3"><manifest:file-entry manifest:full-path="/" '
         f'manifest:media-type="{mime}"/><manifest:file-entry manifest:full-path="content.xml" '
         'manifest:media-type="text/xml"/></manifest:manifest>'),
        ("content.xml",
         f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF_NAMESPACES} '
         f'office:version="1.3"><office:body>{body}</office:body></office:document-content>'),
    ], stored_first=True)  # fmt: skip


def odt_spec():
    return odf_spec("text", (
        "<office:text><text:h>Diary</text:h><text:p>Friday: <text:span>parked</text:span>"
        '<text:s text:c="2"/>outside<text:tab/>again<text:line-break/>at 07:50.</text:p>'
        "</office:text>"
    ))  # fmt: skip


def ods_spec(rows=None):
    return odf_spec("spreadsheet", (
        '<office:spreadsheet><table:table table:name="Calls">'
        + (rows or "<table:table-row><table:table-cell><text:p>02/03/2024</text:p>"
           "</table:table-cell><table:table-cell><text:p>Withheld number, 14 calls</text:p>"
           '</table:table-cell><table:table-cell table:number-columns-repeated="16382"/>'
           "</table:table-row>"
           '<table:table-row table:number-rows-repeated="1048575"><table:table-cell '
           'table:number-columns-repeated="16384"/></table:table-row>')
        + "</table:table></office:spreadsheet>"
    ))  # fmt: skip


def odp_spec():
    return odf_spec("presentation", (
        '<office:presentation><draw:page draw:name="Timeline"><draw:frame><draw:text-box>'
        "<text:p>Followed me home twice in March</text:p></draw:text-box></draw:frame>"
        "</draw:page></office:presentation>"
    ))  # fmt: skip


def csv_call_log():
    return (
        b"Name,Number,Date,Duration,Type\r\n"
        b"Unknown,+447700900123,02/03/2024 21:02:11,0,Missed\r\n"
        b"Unknown,+447700900123,02/03/2024 21:05:40,0,Missed\r\n"
        b"Mum,+447700900999,02/03/2024 21:30:00,125,Incoming\r\n"
    )


def csv_call_log_excel_semicolons():
    """An iPhone tool's call history opened and saved by Excel in Europe: `;` between
    columns, Windows-1252, durations as clock times, a date with its zone."""
    return (
        "Call type;Date;Duration;Number;Contact\r\n"
        "Incoming;2024-03-02 21:02:11;00:00:00;07700 900123;\r\n"
        "Missed;2024-03-02 21:05:40;0;07700 900123;\r\n"
        "Outgoing;2024-03-02T21:30:00+01:00;00:02:05;+44 7700 900999;Zoë\r\n"
    ).encode("cp1252")


def vcard():
    return (
        b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Sam Example\r\nTEL;TYPE=CELL:+447700900123\r\n"
        b"END:VCARD\r\n"
    )


def telegram_json():
    import json

    return json.dumps(
        {
            "name": "Sam",
            "type": "personal_chat",
            "id": 123,
            "messages": [
                {
                    "id": 1,
                    "type": "message",
                    "date": "2024-03-02T21:14:05",
                    "date_unixtime": "1709414045",
                    "from": "Sam",
                    "from_id": "user1",
                    "text": "Answer me",
                },
                {
                    "id": 2,
                    "type": "message",
                    "date": "2024-03-02T21:15:00",
                    "date_unixtime": "1709414100",
                    "from": "Sam",
                    "from_id": "user1",
                    "text": [
                        {"type": "plain", "text": "I can see "},
                        {"type": "bold", "text": "your car"},
                    ],
                },
            ],
        },  # fmt: skip
        ensure_ascii=False,
        indent=1,
    ).encode()


def telegram_all_chats():
    """ "Export Telegram data" with every chat: a list of chats, each with its messages; a
    service entry (a call) and a photo with a caption among them."""
    import json

    chats = [
        {"name": "Sam", "type": "personal_chat", "messages": [
            {"id": 1, "type": "service", "date": "2024-03-02T21:00:00",
             "date_unixtime": "1709413200", "actor": "Sam", "action": "phone_call"},
            {"id": 2, "type": "message", "date": "2024-03-02T21:14:05",
             "date_unixtime": "1709414045", "from": "Sam", "text": "Pick up",
             "photo": "photos/photo_1@02-03-2024_21-14-05.jpg"},
        ]},
        {"name": "Sam (new number)", "type": "personal_chat", "messages": [
            {"id": 1, "type": "message", "date": "2024-03-03T08:00:00",
             "date_unixtime": "1709452800", "from": "Sam (new number)", "text": "It's me"},
            {"id": 2, "type": "message", "date": "2024-03-03T08:01:00",
             "date_unixtime": "1709452860", "from": "Jo", "text": "Stop"},
        ]},
    ]  # fmt: skip
    return json.dumps({"about": "export", "chats": {"about": "", "list": chats}}).encode()


def telegram_html():
    """Telegram Desktop's default export page, as its version 4 writes it: a service line,
    a message, one "joined" to it (no name repeated) with a photo, and a reply in another
    zone."""
    return b"""<!DOCTYPE html>
<html>
 <head>
  <meta charset="utf-8"/>
<title>Exported Data</title>
  <link href="css/style.css" rel="stylesheet"/>
  <script src="js/script.js" type="text/javascript"></script>
 </head>
 <body onload="CheckLocation();">
  <div class="page_wrap">
   <div class="page_header"><div class="content"><div class="text bold">Sam</div></div></div>
   <div class="page_body chat_page">
    <div class="history">
     <div class="message service" id="message-1">
      <div class="body details">2 March 2024</div>
     </div>
     <div class="message default clearfix" id="message101">
      <div class="pull_left userpic_wrap">
       <div class="userpic userpic2"><div class="initials">S</div></div>
      </div>
      <div class="body">
       <div class="pull_right date details" title="02.03.2024 21:14:05 UTC+00:00">21:14</div>
       <div class="from_name">
Sam
       </div>
       <div class="text">
Answer me<br>now &amp; I mean <strong>now</strong>
       </div>
      </div>
     </div>
     <div class="message default clearfix joined" id="message102">
      <div class="body">
       <div class="pull_right date details" title="02.03.2024 21:15:00 UTC+00:00">21:15</div>
       <div class="media_wrap clearfix">
        <a class="photo_wrap clearfix pull_left" href="photos/photo_1@02-03-2024_21-15-00.jpg">
         <img class="photo" src="photos/photo_1@02-03-2024_21-15-00_thumb.jpg"/>
        </a>
       </div>
       <div class="text">
Your car
       </div>
      </div>
     </div>
     <div class="message default clearfix" id="message103">
      <div class="body">
       <div class="pull_right date details" title="03.03.2024 08:00:00 UTC+01:00">08:00</div>
       <div class="from_name">
Jo
       </div>
       <div class="text">
Stop contacting me
       </div>
      </div>
     </div>
    </div>
   </div>
  </div>
 </body>
</html>
"""


def telegram_export_zip(html=True):
    """Telegram Desktop's export folder, zipped to upload: its pages (or result.json), the
    photo, and its own css/js/images, which are not evidence."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        folder = "ChatExport_2024-03-05/"
        if html:
            archive.writestr(folder + "messages.html", telegram_html())
            second = (
                telegram_html()
                .replace(b"message101", b"message201")
                .replace(b"Answer me", b"Second page")
            )
            archive.writestr(folder + "messages2.html", second)
        else:
            archive.writestr(folder + "result.json", telegram_json())
        archive.writestr(folder + "css/style.css", "body{}")
        archive.writestr(folder + "js/script.js", "function CheckLocation(){}")
        archive.writestr(folder + "images/back.png", files.png_screenshot(8, 8))
        archive.writestr(
            folder + "photos/photo_1@02-03-2024_21-15-00.jpg", files.jpeg(width=64, height=48)
        )
    return out.getvalue()


def signal_txt_export():
    """signal-export's chat.md (a popular unofficial exporter)."""
    return b"[2024-03-02 21:14] Sam: Answer me\n[2024-03-02 21:15] Sam: I can see your car\n"


# ---------------------------------------------------------------- e-mail


def eml_windows_1250_qp():
    # Quoted-printable, as Outlook in Czech sends it.
    email_charset.add_charset("windows-1250", email_charset.QP, email_charset.QP)
    message = MIMEText("Vím, kde bydlíš. Uvidíme se v úterý.\n", "plain", "windows-1250")
    message["From"] = Header("Petr Novák", "windows-1250").encode() + " <petr@example.cz>"
    message["To"] = "jana@example.cz"
    message["Subject"] = Header("Víš, že tě vidím", "windows-1250").encode()
    message["Date"] = "Tue, 05 Mar 2024 22:10:00 +0100"
    return message.as_bytes()


def eml_iso_8859_2_base64():
    message = MIMEText("Wiem, gdzie mieszkasz. Zobaczymy się we wtorek.\n", "plain", "iso-8859-2")
    message["From"] = "=?iso-8859-2?Q?Pawe=B3?= <pawel@example.pl>"
    message["To"] = "ania@example.pl"
    message["Subject"] = "=?iso-8859-2?B?V2llbSBnZHppZSBqZXN0ZfY=?="
    message["Date"] = "Tue, 05 Mar 2024 22:10:00 +0100"
    return message.as_bytes()


def eml_shift_jis():
    message = MIMEText("あなたの家を知っている。\n", "plain", "shift_jis")
    message["From"] = "taro@example.jp"
    message["To"] = "hanako@example.jp"
    message["Subject"] = Header("見ている", "iso-2022-jp").encode()
    message["Date"] = "Tue, 05 Mar 2024 22:10:00 +0900"
    return message.as_bytes()


def eml_undeclared_8bit_latin1():
    return (
        b"From: Sam <sam@example.net>\r\nTo: jo@example.org\r\nSubject: caf\xe9\r\n"
        b"Date: Tue, 05 Mar 2024 22:10:00 +0000\r\nMIME-Version: 1.0\r\n"
        b"Content-Type: text/plain\r\n\r\nMeet me at the caf\xe9 or else.\r\n"
    )


def eml_unknown_charset():
    return (
        b"From: Sam <sam@example.net>\r\nTo: jo@example.org\r\nSubject: hi\r\n"
        b"Date: Tue, 05 Mar 2024 22:10:00 +0000\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: text/plain; charset="x-user-defined-nonsense"\r\n'
        b"Content-Transfer-Encoding: 8bit\r\n\r\nI am outside now.\r\n"
    )


def eml_nested_related_inline_image():
    outer = MIMEMultipart("mixed")
    outer["From"] = "Sam <sam@example.net>"
    outer["To"] = "jo@example.org"
    outer["Subject"] = "Look"
    outer["Date"] = "Sat, 02 Mar 2024 21:30:00 +0000"
    alternative = MIMEMultipart("alternative")
    alternative.attach(MIMEText("See the picture of your door.\n", "plain", "utf-8"))
    related = MIMEMultipart("related")
    related.attach(
        MIMEText('<p>See the picture of your <b>door</b>.</p><img src="cid:door1">', "html")
    )
    inline = MIMEImage(files.jpeg(width=80, height=60), "jpeg")
    inline["Content-ID"] = "<door1>"
    inline["Content-Disposition"] = "inline"
    related.attach(inline)
    alternative.attach(related)
    outer.attach(alternative)
    document = MIMEApplication(files.pdf_with_text(), "pdf")
    # RFC 2231, as Gmail and Thunderbird write a non-ASCII name.
    document.add_header(
        "Content-Disposition", "attachment", filename=("utf-8", "", "zdjęcie ścian.pdf")
    )
    outer.attach(document)
    word = MIMEApplication(b"not really", "octet-stream")
    # RFC 2047 in the name, as Outlook writes it (not standard, but everywhere).
    word.add_header(
        "Content-Disposition", 'attachment; filename="=?UTF-8?B?0J/QuNGB0YzQvNC+LnR4dA==?="'
    )
    outer.attach(word)
    return outer.as_bytes()


def eml_broken_base64_attachment():
    return (
        b"From: Sam <sam@example.net>\r\nTo: jo@example.org\r\nSubject: file\r\n"
        b"Date: Tue, 05 Mar 2024 22:10:00 +0000\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n'
        b"Content-Type: text/plain\r\n\r\nSee attached.\r\n--b\r\n"
        b'Content-Type: image/jpeg; name="x.jpg"\r\nContent-Transfer-Encoding: base64\r\n'
        b'Content-Disposition: attachment; filename="x.jpg"\r\n\r\n/9j/4AAQSkZJRg!!!@@@\r\n'
        b"--b--\r\n"
    )


def eml_no_date_crlf_outlook():
    return (
        b'From: "Sam" <sam@example.net>\r\nTo: <jo@example.org>\r\nSubject: RE: \r\n'
        b"MIME-Version: 1.0\r\nX-Mailer: Microsoft Outlook 16.0\r\n"
        b'Content-Type: text/plain; charset="us-ascii"\r\n\r\nNo date on this one.\r\n'
    )


def mbox_three_messages():
    with tempfile.TemporaryDirectory() as folder:
        box = mailbox.mbox(f"{folder}/x.mbox")
        for day, text in enumerate(["First", "Second", "Third >From the start"], 1):
            message = EmailMessage()
            message["From"] = "Sam <sam@example.net>"
            message["To"] = "jo@example.org"
            message["Subject"] = f"Message {day}"
            message["Date"] = f"Sat, 0{day} Mar 2024 21:30:00 +0000"
            message.set_content(f"{text} message.\nFrom here on I watch you.\n")
            box.add(message)
        box.flush()
        box.close()
        return Path(f"{folder}/x.mbox").read_bytes()


def mbox_with_attachments():
    """Thunderbird's kind of mailbox, written by Python's mailbox module: a photo and a PDF
    on one message, a message forwarded as an attachment on another, none on the third."""
    with tempfile.TemporaryDirectory() as folder:
        box = mailbox.mbox(f"{folder}/x.mbox")
        box.add(files.eml_with_attachment())
        letter = EmailMessage()
        letter["From"], letter["To"] = "Sam <sam@example.net>", "jo@example.org"
        letter["Subject"], letter["Date"] = "Read this", "Sun, 03 Mar 2024 08:00:00 +0000"
        letter.set_content("Read the letter.\n")
        letter.add_attachment(
            files.pdf_with_text(), maintype="application", subtype="pdf", filename="letter.pdf"
        )
        forwarded = email.message_from_bytes(files.eml_with_attachment())
        letter.add_attachment(forwarded, filename="forwarded.eml")
        box.add(letter)
        plain = EmailMessage()
        plain["From"], plain["To"] = "Sam <sam@example.net>", "jo@example.org"
        plain["Subject"], plain["Date"] = "No files", "Mon, 04 Mar 2024 08:00:00 +0000"
        plain.set_content("Nothing attached.\n")
        box.add(plain)
        box.flush()
        box.close()
        return Path(f"{folder}/x.mbox").read_bytes()


def eml_with_winmail_dat():
    """What a victim's mail program shows when Outlook sent "Rich Text": a covering message
    and a winmail.dat (here tnefparse's own two-files.tnef) where the files should be."""
    message = EmailMessage()
    message["From"], message["To"] = "Sam <sam@example.net>", "jo@example.org"
    message["Subject"], message["Date"] = "two files", "Thu, 14 Oct 1999 02:49:09 +0000"
    message.set_content("\n")
    message.add_attachment(
        (FIXTURES / "tnefparse-two-files.tnef").read_bytes(),
        maintype="application",
        subtype="ms-tnef",
        filename="winmail.dat",
    )
    return message.as_bytes()


def _winmail_children(names):
    def check(evidence):
        [winmail] = evidence.children.all()
        assert winmail.detected_type == "application/vnd.ms-tnef"
        assert sorted(child.original_name for child in winmail.children.all()) == names

    return check


def emlx_apple_mail():
    """As Apple Mail stores a message: its length padded to ten characters, the message
    (here from Python's email package), then Apple's flags as a property list (plistlib)."""
    body = files.eml_with_attachment()
    flags = {"date-received": 1709415000, "flags": 8590195713, "remote-id": "4711"}
    return b"%-10d\n" % len(body) + body + plistlib.dumps(flags)


def eml_smime_encrypted():
    """An S/MIME-encrypted e-mail, as Outlook sends one with 'Encrypt' ticked: the body is
    an enveloped CMS blob only the recipient's key opens."""
    return (
        b"From: Sam <sam@example.net>\r\nTo: jo@example.org\r\nSubject: private\r\n"
        b"Date: Tue, 05 Mar 2024 22:10:00 +0000\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"\r\n'
        b'Content-Disposition: attachment; filename="smime.p7m"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\nMIAGCSqGSIb3DQEHA6CAMIACAQAxggE=\r\n"
    )


# ---------------------------------------------------------------- chats

LRM, NNBSP = "\u200e", "\u202f"

WHATSAPP = {
    "android-uk-24h.txt": (
        "02/03/2024, 21:14 - Messages and calls are end-to-end encrypted. No one outside of "
        "this chat, not even WhatsApp, can read or listen to them. Tap to learn more.\n"
        "02/03/2024, 21:14 - Sam: Why aren't you answering\n"
        "02/03/2024, 21:15 - Sam: <Media omitted>\n"
        "02/03/2024, 21:16 - Jo: Please stop.\nI mean it.\n\n"
        "14/03/2024, 07:01 - Sam: \U0001f621\U0001f621 answer\n"
        "14/03/2024, 07:02 - Sam: This message was deleted\n"
    ),
    "android-us-12h-nnbsp.txt": (
        f"3/2/24, 9:14{NNBSP}PM - Sam: Why aren't you answering\n"
        f"3/14/24, 7:01{NNBSP}AM - Jo: Stop\n"
    ),
    "ios-uk.txt": (
        "[02/03/2024, 21:14:05] Sam: \u200eMessages and calls are end-to-end encrypted.\n"
        "[02/03/2024, 21:14:05] Sam: Why aren't you answering\n"
        f"[02/03/2024, 21:15:00] Sam: {LRM}image omitted\n"
        f"{LRM}[02/03/2024, 21:16:00] Sam: "
        f"{LRM}<attached: 00000012-PHOTO-2024-03-02-21-16-00.jpg>\n"
        "[14/03/2024, 07:01:09] Jo: Stop\nplease\n"
    ),
    "ios-us-12h.txt": (
        f"[3/2/24, 9:14:05{NNBSP}PM] Sam: Why aren't you answering\n"
        f"[3/14/24, 7:01:09{NNBSP}AM] Jo: Stop\n"
    ),
    "android-de.txt": (
        "02.03.24, 21:14 - Sam: Warum antwortest du nicht\n14.03.24, 07:01 - Jo: Hör auf\n"
    ),
    "ios-de.txt": (
        "[02.03.24, 21:14:05] Sam: Warum antwortest du nicht\n[14.03.24, 07:01:09] Jo: Hör auf\n"
    ),
    "android-nl-no-comma.txt": (
        "02-03-2024 21:14 - Sam: Waarom antwoord je niet\n14-03-2024 07:01 - Jo: Stop\n"
    ),
    "android-es-pm.txt": (
        "2/3/24, 9:14 p. m. - Sam: ¿Por qué no contestas?\n14/3/24, 7:01 a. m. - Jo: Para\n"
    ),
    "android-ja-ymd.txt": "2024/03/02 21:14 - Sam: なぜ答えない\n2024/03/14 07:01 - Jo: やめて\n",
    "android-ar-rtl.txt": (
        "\u200f02/03/2024, 21:14 - \u200fسامي: \u200fلماذا لا تردين\n"
        "\u200f14/03/2024, 07:01 - \u200fجو: توقف\n"
    ),
    "android-crlf-bom.txt": (
        "\ufeff02/03/2024, 21:14 - Sam: one\r\n14/03/2024, 07:01 - Jo: two\r\nline\r\n"
    ),
    "ios-fr-seconds.txt": (
        "[02/03/2024 21:14:05] Sam: Pourquoi tu ne réponds pas\n[14/03/2024 07:01:09] Jo: Arrête\n"
    ),
}


def whatsapp(name):
    text = WHATSAPP[name]
    encoding = "utf-8"
    return lambda: text.encode(encoding)


def whatsapp_utf16():
    return WHATSAPP["android-uk-24h.txt"].encode("utf-16")


def whatsapp_ios_zip():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("_chat.txt", WHATSAPP["ios-uk.txt"])
        archive.writestr("00000012-PHOTO-2024-03-02-21-16-00.jpg", files.jpeg(width=64, height=48))
    return out.getvalue()


def sms_backup_mms_and_sms():
    return files.sms_xml_with_picture()


def calls_backup():
    return files.calls_xml()


CASES = [
    # Pictures: phones and cameras, made by Pillow and pillow-heif with real EXIF blocks.
    Case("IMG_0001.JPG", iphone_portrait_jpeg, "photo", "image/jpeg", upright="portrait",
         content_date="2024-07-14T14:05:09+00:00", top_marked=True),
    Case("20240302_211405.jpg", android_jpeg_orientation_8, "photo", "image/jpeg",
         upright="portrait", content_date="2024-03-02T21:14:05+00:00", top_marked=True),
    Case("progressive.jpg", progressive_jpeg, "photo", "image/jpeg", upright="landscape",
         content_date="2024-01-05T08:00:00+00:00", top_marked=True),
    Case("cmyk.jpg", cmyk_jpeg, "photo", "image/jpeg", upright="landscape", top_marked=True),
    Case("grey.jpg", grey_jpeg, "photo", "image/jpeg", upright="landscape", top_marked=True),
    Case("cut-short.jpg", truncated_jpeg, None, refused_because="damaged or incomplete"),
    Case("broken-exif.jpg", jpeg_with_broken_exif, "photo", "image/jpeg"),
    Case("Screenshot_alpha.png", png_with_alpha, "screenshot", "image/png", upright="portrait"),
    Case("16bit.png", png_16_bit_grey, "screenshot", "image/png", upright="landscape"),
    Case("palette.png", png_palette_transparent, "screenshot", "image/png"),
    Case("anim.gif", animated_gif, "photo", "image/gif", upright="landscape", top_marked=True),
    Case("anim.webp", animated_webp, "photo", "image/webp", upright="landscape", top_marked=True),
    Case("alpha.webp", webp_lossless_alpha, "photo", "image/webp", upright="portrait"),
    Case("PXL_20240501.avif", avif_photo, "photo", "image/avif", upright="landscape",
         content_date="2024-05-01T11:30:00+00:00", top_marked=True),
    # pillow-heif writes the pixels as given and drops the EXIF orientation (HEIF turns
    # pictures with its own irot box), so this one is stored, and shown, landscape.
    Case("IMG_0002.HEIC", heic_iphone_portrait, "photo", "image/heic", upright="landscape",
         content_date="2024-07-14T14:05:09+00:00"),
    Case("fax.tiff", tiff_multipage, "photo", "image/tiff", upright="portrait", top_marked=True),
    Case("screen.bmp", bmp_screenshot, "screenshot", "image/bmp"),
    Case("xiaomi.heic", fixture("pillow_heif-xiaomi.heic"), "photo", "image/heic",
         upright="landscape", content_date="2023-04-27T16:44:18+00:00"),
    Case("exif.heic", fixture("pillow_heif-L_exif_xmp_iptc.heic"), "photo", "image/heic"),
    Case("10bit.heif", fixture("pillow_heif-RGBA_10__29x100.heif"), "photo", "image/heic"),
    Case("pug.heic", fixture("pillow_heif-zPug_3.heic"), "photo", "image/heic"),
    Case("truncated.heic", fixture("pillow_heif-truncated.heic"), "photo", "image/heic"),
    Case("corrupted.heic", fixture("pillow_heif-corrupted.heic"), None),
    Case("rgba16.png", fixture("pillow_heif-RGBA_16__29x100.png"), "screenshot", "image/png"),
    Case("l16.png", fixture("pillow_heif-L_16__29x100.png"), "screenshot", "image/png"),
    Case("xmp.webp", fixture("pillow_heif-xmp.webp"), "photo", "image/webp"),
    Case("xmp.tiff", fixture("pillow_heif-xmp.tiff"), "photo", "image/tiff"),
    # Sound and video from Debian's ffmpeg.
    Case("Voice 001.m4a", m4a_voice_memo, "audio", "audio/mp4",
         content_date="2024-03-02T21:14:05+00:00"),
    Case("PTT-20240302-WA0001.opus", opus_in_ogg, "audio", "audio/ogg"),
    Case("recording.ogg", vorbis_ogg, "audio", "audio/ogg"),
    Case("voice.webm", webm_audio, "audio", "audio/webm"),
    Case("screen.webm", webm_vp9, "video", "video/webm"),
    Case("VID_20240302_211405.mp4", mp4_h264_portrait, "video", "video/mp4", upright="portrait",
         content_date="2024-03-02T21:14:05+00:00"),
    Case("IMG_0042.MOV", mov_hevc, "video", "video/quicktime"),
    Case("clip.3gp", three_gp_h263_aac, "video", "video/3gpp"),
    Case("clip.mkv", mkv_video, "video", "video/webm"),
    Case("voicemail.mp3", mp3_with_id3, "audio", "audio/mpeg"),
    Case("voice.aac", aac_adts, "audio", "audio/aac"),
    Case("voice.flac", flac_audio, "audio", "audio/flac"),
    Case("memo.wav", wav_pcm, "audio", "audio/wav"),
    # Documents.
    Case("scan.pdf", pdf_scanned, "document", "application/pdf"),
    Case("locked.pdf", pdf_encrypted_user_password, "document", "application/pdf"),
    Case("owner-locked.pdf", pdf_encrypted_owner_only, "document", "application/pdf",
         text="Owner-locked text"),
    Case("cut.pdf", pdf_truncated, "document", "application/pdf"),
    Case("garbage.pdf", pdf_garbage_after_header, "document", "application/pdf"),
    Case("diary.docx", docx_python_docx, "document", None, text="parked outside again"),
    Case("sheet.xlsx", xlsx_like_zip, "document",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    Case("notes.odt", odt_like_zip, "document"),
    Case("log.xlsx", xlsx_spec, "document",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         text="Parked outside the school gates"),
    Case("timeline.pptx", pptx_spec, "document",
         "application/vnd.openxmlformats-officedocument.presentationml.presentation",
         text="messages every night"),
    Case("diary.odt", odt_spec, "document", "application/vnd.oasis.opendocument.text",
         text="parked  outside\tagain\nat 07:50."),
    Case("calls.ods", ods_spec, "document", "application/vnd.oasis.opendocument.spreadsheet",
         text="02/03/2024\tWithheld number, 14 calls"),
    Case("timeline.odp", odp_spec, "document", "application/vnd.oasis.opendocument.presentation",
         text="Followed me home twice"),
    Case("calls.csv", csv_call_log, "calls", "text/csv"),
    Case("Call History.csv", csv_call_log_excel_semicolons, "calls", "text/csv"),
    Case("sms.csv", lambda: b"Date,Number,Message\n02/03/2024 21:02,07700900123,hi\n",
         "document", "text/plain"),
    Case("sam.vcf", vcard, "document", "text/plain"),
    Case("result.json", telegram_json, "messages", "application/json", messages=2,
         text="I can see your car", content_date="2024-03-02T21:14:05+00:00"),
    Case("all-chats.json", lambda: telegram_all_chats(), "messages", "application/json",
         messages=3),
    Case("Telegram export.zip", telegram_export_zip, "messages", "application/zip", messages=6,
         children=1),
    Case("Telegram export json.zip", lambda: telegram_export_zip(html=False), "messages",
         "application/zip", messages=2, children=1),
    Case("package.json", lambda: b'{"name": "x", "version": "1.0.0"}', "document"),
    Case("messages.html", telegram_html, "messages", "text/html", messages=3,
         text="Stop contacting me", content_date="2024-03-02T21:14:05+00:00"),
    Case("page.html", lambda: files.HTML_PAGE, "document", "text/html"),
    Case("chat.md", signal_txt_export, "messages", messages=2),
    # E-mail.
    Case("czech.eml", eml_windows_1250_qp, "email", "message/rfc822", messages=1,
         text="Vím, kde bydlíš", first_sent="2024-03-05T21:10:00+00:00"),
    Case("polish.eml", eml_iso_8859_2_base64, "email", "message/rfc822", messages=1,
         text="Zobaczymy się"),
    Case("japanese.eml", eml_shift_jis, "email", "message/rfc822", messages=1,
         text="あなたの家を知っている"),
    Case("latin1.eml", eml_undeclared_8bit_latin1, "email", "message/rfc822", messages=1),
    Case("nonsense-charset.eml", eml_unknown_charset, "email", "message/rfc822", messages=1,
         text="I am outside now"),
    Case("nested.eml", eml_nested_related_inline_image, "email", "message/rfc822", messages=1,
         text="picture of your door"),
    Case("broken-attachment.eml", eml_broken_base64_attachment, "email", "message/rfc822"),
    Case("outlook-no-date.eml", eml_no_date_crlf_outlook, "email", "message/rfc822", messages=1),
    Case("encrypted.eml", eml_smime_encrypted, "email", "message/rfc822",
         text="Its text is encrypted (S/MIME or PGP)"),
    Case("Inbox.mbox", mbox_three_messages, "email", "application/mbox", messages=3,
         text="From here on I watch you"),
    Case("Takeout.mbox", mbox_with_attachments, "email", "application/mbox", messages=3,
         children=3, text="Read the letter"),
    # Apple Mail's own store format (a byte count, the message, a property list).
    Case("1234.emlx", emlx_apple_mail, "email", "message/x-emlx", messages=1, children=1,
         text="pub on the high street", content_date="2024-03-02T21:30:00+00:00"),
    # Outlook's winmail.dat (TNEF), from tnefparse's tests: attachments, HTML, plain, RTF.
    Case("winmail.dat", fixture("tnefparse-two-files.tnef"), "email", "application/vnd.ms-tnef",
         messages=0, children=2),
    Case("WINMAIL.DAT", fixture("tnefparse-unicode-mapi-attr-name.tnef"), "email",
         "application/vnd.ms-tnef", messages=1, children=4, text="Przesyłam poprawiony plik",
         content_date="2014-06-20T10:27:10+00:00"),
    Case("appointment.dat", fixture("tnefparse-triples.tnef"), "email", messages=1,
         text="Sample description"),
    Case("body.dat", fixture("tnefparse-body.tnef"), "email", messages=1,
         text="THE BILL OF RIGHTS"),
    Case("rtf.dat", fixture("tnefparse-rtf.tnef"), "email", messages=0,
         text="compressed RTF form"),
    Case("rich-text.eml", eml_with_winmail_dat, "email", "message/rfc822", children=1,
         checks=[_winmail_children(["AUTHORS", "README"])]),
    Case("sample.msg", fixture("MAPI-sample.msg"), "email", "application/vnd.ms-outlook"),
    Case("Swetlana.msg", fixture("MAPI-Swetlana.msg"), "email", "application/vnd.ms-outlook"),
    # Chats and phone backups.
    *[
        Case(f"WhatsApp Chat - {name}", whatsapp(name), "messages", "text/plain")
        for name in WHATSAPP
    ],
    Case("WhatsApp Chat utf16.txt", whatsapp_utf16, "messages", "text/plain"),
    Case("WhatsApp Chat - Sam.zip", whatsapp_ios_zip, "messages", "application/zip"),
    Case("sms-20240303.xml", sms_backup_mms_and_sms, "messages", "application/xml"),
    Case("calls-20240303.xml", calls_backup, "calls", "application/xml"),
    # Wrong names and nothing at all.
    Case("empty.jpg", lambda: b"", None, refused_because="empty"),
    Case("photo.png", iphone_portrait_jpeg, "photo", "image/jpeg"),  # a JPEG named .png
    Case("letter.jpg", files.pdf_with_text, None, refused_because="rename it"),
    Case("video.mp3", m4a_voice_memo, "audio", "audio/mp4"),
    Case("invoice.pdf", lambda: files.HTML_PAGE, None, refused_because="rename it"),
    Case("no-extension", files.jpeg, "photo", "image/jpeg"),
    Case("IMG.jpg.exe", lambda: b"MZ\x90\x00" + bytes(200), "other"),
]  # fmt: skip
