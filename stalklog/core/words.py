"""Word search over text decrypted in memory: whole words and word starts, never the middle
of a word ("car" finds "car", "cars" and "Carlisle", not "scared"), ignoring case and accents.

Search words are typed by a victim about her abuser: nothing here logs, stores or returns
them; a `Terms` lives only for the request that asked.
"""

import re
import unicodedata

MAX_TERMS = 12
MAX_TERM_CHARS = 100
# Kept at the ends of a typed term: they start a handle (@sam, #tag) or a number (+44...).
_KEPT_PUNCTUATION = "@#+"
# Combining marks left by NFKD (é -> e + U+0301): the blocks that Latin, Greek and Cyrillic
# accents fall in. Dropping them makes "Zoë" and "zoe" the same word.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Curly apostrophes (phones type them) read as the straight one.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def normalise(text: str) -> str:
    """`text` as searches compare it: case folded, accents stripped."""
    if text.isascii():  # most text: no accents to strip, and lower() is casefold() here
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return _COMBINING.sub("", text).casefold()


def _pattern(term: str) -> re.Pattern:
    # A term that starts with a letter or digit must start a word: the character before it
    # is not a letter or digit ("_" separates, as in sam_jones).
    if term[0].isalnum():
        return re.compile(r"(?<![^\W_])" + re.escape(term))
    return re.compile(re.escape(term))


class Terms:
    """The words of one search: every one must be found, each at the start of a word.

    `mask(text)` says which terms `text` holds as a bit mask, so several fields of one
    incident can be combined (`mask_a | mask_b == terms.every`) and each field that helped
    can be named.
    """

    def __init__(self, query: str):
        terms = []
        for raw in normalise(query or "").split():
            term = raw.strip(_strip_chars(raw))
            if term and term not in terms:
                terms.append(term[:MAX_TERM_CHARS])
        self.terms = terms[:MAX_TERMS]
        self._searches = [_pattern(term).search for term in self.terms]
        self.every = (1 << len(self.terms)) - 1

    def __bool__(self):
        return bool(self.terms)

    def mask(self, text: str) -> int:
        """Bit i is set when term i starts a word of `text`."""
        if not text:
            return 0
        text = normalise(text)
        found = 0
        for bit, search in enumerate(self._searches):
            if search(text):
                found |= 1 << bit
        return found

    def matches(self, text: str) -> bool:
        """Does `text` alone hold every term?"""
        return bool(self.terms) and self.mask(text) == self.every


def _strip_chars(raw: str) -> str:
    """The characters to strip from the ends of a typed term: punctuation around it
    (quotes, commas, full stops), but not what starts a handle or a number."""
    return "".join(ch for ch in set(raw) if not ch.isalnum() and ch not in _KEPT_PUNCTUATION)
