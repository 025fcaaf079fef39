"""The person whose log it is may be any gender: our own English never calls them "she".

The msgids of the Welsh catalogues are every marked English string of the app (templates,
gettext in Python, the page scripts' words), so they are read here rather than the sources.
The words that are never translated (the court documents' English drafts, the commands'
help and messages, unmarked template text) are read from the sources themselves: there
neither the victim nor the person they log is "she" or "he".
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


# Sources of our own words. Left out: the demo log and the benchmarks' incidents, which are
# a victim's own text in a story (first person, about a "he"), and the tests.
SOURCE_FOLDERS = ("stalklog", "evidence", "incidents", "templates")
OWN_TEXT = {Path("incidents/management/demo.py")}
GENDERED_ANYONE = re.compile(r"\b(she|her|hers|herself|he|him|his|himself)\b", re.IGNORECASE)
TEMPLATE_COMMENT = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", re.DOTALL)


def python_strings(source: str):
    """(line, text) of every string constant in Python source but its docstrings (which
    speak to us, as comments do)."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and id(node) not in docstrings:
            yield node.lineno, node.value


def source_files(suffix):
    base = Path(settings.BASE_DIR)
    for folder in SOURCE_FOLDERS:
        for path in sorted((base / folder).rglob(f"*{suffix}")):
            relative = path.relative_to(base)
            if "migrations" not in relative.parts and relative not in OWN_TEXT:
                yield relative, path.read_text(encoding="utf-8")


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


def test_no_string_in_our_python_calls_the_victim_or_the_stalker_she_or_he():
    """The court documents' drafts are English only (written under in_print_language), so
    they never reach a catalogue: "her private notes" in the statement's note for the
    officer was read by no check above."""
    gendered = [
        f"{relative}:{line}: {text[:80]!r}"
        for relative, source in source_files(".py")
        for line, text in python_strings(source)
        if GENDERED_ANYONE.search(text)
    ]
    assert gendered == [], "say the victim, the witness, the owner, they; or the person"


def test_no_template_text_calls_anyone_she_or_he():
    gendered = [
        f"{relative}: {match.group(0)!r}"
        for relative, source in source_files(".html")
        for match in GENDERED_ANYONE.finditer(TEMPLATE_COMMENT.sub("", source))
    ]
    assert gendered == []


def test_the_source_check_reads_strings_not_docstrings_or_comments():
    source = '''"""About her log."""
# her notes
def f():
    """She wrote it."""
    return ["her private notes", "the witness"]
'''
    found = [text for _, text in python_strings(source) if GENDERED_ANYONE.search(text)]
    assert found == ["her private notes"]
    assert not GENDERED_ANYONE.search(TEMPLATE_COMMENT.sub("", "{# when she presses #}x"))
    for text in ["He followed", "his car", "tell him", "by himself"]:
        assert GENDERED_ANYONE.search(text), text
    for text in ["the", "then", "this", "hist", "shell", "whom"]:
        assert not GENDERED_ANYONE.search(text), text
