"""The language the police document is printed in, whatever the language of the pages.

The document is English unless she chooses Welsh, or both: a bilingual document prints each
heading and label as "English / Cymraeg" and her own words once, as she wrote them (they
never pass through a catalogue). It is rendered under the chosen language, not the page's:
a Polish-speaking victim's default export is English, for an English-speaking court.
"""

import contextlib
import contextvars
import functools
import gettext as gettext_module

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy, trans_real

ENGLISH = "en"
WELSH = "cy"
BILINGUAL = "bilingual"
# The choices, each in its own words, as the language link names languages.
CHOICES = [
    (ENGLISH, "English"),
    (WELSH, "Cymraeg"),
    (BILINGUAL, "English / Cymraeg"),
]
HELP_TEXT = gettext_lazy(
    "The police document is in English unless you choose Welsh or both languages. "
    "What you wrote is printed as you wrote it, never translated."
)
_DJANGO_LANGUAGE = {ENGLISH: "en-gb", WELSH: "cy", BILINGUAL: "en-gb"}
_HTML_LANG = {ENGLISH: "en-GB", WELSH: "cy", BILINGUAL: "en-GB"}
SEPARATOR = " / "

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "stalklog_document_language", default=None
)


@functools.cache
def _our_welsh_msgids() -> frozenset:
    """The msgids of our own Welsh catalogue: only those are printed twice in a bilingual
    document (Django's words, such as month names in dates, stay English there)."""
    for path in settings.LOCALE_PATHS:
        try:
            with open(f"{path}/cy/LC_MESSAGES/django.mo", "rb") as mo:
                catalog = gettext_module.GNUTranslations(mo)._catalog  # noqa: SLF001
        except OSError:
            continue
        return frozenset(key[0] if isinstance(key, tuple) else key for key in catalog)
    return frozenset()


class BilingualTranslation:
    """Stands in for Django's active translation: English, then " / " and the Welsh, for
    every message our Welsh catalogue translates differently."""

    def __init__(self):
        self.english = trans_real.translation("en-gb")
        self.welsh = trans_real.translation("cy")
        self.ours = _our_welsh_msgids()

    def _both(self, key, english, welsh):
        if key not in self.ours or welsh == english:
            return english
        # pgettext asks for "context\x04message"; English has no entry, so it comes back whole.
        english = english.rsplit("\x04", 1)[-1]
        return f"{english}{SEPARATOR}{welsh}"

    def gettext(self, message):
        return self._both(message, self.english.gettext(message), self.welsh.gettext(message))

    def ngettext(self, singular, plural, number):
        return self._both(
            singular,
            self.english.ngettext(singular, plural, number),
            self.welsh.ngettext(singular, plural, number),
        )

    def language(self):
        return "en-gb"

    def to_language(self):
        return "en-gb"

    def __getattr__(self, name):
        return getattr(self.english, name)


def normalise(code: str | None) -> str:
    return code if code in _DJANGO_LANGUAGE else ENGLISH


@contextlib.contextmanager
def document_language(code: str):
    """Render the document (its text, dates and footers) in `code`'s language."""
    code = normalise(code)
    token = _current.set(code)
    try:
        if code == BILINGUAL:
            previous = getattr(trans_real._active, "value", None)  # noqa: SLF001
            trans_real._active.value = BilingualTranslation()  # noqa: SLF001
            try:
                yield code
            finally:
                if previous is None:
                    translation.deactivate()
                else:
                    trans_real._active.value = previous  # noqa: SLF001
        else:
            with translation.override(_DJANGO_LANGUAGE[code]):
                yield code
    finally:
        _current.reset(token)


def current() -> str:
    """The document language being rendered (English outside document_language)."""
    return _current.get() or ENGLISH


def html_lang() -> str:
    """The lang of the document's HTML and of the tagged PDF."""
    return _HTML_LANG[current()]
