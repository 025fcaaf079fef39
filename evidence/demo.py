"""Demo photos for seed_demo --photos: realistic JPEGs, EXIF and all."""

import io

from django.utils import timezone
from PIL import Image, ImageDraw, ImageFilter

PHONES = [("Apple", "iPhone 13"), ("samsung", "SM-S911B"), ("Google", "Pixel 7a")]
SCENES = [
    ("Car parked outside the house", "car"),
    ("Flowers left on the doorstep", "gift"),
    ("Damage to the car door", "damage"),
    ("Someone standing across the road", "watcher"),
]
# Somewhere plausible in Manchester; demo data only.
BASE_GPS = (53.4794, -2.2453)


def _scene(rng, kind, width=1600, height=1200) -> Image.Image:
    sky = (rng.randint(90, 150), rng.randint(120, 170), rng.randint(170, 230))
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    ground = int(height * 0.62)
    draw.rectangle([0, ground, width, height], fill=(95, 95, 100))
    for x in range(0, width, 220):  # houses
        tone = rng.randint(120, 180)
        draw.rectangle([x + 10, ground - 300, x + 200, ground], fill=(tone, tone // 2, tone // 3))
        draw.rectangle([x + 50, ground - 240, x + 110, ground - 170], fill=(220, 220, 190))
    if kind in ("car", "damage"):
        draw.rounded_rectangle([500, ground + 40, 1100, ground + 240], 40, fill=(30, 60, 140))
        draw.ellipse([560, ground + 200, 680, ground + 320], fill=(20, 20, 20))
        draw.ellipse([920, ground + 200, 1040, ground + 320], fill=(20, 20, 20))
        if kind == "damage":
            draw.line([620, ground + 90, 900, ground + 150], fill=(230, 230, 230), width=6)
    elif kind == "gift":
        draw.rectangle([700, ground + 60, 900, ground + 260], fill=(150, 30, 60))
        for dx in range(0, 200, 40):
            draw.ellipse([690 + dx, ground - 10, 740 + dx, ground + 60], fill=(220, 60, 90))
    else:
        draw.ellipse([1150, ground - 160, 1210, ground - 100], fill=(60, 40, 30))
        draw.rectangle([1140, ground - 100, 1220, ground + 60], fill=(30, 30, 40))
    # Sensor noise and a little blur, so the JPEG compresses like a real photo.
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return Image.blend(image.filter(ImageFilter.GaussianBlur(1)), noise, 0.12)


def make_photo_of_size(rng, width, height, phone) -> bytes:
    """A photo of the given size (for the upload benchmark)."""
    return make_photo(rng, "car", timezone.localtime(), phone, size=(width, height))


def make_photo(rng, kind, taken, phone, gps=None, size=(1600, 1200)) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = phone
    exif[0x0131] = "17.2.1" if phone[0] == "Apple" else "Android"
    exif[0x0112] = 1
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if gps:
        gps_ifd = exif.get_ifd(0x8825)
        for ref_tag, tag, value, (positive, negative) in (
            (1, 2, gps[0], "NS"),
            (3, 4, gps[1], "EW"),
        ):
            degrees, minutes = int(abs(value)), (abs(value) - int(abs(value))) * 60
            gps_ifd[ref_tag] = positive if value >= 0 else negative
            gps_ifd[tag] = (degrees, int(minutes), round((minutes - int(minutes)) * 60, 2))
    out = io.BytesIO()
    _scene(rng, kind, *size).save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()
