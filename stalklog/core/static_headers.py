"""Headers for static files, which whitenoise answers before any middleware of ours.

Imported by settings (WHITENOISE_ADD_HEADERS_FUNCTION must be a function, not a path), so it
imports nothing from the apps.
"""

STATIC_FILE_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'; sandbox"
)


def static_file_headers(headers, path, url):
    """Frame denial, and a policy under which an SVG or a stylesheet opened on its own in
    a tab runs nothing and loads nothing from elsewhere."""
    headers["Content-Security-Policy"] = STATIC_FILE_CSP
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
