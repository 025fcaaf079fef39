"""Pressing Create after the warm-up: the sections after the cover come pre-merged from the
cache, and the document is the same as one merged section by section."""

import io

import pikepdf
import pytest

from incidents.export import pdf as pdf_module
from incidents.export import sections, warm
from incidents.export.document import build_document
from incidents.export.options import ExportOptions
from incidents.export.pdf import render_pdf
from incidents.models import Incident

from .conftest import add_incident, at, pdf_pages
from .test_flow import links_by_page, pdfinfo


@pytest.fixture
def sections_that_overlay(evidence_log, victim, monkeypatch, settings):
    """Sections of two or three incidents: most start part-way down a page and are laid
    over the page above (their links carried with them); exhibit refs link to the list."""
    monkeypatch.setattr(sections, "INCIDENTS_PER_SECTION", 2)
    monkeypatch.setattr(sections, "TABLE_ROWS_PER_SECTION", 3)
    settings.STALKLOG_EXPORT_WORKERS = 1
    log, _ = evidence_log
    for day in range(11, 20):
        add_incident(log, victim, at(day), f"He rang {day} times. " * 8)
    return log


@pytest.fixture
def prepends(monkeypatch):
    """How many exports were made from a pre-merge."""
    made = []
    real = pdf_module.prepend_section

    def counting(*args, **kwargs):
        made.append(True)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_module, "prepend_section", counting)
    return made


def structure(pdf: bytes) -> list[str]:
    """The structure tree in reading order: each element's type and depth, and its text's
    marked-content count, after checking every page's content is reachable from it."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        tree = document.Root.StructTreeRoot
        nums = tree.ParentTree.Nums
        keys = {int(nums[i]) for i in range(0, len(nums), 2)}
        for page in document.pages:
            assert int(page.obj.StructParents) in keys
        assert int(tree.ParentTreeNextKey) > max(keys)
        found = []

        def walk(element, depth):
            kids = element.get("/K")
            kids = kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
            marked = sum(1 for kid in kids if isinstance(kid, int))
            marked += sum(
                1 for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid
            )
            found.append(f"{depth} {element.S} {marked}")
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    walk(kid, depth + 1)

        (root,) = tree.K if isinstance(tree.K, pikepdf.Array) else [tree.K]
        walk(root, 0)
    return found


def test_pressing_create_after_the_warm_up_gives_the_same_document(
    sections_that_overlay, victim, settings, prepends
):
    warm.warm_up(sections_that_overlay)
    doc = build_document(sections_that_overlay, ExportOptions(), victim)
    premerged = render_pdf(doc, workers=1)
    assert prepends == [True], "the export was not made from the pre-merge"
    settings.STALKLOG_EXPORT_CACHE = False
    merged = render_pdf(doc, workers=1)  # every section laid out and merged, one by one
    assert prepends == [True]

    assert pdf_pages(premerged) == pdf_pages(merged)
    assert len(pdf_pages(merged)) > 3
    assert links_by_page(premerged) == links_by_page(merged)
    assert any(page for page in links_by_page(merged)[1:])  # it has links to compare
    assert structure(premerged) == structure(merged)
    for pdf in (premerged, merged):
        info = pdfinfo(pdf)
        assert "Tagged:          yes" in info
        assert f"Title:           {doc.title}" in info
        with pikepdf.open(io.BytesIO(pdf)) as document:
            assert str(document.Root.Lang) == "en-GB"
            assert sum(
                1 for o in document.objects if getattr(o, "get", None) and o.get("/Type") == "/Page"
            ) == len(document.pages), "every page object is a page of the document"


def test_a_changed_incident_is_never_printed_from_the_old_pre_merge(
    sections_that_overlay, victim, prepends
):
    log = sections_that_overlay
    warm.warm_up(log)
    incident = Incident.objects.filter(log=log).order_by("occurred_start")[5]
    incident.log = log
    incident.amend(victim, "Remembered more", {"description": "He rang from a new number."})

    doc = build_document(log, ExportOptions(), victim)
    pdf = render_pdf(doc, workers=1)
    assert prepends == []
    assert "He rang from a new number." in " ".join(" ".join(pdf_pages(pdf)).split())

    warm.warm_up(log)  # as the save's warm-up does, about 30 s later
    again = render_pdf(doc, workers=1)
    assert prepends == [True]
    assert pdf_pages(again) == pdf_pages(pdf)


def test_other_options_than_the_warm_up_s_merge_every_section(
    sections_that_overlay, victim, prepends
):
    warm.warm_up(sections_that_overlay)
    options = ExportOptions(include_gps=True)
    pdf = render_pdf(build_document(sections_that_overlay, options, victim), workers=1)
    assert prepends == []
    assert pdf.startswith(b"%PDF")
