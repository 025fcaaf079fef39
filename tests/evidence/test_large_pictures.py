"""A picture too large to decode quickly (a 50-megapixel PNG cannot be decoded at a reduced
scale) gets its preview from the background worker, with "Preview being made" until then;
smaller pictures, and JPEGs of any size, keep their preview from the upload itself."""

import io
from datetime import UTC, datetime

import pytest
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFile

from evidence import images
from evidence.models import Evidence
from evidence.reading import read_exhibit
from evidence.services import store_upload
from tests.evidence import files
from tests.evidence.conftest import upload


@pytest.fixture(scope="module")
def png_50mp() -> bytes:
    """A 5000 x 10000 scrolling screenshot: chat bubbles on white."""
    image = Image.new("RGB", (5000, 10000), "white")
    draw = ImageDraw.Draw(image)
    for top in range(0, 10000, 400):
        draw.rectangle([100, top, 3000, top + 200], fill=(220, 248, 198))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


@pytest.fixture
def no_worker(settings):
    """Tasks are queued and not run, as in production until the worker takes them."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": ["default"]}
    }


def _refuse_to_decode(self):
    raise AssertionError("the upload request decoded the picture's pixels")


@pytest.fixture
def pixels_never_decoded(monkeypatch):
    monkeypatch.setattr(ImageFile.ImageFile, "load", _refuse_to_decode)


def worker_reads(evidence) -> Evidence:
    fresh = Evidence.objects.select_related("log").get(pk=evidence.pk)
    read_exhibit(fresh)
    return Evidence.objects.select_related("log").get(pk=evidence.pk)


def test_a_50_megapixel_png_is_measured_but_not_decoded_in_the_upload(
    victim, no_worker, png_50mp, pixels_never_decoded
):
    evidence = store_upload(victim.log, victim, upload("Screenshot_long.png", png_50mp))
    assert evidence.reading == "waiting" and not evidence.has_preview
    assert evidence.metadata["image"] == {"width": 5000, "height": 10000}
    assert evidence.metadata["preview_later"] is True
    assert evidence.kind == Evidence.Kind.SCREENSHOT


def test_the_worker_makes_the_preview_and_the_page_says_it_is_coming_until_then(
    victim, victim_client, no_worker, png_50mp
):
    evidence = store_upload(victim.log, victim, upload("Screenshot_long.png", png_50mp))
    url = reverse("exhibit_detail", args=[evidence.pk])
    waiting = victim_client.get(url).content.decode()
    assert "Preview being made." in waiting and "5000 × 10000 pixels" in waiting
    assert reverse("exhibit_preview", args=[evidence.pk]) not in waiting

    done = worker_reads(evidence)

    assert done.has_preview and done.thumbnail_blob and done.perceptual_hash
    assert "preview_later" not in done.metadata
    page = victim_client.get(url).content.decode()
    assert "Preview being made" not in page
    preview = victim_client.get(reverse("exhibit_preview", args=[evidence.pk]))
    assert preview.status_code == 200
    assert max(Image.open(io.BytesIO(preview.content)).size) == images.PREVIEW_PIXELS


def test_a_late_preview_still_finds_a_look_alike(victim, no_worker, png_50mp, monkeypatch):
    monkeypatch.setattr(images, "PREVIEW_IN_REQUEST_PIXELS", 10**9)
    first = store_upload(victim.log, victim, upload("a.png", png_50mp))
    assert first.has_preview  # made at once: this one is not "large" here
    monkeypatch.setattr(images, "PREVIEW_IN_REQUEST_PIXELS", images.PREVIEW_PIXELS**2)
    second = worker_reads(store_upload(victim.log, victim, upload("b.png", png_50mp)))
    assert second.metadata["looks_like"] == ["JS/1"]


def test_exif_in_a_large_pictures_header_is_read_in_the_upload(victim, no_worker, monkeypatch):
    photo = Image.open(io.BytesIO(files.jpeg()))
    out = io.BytesIO()
    photo.save(out, "PNG", exif=photo.getexif())  # eXIf before the pixels, as Pillow writes
    monkeypatch.setattr(images, "PREVIEW_IN_REQUEST_PIXELS", 100)
    monkeypatch.setattr(ImageFile.ImageFile, "load", _refuse_to_decode)
    evidence = store_upload(victim.log, victim, upload("IMG_0042.png", out.getvalue()))
    assert evidence.metadata["preview_later"] and evidence.has_gps
    assert evidence.content_date == datetime(2024, 3, 2, 21, 14, 5, tzinfo=UTC)


def test_a_small_png_and_a_large_jpeg_keep_their_preview_from_the_upload(victim, no_worker):
    small = store_upload(victim.log, victim, upload("s.png", files.png_screenshot()))
    large_jpeg = store_upload(victim.log, victim, upload("p.jpg", files.jpeg(6000, 4000)))
    assert small.has_preview and large_jpeg.has_preview
    assert "preview_later" not in small.metadata | large_jpeg.metadata


def test_an_oversized_picture_is_still_refused_from_its_header(victim, no_worker, settings):
    from evidence.services import UploadRejected

    settings.STALKLOG_MAX_IMAGE_PIXELS = 1_000_000
    with pytest.raises(UploadRejected, match="more than the 1 megapixels we accept"):
        store_upload(victim.log, victim, upload("huge.png", files.png_screenshot(2000, 1000)))
