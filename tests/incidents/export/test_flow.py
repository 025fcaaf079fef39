"""Pages that flow, and a PDF a screen reader can read: a new page only between the parts,
sections run on inside a part, and every variant is tagged."""

import io
import pathlib
import re
import subprocess
import tempfile
from io import StringIO

import pikepdf
import pytest
from django.core.management import call_command
from PIL import Image

from incidents.export import sections
from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.page_fill import measure
from incidents.export.pdf import render_pdf
from stalklog.accounts.models import User

from .conftest import add_incident, at, pdf_text


def pdfinfo(pdf: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        return subprocess.run(
            ["pdfinfo", file.name], capture_output=True, text=True, check=True
        ).stdout


@pytest.fixture
def small_sections(monkeypatch):
    monkeypatch.setattr(sections, "INCIDENTS_PER_SECTION", 2)
    monkeypatch.setattr(sections, "TABLE_ROWS_PER_SECTION", 3)


@pytest.fixture
def month_of_incidents(victim):
    for day in range(1, 25):
        add_incident(victim.log, victim, at(day), f"Incident on day {day}. " * 12)
    return victim.log


def export(log, user, workers=1, **options):
    return render_pdf(build_document(log, ExportOptions(**options), user), workers=workers)


def test_sections_of_a_part_run_on_without_a_new_page(
    month_of_incidents, victim, small_sections, settings
):
    settings.STALKLOG_EXPORT_CACHE = False
    pdf = export(month_of_incidents, victim)
    fill = measure(pdf)
    assert fill.mostly_empty == []
    # 24 incidents in sections of 2 would start 12 pages; running on, they take few.
    incidents_pages = fill.part_starts[3] - fill.part_starts[2]
    assert incidents_pages <= 4
    text = " ".join(pdf_text(pdf).split())
    for day in (1, 12, 24):
        assert text.count(f"Incident on day {day}.") == 12


def test_parallel_layout_gives_the_same_pages(month_of_incidents, victim, small_sections):
    one = pdf_text(export(month_of_incidents, victim, workers=1))
    two = pdf_text(export(month_of_incidents, victim, workers=2))

    def strip(text):  # the cover's bundle id and time differ between two exports
        return [line for line in text.splitlines() if not ("Bundle" in line or "Generated" in line)]

    assert strip(one) == strip(two)


def test_month_headings_run_inline_in_the_table(rich_log, victim):
    text = pdf_text(export(rich_log, victim))
    table = text[text.index("Chronological table") : text.index("Incidents in full")]
    assert table.index("March 2026") < table.index("April 2026")
    assert measure(export(rich_log, victim)).mostly_empty == []


def test_the_demo_log_has_no_mostly_empty_pages_but_the_parts_last(db):
    call_command(
        "seed_demo", "--username", "demo", "--password", "a long demo password", stdout=StringIO()
    )
    user = User.objects.get(username="demo")
    fill = measure(export(user.log, user))
    assert fill.mostly_empty_share <= 0.05, fill
    assert len(fill.part_starts) == 6  # cover, summary, table, incidents, exhibits, appendix


@pytest.mark.parametrize("pdfa", [False, True])
def test_every_variant_is_tagged_with_language_and_title(rich_log, victim, pdfa, small_sections):
    doc = build_document(rich_log, ExportOptions(pdfa=pdfa), victim)
    pdf = render_pdf(doc, workers=1)
    info = pdfinfo(pdf)
    assert "Tagged:          yes" in info
    assert f"Title:           {doc.title}" in info
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert str(document.Root.Lang) == "en-GB"
        assert document.Root.ViewerPreferences.DisplayDocTitle
        tree = document.Root.StructTreeRoot
        assert tree.K[0].S == "/Document" or pdfa
        # Every page's marked content is reachable from the structure tree.
        keys = [int(page.obj.StructParents) for page in document.pages]
        assert len(set(keys)) == len(keys)
        nums = tree.ParentTree.Nums
        assert set(keys) <= {int(nums[i]) for i in range(0, len(nums), 2)}
        # No page is referred to that is not in the document (an overlaid half page).
        pages = sum(
            1 for o in document.objects if getattr(o, "get", None) and o.get("/Type") == "/Page"
        )
        assert pages == len(document.pages)


HEADER_ROW = re.compile(r"No\.\s+When\s+Behaviours\s+Channel\s+People\s+Exhibits")


def page_texts(pdf: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        text = subprocess.run(
            ["pdftotext", "-layout", file.name, "-"], capture_output=True, text=True, check=True
        ).stdout
    return text.split("\f")[:-1]


@pytest.fixture
def pages_of_one_month(victim):
    """About three pages of table rows, all in March: no month heading between sections."""
    for n in range(84):
        add_incident(victim.log, victim, at(1 + n // 3, 8 + 4 * (n % 3)), f"Row {n}.")
    return victim.log


def test_the_table_header_starts_each_table_page_and_nowhere_else(
    pages_of_one_month, victim, small_sections, settings
):
    # Sections of three rows, so most start part-way down a page, and several run on onto
    # the next page (there the header is printed again, at its top).
    settings.STALKLOG_EXPORT_CACHE = False
    pages = page_texts(export(pages_of_one_month, victim))
    table_pages = [text for text in pages if HEADER_ROW.search(text)]
    assert len(table_pages) >= 3
    for text in table_pages:
        assert len(HEADER_ROW.findall(text)) == 1, text
        body = text.replace("Chronological table", "").strip()
        assert HEADER_ROW.match(body), "the header is the first row of the page"


def gray_page(pdf: bytes, page: int):
    """Page `page` (1-based) as a greyscale image at 72 dpi: one pixel a PDF point."""
    with tempfile.TemporaryDirectory() as workdir:
        path = f"{workdir}/page.pdf"
        with open(path, "wb") as file:
            file.write(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "72", "-gray", "-f", str(page), "-l", str(page), path,
             f"{workdir}/page"],
            check=True,
        )  # fmt: skip
        (image_path,) = pathlib.Path(workdir).glob("page*.pgm")
        return Image.open(image_path).copy()


def word_boxes(pdf: bytes, page: int) -> list[tuple[str, float, float]]:
    """(word, top, bottom) of each word on a page, in points."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        html = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), file.name, "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    return [
        (word, float(top), float(bottom))
        for top, bottom, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', html
        )
    ]


def test_rows_of_a_table_section_that_starts_part_way_keep_their_own_borders(
    victim, small_sections, settings
):
    # Month headings at the start of sections that are overlaid part-way down a page. With
    # the borders drawn one row off (the header's row still counted), a month heading got
    # the cell borders of the row below it and that row none: a band across the table.
    settings.STALKLOG_EXPORT_CACHE = False
    for month in range(3, 9):
        for day in (3, 9):
            add_incident(victim.log, victim, at(day, month=month), "Something happened.")
    pdf = export(victim.log, victim)
    page = next(n for n, text in enumerate(page_texts(pdf), 1) if "Chronological" in text)
    image = gray_page(pdf, page)
    words = word_boxes(pdf, page)
    months = [(top, bottom) for word, top, bottom in words if word in ("April", "June", "August")]
    rows = [(top, bottom) for word, top, bottom in words if word == "Following"]
    assert len(months) == 3 and len(rows) == 12

    def dark_at(xs, top, bottom):
        y = round((top + bottom) / 2)
        return [x for x in xs if image.getpixel((x, y)) < 160]

    # The column rules of the first row, right of where month headings' text ends.
    rules_x = dark_at(range(300, image.width), *rows[0])
    assert len(rules_x) >= 3

    def rules_at(top, bottom):
        return dark_at(rules_x, top, bottom)

    assert all(rules_at(*row) for row in rows), "every incident row has its cell borders"
    assert not any(rules_at(*month) for month in months), "a month heading spans the table"


def links_by_page(pdf: bytes) -> list[list[tuple[str, int | None]]]:
    """Each page's links as (what a screen reader says, 1-based page it leads to), after
    checking each one's place in the structure tree."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        numbers = {page.obj.objgen: n for n, page in enumerate(document.pages, 1)}
        nums = document.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        result = []
        for page in document.pages:
            links = []
            for link in page.obj.get("/Annots", ()):
                element = parents[int(link.StructParent)]
                assert element.S == "/Link"
                kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                (reference,) = [k for k in kids if isinstance(k, pikepdf.Dictionary)
                                and k.get("/Type") == "/OBJR"]  # fmt: skip
                assert reference.Obj.objgen == link.objgen
                assert reference.Pg.objgen == page.obj.objgen, "it names the page it is on"
                assert "/A" not in link, "no link leaves the document"
                target = numbers[link.Dest[0].objgen] if "/Dest" in link else None
                links.append((str(link.Contents), target))
            result.append(links)
        pages = sum(
            1 for o in document.objects if getattr(o, "get", None) and o.get("/Type") == "/Page"
        )
        assert pages == len(document.pages)
    return result


def test_every_incident_number_in_the_table_links_to_the_incident_in_full(
    pages_of_one_month, victim, small_sections, settings
):
    # Sections of three rows: most start part-way down a page and are overlaid onto the page
    # above, and their links must come with them.
    settings.STALKLOG_EXPORT_CACHE = False
    pdf = export(pages_of_one_month, victim)
    texts = page_texts(pdf)
    links = [link for page in links_by_page(pdf) for link in page]
    labels = [label for label, _ in links]
    assert labels == [f"Incident {n} in full" for n in range(1, 85)]
    for label, target in links:
        number = label.split()[1]
        assert re.search(rf"Incident {number}: ", texts[target - 1]), label


def test_exhibit_refs_link_to_the_exhibit_in_the_list(evidence_log, victim, small_sections):
    log, exhibits = evidence_log
    pdf = export(log, victim)
    texts = page_texts(pdf)
    links = [link for page in links_by_page(pdf) for link in page]
    photo = exhibits["photo"].exhibit_ref
    to_photo = [
        target for label, target in links if label == f"Exhibit {photo} in the exhibit list"
    ]
    assert len(to_photo) == 2  # from the table and from the incident in full
    for target in to_photo:
        assert re.search(rf"{re.escape(photo)} His car outside", texts[target - 1])
