"""Photo previews scaled for print: small JPEGs with no metadata, made once per export.

The evidence app's previews are already stripped and rotated; here they are only scaled
to what 90 mm on paper needs, so the PDF stays small and layout does not decode megapixels.
"""

import concurrent.futures
import io
import os

from PIL import Image

MAX_EDGE_PX = 800
JPEG_QUALITY = 78


def print_size(width: int, height: int) -> tuple[int, int]:
    """The size a picture of `width` x `height` is printed from (at most MAX_EDGE_PX)."""
    scale = min(1.0, MAX_EDGE_PX / max(width, height, 1))
    return max(1, round(width * scale)), max(1, round(height * scale))


def scale_for_print(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        # A JPEG decodes at a reduced scale (1/2, 1/4, 1/8) no smaller than the size asked
        # for. Asked for the printed size itself, a 1600 x 1200 preview decodes straight to
        # 800 x 600 (a tenth of the CPU of decoding it whole and resampling); asked for a
        # square 800 x 800, it decoded whole, since 1/2 would have been under 800 high.
        image.draft("RGB", print_size(*image.size))
        image = image.convert("RGB")
        image.thumbnail((MAX_EDGE_PX, MAX_EDGE_PX))
        out = io.BytesIO()
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        return out.getvalue()


def prepare_images(exhibits, names, cache=None) -> dict[str, tuple[bytes, str]]:
    """{exhibit file stem: (JPEG bytes, content type)} for the previews in `names`.

    A print-size copy made before (by the background warm-up soon after the upload, or an
    earlier export) is taken from `cache` (an encrypted SectionCache). Others are read here,
    in order, then scaled in threads: Pillow lets go of the GIL while it decodes, resizes
    and encodes, so the scaling uses every core; then they are kept in the cache.
    """
    ready, previews, keys = {}, {}, {}
    for exhibit in exhibits:
        if exhibit.file_stem not in names or not exhibit.read_preview:
            continue
        key = cache.image_key(exhibit.preview_sha256) if cache and exhibit.preview_sha256 else None
        cached = cache.get_bytes(key) if key else None
        if cached:
            ready[exhibit.file_stem] = (cached, "image/jpeg")
            continue
        preview = exhibit.read_preview()
        if preview:
            previews[exhibit.file_stem], keys[exhibit.file_stem] = preview, key
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        scaled = dict(zip(previews, pool.map(scale_for_print, previews.values()), strict=True))
    for name, body in scaled.items():
        if keys[name]:
            cache.put_bytes(keys[name], body)
        ready[name] = (body, "image/jpeg")
    return ready
