"""Issue 21: every plural entry of the Welsh, Polish and Urdu catalogues, said for the counts
a reader meets. msgfmt --check-format compares each msgstr[i] with the English, but not which
form a count picks, nor whether that form is empty or loses a name ("%(ref)s") on the way.

Here each entry (msgid_plural) is put through Django's own ngettext/npgettext (so our
catalogue must win over Django's own Welsh and Polish ones, which have the same Plural-Forms)
for 0, 1, 2, 3, 4, 5, 6, 11, 12, 14, 21, 22, 25 and 100, filled in as the code fills it, and
checked: no form is empty, every placeholder of the English form is said, nothing is left
unfilled. The page scripts' entries (djangojs) are read through the compiled catalogue with
gettext, as the JavaScript catalogue serves them.

Plural-Forms: Welsh keeps Django's own four forms (1; 2; 8 and 11; the rest), which GNU
gettext has no rule of its own for; the fourth form lets "yr 8", "yr 11", "8 mlynedd" be
said. Polish keeps Django's (1; 2-4 but 12-14; 5+ with 0 and 12-14; a fourth for fractions,
never met by a count). Urdu: 1; the rest.
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)
LANGUAGES = ["cy", "pl", "ur"]
COUNTS = (0, 1, 2, 3, 4, 5, 6, 11, 12, 14, 21, 22, 25, 100)
PLURAL_FORMS = {
    "cy": "nplurals=4; plural=(n==1) ? 0 : (n==2) ? 1 : (n != 8 && n != 11) ? 2 : 3;",
    "pl": (
        "nplurals=4; plural=(n==1 ? 0 : (n%10>=2 && n%10<=4) && (n%100<12 || n%100>14) ? 1"
        " : n!=1 && (n%10>=0 && n%10<=1) || (n%10>=5 && n%10<=9) || (n%100>=12 && n%100<=14)"
        " ? 2 : 3);"
    ),
    "ur": "nplurals=2; plural=(n != 1);",
}
NAMED = re.compile(r"%\((\w+)\)([sd])")
POSITIONAL = re.compile(r"%[sd]")
# The names the code gives the count itself. Only the form for exactly one may leave the
# number out ("unwaith", "the first page", "pierwszej strony").
COUNT_NAMES = {"count", "counter", "num", "codes", "devices", "total", "days", "hours", "minutes"}


def unquote(line):
    return (
        line[line.index('"') + 1 : line.rindex('"')]
        .encode()
        .decode("unicode_escape")
        .encode("latin-1")
        .decode("utf-8")
    )


def entries(path):
    """(msgctxt, msgid, msgid_plural, {i: msgstr}) of each plural entry, the header's
    Plural-Forms apart."""
    found, entry, field = [], {}, None
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines() + [""]:
        if not line.strip():
            if "msgid_plural" in entry:
                forms = {int(k[7:-1]): v for k, v in entry.items() if k.startswith("msgstr[")}
                found.append((entry.get("msgctxt"), entry["msgid"], entry["msgid_plural"], forms))
            entry, field = {}, None
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += unquote(line)
        else:
            field = line.split(" ", 1)[0]
            entry[field] = unquote(line)
    return found


def header_plural_forms(path):
    text = path.read_text(encoding="utf-8")
    header = text[text.index('msgid ""') : text.index("\n\n")]
    joined = "".join(unquote(line) for line in header.splitlines() if line.startswith('"'))
    return re.search(r"Plural-Forms: ([^\n]*)", joined)[1].strip()


def catalogue(language, domain):
    return ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po"


def fill(text, english, n):
    """The string as the code fills it: n for the count, a marker for any other name."""
    names = dict(NAMED.findall(english))
    if names:
        values = {
            name: n if kind == "d" or name in COUNT_NAMES else f"«{name}»"
            for name, kind in names.items()
        }
        return text % values
    if POSITIONAL.search(english):
        return text % n
    return text


def expected(english, n):
    """What must be said: each non-count name's marker, and the number unless n is 1."""
    names = dict(NAMED.findall(english))
    must = [f"«{name}»" for name in names if name not in COUNT_NAMES and names[name] == "s"]
    counted = any(name in COUNT_NAMES or kind == "d" for name, kind in names.items())
    if n != 1 and (counted or POSITIONAL.search(english)):
        must.append(str(n))
    return must


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_plural_forms_header(language, domain):
    assert header_plural_forms(catalogue(language, domain)) == PLURAL_FORMS[language]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_plural_entry_reads_for_every_count(language, domain):
    plurals = entries(catalogue(language, domain))
    assert plurals, "no plural entries found: the parser is wrong"
    nplurals = int(re.search(r"nplurals=(\d)", PLURAL_FORMS[language])[1])
    mo = catalogue(language, domain).with_suffix(".mo")
    compiled = gettext.GNUTranslations(mo.open("rb")) if domain == "djangojs" else None
    problems = []
    for context, singular, plural, forms in plurals:
        where = f"{language} {domain} {context or ''}|{plural!r}"
        if sorted(forms) != list(range(nplurals)) or not all(forms.values()):
            problems.append(f"{where}: forms {sorted(forms)}, an empty one")
            continue
        for n in COUNTS:
            if compiled:
                said = (
                    compiled.npgettext(context, singular, plural, n)
                    if context
                    else compiled.ngettext(singular, plural, n)
                )
            else:
                with translation.override(language):
                    said = (
                        translation.npgettext(context, singular, plural, n)
                        if context
                        else translation.ngettext(singular, plural, n)
                    )
            english = singular if n == 1 else plural
            if said in (singular, plural) and said not in forms.values():
                problems.append(f"{where} n={n}: English came back")
                continue
            try:
                text = fill(said, plural, n)
            except (KeyError, TypeError, ValueError) as error:
                problems.append(f"{where} n={n}: cannot be filled ({error!r}): {said!r}")
                continue
            missing = [word for word in expected(english, n) if word not in text]
            if missing or "%(" in text or not text.strip():
                problems.append(f"{where} n={n}: {missing} not said in {text!r}")
    assert not problems, "\n".join(problems)


def say(language, context, singular, plural, n, **values):
    with translation.override(language):
        return translation.npgettext(context, singular, plural, n) % dict(values, count=n)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "1 zdarzenie"),
        (2, "2 zdarzenia"),
        (4, "4 zdarzenia"),
        (5, "5 zdarzeń"),
        (12, "12 zdarzeń"),
        (14, "14 zdarzeń"),
        (21, "21 zdarzeń"),
        (22, "22 zdarzenia"),
        (25, "25 zdarzeń"),
        (0, "0 zdarzeń"),
    ],
)
def test_polish_counts_incidents_as_polish_does(n, words):
    assert say("pl", "export details", "%(count)s incident", "%(count)s incidents", n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "1 dowód"), (3, "3 dowody"), (5, "5 dowodów"), (13, "13 dowodów"), (24, "24 dowody")],
)
def test_polish_counts_exhibits_as_polish_does(n, words):
    assert say("pl", "export details", "%(count)s exhibit", "%(count)s exhibits", n) == words


@pytest.mark.parametrize(
    ("n", "words"),
    # The noun stays singular after a number; it softens after two (dau ddigwyddiad).
    [
        (1, "1 digwyddiad"),
        (2, "2 ddigwyddiad"),
        (3, "3 digwyddiad"),
        (6, "6 digwyddiad"),
        (100, "100 digwyddiad"),
    ],
)
def test_welsh_counts_incidents_with_the_singular(n, words):
    assert say("cy", "export details", "%(count)s incident", "%(count)s incidents", n) == words


def test_welsh_years_take_their_mutations():
    with translation.override("cy"):
        years = [
            translation.ngettext("%(num)d year", "%(num)d years", n) % {"num": n}
            for n in (1, 2, 3, 8)
        ]
    assert years == ["1 flwyddyn", "2 flynedd", "3 blynedd", "8 mlynedd"]


@pytest.mark.parametrize(("n", "words"), [(1, "1 واقعہ"), (2, "2 واقعات"), (21, "21 واقعات")])
def test_urdu_counts_incidents(n, words):
    assert say("ur", "export details", "%(count)s incident", "%(count)s incidents", n) == words
