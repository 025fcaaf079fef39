"""The person whose log it is may be any gender: our own English never calls them "she".

The msgids of the Welsh catalogues are every marked English string of the app (templates,
gettext in Python, the page scripts' words), so they are read here rather than the sources.
"""

import ast
import re
from pathlib import Path

from django.conf import settings

CATALOGUES = [
    Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / f"{domain}.po"
    for domain in ("django", "djangojs")
]
GENDERED = re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE)
# A msgid that may keep one of those words, with the reason. None yet: a quotation of the
# law or of someone's own words would belong here, never our own wording.
ALLOWED: dict[str, str] = {}


def english_strings(path):
    """Every msgid and msgid_plural in a .po file (not the "#|" previous ones, not "#~")."""
    strings, current = [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        keyword = re.match(r"(msgid|msgid_plural|msgctxt|msgstr(?:\[\d+\])?) (\".*\")$", line)
        if keyword:
            current = [] if keyword.group(1) in ("msgid", "msgid_plural") else None
            if current is not None:
                strings.append(current)
                current.append(ast.literal_eval(keyword.group(2)))
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        else:
            current = None
    return ["".join(parts) for parts in strings if "".join(parts)]


def test_the_catalogues_are_read():
    strings = english_strings(CATALOGUES[0])
    assert len(strings) > 1000
    assert "Approve the request" in strings


def test_no_english_msgid_calls_the_account_holder_she():
    gendered = {
        text: GENDERED.findall(text)
        for path in CATALOGUES
        for text in english_strings(path)
        if GENDERED.search(text) and text not in ALLOWED
    }
    assert gendered == {}, "say they/their/them, or the person who asked, the account holder"


def test_the_check_finds_she_her_hers_herself():
    for text in ["She can", "on her behalf", "a session of hers", "Her notes", "by herself"]:
        assert GENDERED.search(text), text
    for text in ["other", "there", "shed", "Hereford", "theirs"]:
        assert not GENDERED.search(text), text
