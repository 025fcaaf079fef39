"""The export's own WeasyPrint setup: a short user-agent stylesheet, through WeasyPrint's hook."""

import weasyprint

from incidents.export.weasy import USER_AGENT_STYLESHEET, ExportHTML

from .conftest import pdf_text

PAGE = """<!doctype html><html><head><title>Head text never printed</title>
<style>p { color: black }</style></head>
<body><h1>Heading</h1><p>First paragraph</p><ul><li>Listed item</li></ul>
<table><thead><tr><th>Column</th></tr></thead><tbody><tr><td>Cell</td></tr></tbody></table>
</body></html>"""


def test_weasyprint_still_has_the_user_agent_hook_we_override():
    # An upgrade that renames the hook would silently bring back the slow, full stylesheet.
    assert "_ua_stylesheets" in vars(weasyprint.HTML)
    assert ExportHTML(string="<p>x</p>")._ua_stylesheets() == [USER_AGENT_STYLESHEET]


def test_short_user_agent_stylesheet_prints_body_text_and_hides_the_head():
    text = pdf_text(ExportHTML(string=PAGE).write_pdf())
    for shown in ("Heading", "First paragraph", "Listed item", "Column", "Cell"):
        assert shown in text
    assert "Head text never printed" not in text
    assert "color: black" not in text
