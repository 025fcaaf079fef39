"""Copies of photos without the position they were taken at."""

import io

import pytest
from PIL import Image

from evidence.images import analyse_image
from evidence.locationless import NotAnImage, strip_location

from .files import jpeg


def test_a_jpeg_copy_has_no_gps_and_the_same_pixels():
    original = jpeg(gps=(51.5007, -0.1246), orientation=6)
    assert analyse_image(original).gps
    copy, extension = strip_location(original, "image/jpeg")
    assert extension == "jpg"
    assert analyse_image(copy).gps is None
    with Image.open(io.BytesIO(copy)) as stripped, Image.open(io.BytesIO(original)) as source:
        assert stripped.tobytes() == source.tobytes()  # lossless: the same compressed pixels
        assert stripped.getexif().get(0x0112) == 6  # still shown upright
        assert not stripped.getexif().get_ifd(0x8825)
        assert 0x010F not in stripped.getexif()  # nor the camera


def test_the_copy_is_the_same_every_time():
    original = jpeg()
    assert strip_location(original, "image/jpeg") == strip_location(original, "image/jpeg")


def test_bytes_after_the_end_of_the_image_are_left_behind():
    original = jpeg() + b"PK\x03\x04 a hidden payload with GPS 51.5,-0.12"
    copy, _ = strip_location(original, "image/jpeg")
    assert b"hidden payload" not in copy
    assert copy.endswith(b"\xff\xd9")


def test_a_png_copy_drops_its_exif_chunk():
    image = Image.new("RGB", (20, 10), (1, 2, 3))
    exif = Image.Exif()
    exif[0x010F] = "Camera"
    out = io.BytesIO()
    image.save(out, "PNG", exif=exif.tobytes())
    assert b"eXIf" in out.getvalue()
    copy, extension = strip_location(out.getvalue(), "image/png")
    assert extension == "png" and b"eXIf" not in copy
    with Image.open(io.BytesIO(copy)) as stripped:
        assert stripped.tobytes() == image.tobytes()


def test_other_images_are_copied_from_pixels_as_jpeg():
    out = io.BytesIO()
    Image.new("RGB", (30, 20), (9, 9, 9)).save(out, "WEBP")
    copy, extension = strip_location(out.getvalue(), "image/webp")
    assert extension == "jpg" and copy[:2] == b"\xff\xd8"


def test_something_that_is_not_a_jpeg_is_refused():
    with pytest.raises(NotAnImage):
        strip_location(b"GIF89a...", "image/jpeg")
