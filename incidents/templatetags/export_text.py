"""Her text in the printed export: paragraphs that run in the direction she wrote them."""

import re
import unicodedata

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

register = template.Library()


def is_right_to_left(text: str) -> bool:
    """Whether the first strong letter of `text` is written right to left (Arabic, Urdu,
    Hebrew): what a browser decides for dir="auto", which WeasyPrint does not support."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


@register.filter(is_safe=True)
def paragraphs(value) -> str:
    """Like Django's `linebreaks` (escaped, a <p> per blank-line-separated paragraph, <br>
    for single newlines), with dir="rtl" on each paragraph that starts right to left."""
    text = normalize_newlines(str(value or "")).strip("\n")
    if not text:
        return ""
    out = []
    for paragraph in re.split(r"\n{2,}", text):
        body = escape(paragraph).replace("\n", "<br>")
        direction = ' dir="rtl"' if is_right_to_left(paragraph) else ""
        out.append(f"<p{direction}>{body}</p>")
    return mark_safe("\n\n".join(out))  # noqa: S308 - every paragraph is escaped above
