"""The only way WeasyPrint may load anything while rendering an export (threat model 9).

Templates name resources with our own scheme: `stalklog-export:static/css/print.css` for a
static asset, `stalklog-export:image/JS_1` for the pre-scaled preview of an exhibit of the
log being exported. Everything else (http, https, file, data, ftp, a relative path, a
static file outside the allowed folders) is refused and noted, so a URL smuggled into user
text can never make the server fetch it.
"""

import mimetypes

from django.contrib.staticfiles import finders

from incidents.export.weasy import URLFetcher, URLFetcherResponse

SCHEME = "stalklog-export:"
STATIC_PREFIX = SCHEME + "static/"
IMAGE_PREFIX = SCHEME + "image/"
ALLOWED_STATIC = {
    "css/print.css": "text/css",
    "css/documents.css": "text/css",
}


def static_url(path: str) -> str:
    return STATIC_PREFIX + path


def image_url(name: str) -> str:
    return IMAGE_PREFIX + name


class RefusedURL(ValueError):
    """WeasyPrint asked for something outside the export; it is skipped, never fetched."""


class ExportURLFetcher(URLFetcher):
    """Serve our own print assets and this export's images; refuse everything else."""

    def __init__(self, images: dict[str, tuple[bytes, str]] | None = None):
        super().__init__(allowed_protocols=())
        self.images = images or {}
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith(STATIC_PREFIX):
            path = url.removeprefix(STATIC_PREFIX)
            if path in ALLOWED_STATIC:
                found = finders.find(path)
                if found:
                    with open(found, "rb") as static_file:
                        body = static_file.read()
                    return URLFetcherResponse(url, body, {"Content-Type": ALLOWED_STATIC[path]})
        elif url.startswith(IMAGE_PREFIX):
            name = url.removeprefix(IMAGE_PREFIX)
            if name in self.images:
                body, content_type = self.images[name]
                return URLFetcherResponse(url, body, {"Content-Type": content_type})
        self.refused.append(url)
        raise RefusedURL(f"export refused to fetch {url[:80]!r}")


def guess_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"
