"""Headers that protect every response, and no-store for anything a signed-in user sees."""

from django.utils.cache import add_never_cache_headers, patch_vary_headers

PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Every page may show or lead to a victim's data; a shared device must keep none
        # of it in its cache or back-forward history.
        add_never_cache_headers(response)
        response["Cache-Control"] = "no-store, max-age=0"
        patch_vary_headers(response, ["Cookie"])
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response


class NullOriginMiddleware:
    """Let Django's CSRF check work under `Referrer-Policy: no-referrer`.

    Under no-referrer, browsers send `Origin: null` on our own form posts, which Django's
    CsrfViewMiddleware rejects. When the browser also says, in Sec-Fetch-Site (a header
    page scripts cannot set), that the request came from this origin, we restore the real
    origin before the CSRF check. The CSRF token is still checked as usual.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        if meta.get("HTTP_ORIGIN") == "null" and meta.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            meta["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
