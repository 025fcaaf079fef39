"""Server-rendered SVG charts: the course of conduct at a glance, with no JavaScript.

Pure functions from counts to markup, shared by the dashboard and the PDF export. Presentation
is in SVG attributes (fill, font-size), never a style attribute, so the page CSP holds; every
piece of text is escaped, and the chart carries its own <title> and <desc> for screen readers.
"""

from datetime import date

from django.utils import dateformat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

BAR = "#1d70b8"
INK = "#0b0c0c"
MUTED = "#505a5f"
GRID = "#b1b4b6"


def _nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above value (at least 1)."""
    step = 1
    while True:
        for multiple in (1, 2, 5):
            if multiple * step >= value:
                return multiple * step
        step *= 10


def _month_label(month: date, previous: date | None) -> str:
    # Django's month names: in the page's language (English in the exports, which render
    # under translation.override).
    if previous is None or previous.year != month.year:
        return dateformat.format(month, "M y")
    return dateformat.format(month, "M")


def _month_year(month: date) -> str:
    return dateformat.format(month, "F Y")


def monthly_bar_chart(
    counts: list[tuple[date, int]],
    *,
    title: str = "",
    chart_id: str = "incidents-per-month",
    width: int = 640,
    height: int = 240,
    most_labels: int = 12,
    css_class: str = "chart",
) -> SafeString:
    """An SVG bar chart of `counts` ([(first day of month, count)], oldest first).

    The description lists every month's count, so the numbers are there without seeing it.
    The chart scales to its box, text too: a narrow box needs a narrow `width` (so its text is
    not shrunk past reading) and fewer month labels (`most_labels`) so they do not collide.
    """
    left, right, top, bottom = 32, 8, 12, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value = _nice_ceiling(max((n for _, n in counts), default=0))
    slot = plot_w / max(len(counts), 1)
    bar_w = max(slot * 0.7, 1)
    total = sum(n for _, n in counts)
    title = title or gettext("Incidents per month")
    if counts:
        desc = ngettext(
            "%(total)s incident from %(first)s to %(last)s.",
            "%(total)s incidents from %(first)s to %(last)s.",
            total,
        ) % {"total": total, "first": _month_year(counts[0][0]), "last": _month_year(counts[-1][0])}
    else:
        desc = gettext("No incidents.")
    desc += " " + "; ".join(f"{_month_year(month)}: {n}" for month, n in counts)
    tid, did = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(css_class)}" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMid meet" '
        f'aria-labelledby="{escape(tid)} {escape(did)}">',
        f'<title id="{escape(tid)}">{escape(title)}</title>',
        f'<desc id="{escape(did)}">{escape(desc)}</desc>',
    ]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        value = top_value * fraction
        label = f"{value:g}" if value == int(value) else ""
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        if label:
            parts.append(
                f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                f'fill="{MUTED}">{label}</text>'
            )
    previous = None
    label_every = max(1, round(len(counts) / most_labels))
    for index, (month, n) in enumerate(counts):
        x = left + index * slot + (slot - bar_w) / 2
        bar_h = plot_h * n / top_value if top_value else 0
        y = top + plot_h - bar_h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}" '
            f'fill="{BAR}"><title>{escape(f"{_month_year(month)}: {n}")}</title></rect>'
        )
        if n:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{y - 2:.1f}" text-anchor="middle" '
                f'font-size="10" fill="{INK}">{n}</text>'
            )
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 14}" text-anchor="middle" '
                f'font-size="10" fill="{MUTED}">{escape(_month_label(month, previous))}</text>'
            )
            previous = month
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped above
