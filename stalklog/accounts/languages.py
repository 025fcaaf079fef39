"""Which language a page is shown in, and remembering her choice.

The choice lives in two places only: the session (so it holds before she signs in, and dies
with the browser or the quick exit) and her account (so it follows her to another device).
Never in the URL, where it would sit in the browser's history, and never in a cookie of its
own, which would outlive the quick exit's flush of the session.
"""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

SESSION_KEY = "stalklog_language"
DEFAULT = settings.LANGUAGE_CODE


def supported(code):
    """`code` if it is one of ours (exactly), else None."""
    return code if code in dict(settings.LANGUAGES) else None


def from_browser(request):
    """The first of the browser's Accept-Language choices that we have, or None.

    The browser's own setting says nothing the device does not already show (its menus are
    in that language), and nothing she chose here is stored to get it; so a page opened
    before she has chosen is in the language her phone speaks rather than always English.
    """
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        if code == "*":
            continue
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return None


def language_for(request):
    """Her account's language when signed in, else the session's, else the browser's, else
    English (en-gb). The account wins so a choice made on her phone holds on a library
    computer once she signs in; a signed-out page on a shared device shows what that
    browser asks for, never what someone else chose for their account."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and supported(user.language):
        return user.language
    return supported(request.session.get(SESSION_KEY, "")) or from_browser(request) or DEFAULT


def choose_language(request, code):
    """Remember `code` in the session and, when she is signed in, on her account."""
    code = supported(code)
    if code is None:
        raise ValueError(f"not a language we have: {code!r}")
    request.session[SESSION_KEY] = code
    user = request.user
    if user.is_authenticated and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    translation.activate(code)
    request.LANGUAGE_CODE = code
    return code


def choices():
    """Each language in its own name, with its code and writing direction, for the chooser."""
    return [
        {"code": code, "name": name, "bidi": translation.get_language_info(code)["bidi"]}
        for code, name in settings.LANGUAGES
    ]


@receiver(user_logged_in, dispatch_uid="stalklog_language_at_sign_in")
def keep_choice_made_before_sign_in(sender, request, user, **kwargs):
    """A language chosen before signing up or in becomes her account's, unless the account
    already has one (which then wins: she chose it, perhaps on her own phone)."""
    if request is None or user.language:
        return
    chosen = supported(request.session.get(SESSION_KEY, ""))
    if chosen:
        user.language = chosen
        user.save(update_fields=["language"])
