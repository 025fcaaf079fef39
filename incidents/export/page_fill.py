"""How full the printed pages are: the measure behind "pages that flow" (bench and tests).

A page is mostly empty when its last line of text (the footer aside) ends above half the
page. The last page of each part (cover, summary, table, incidents, exhibits, appendix)
may be short and is not counted. Read with poppler's `pdftotext -bbox`.
"""

import dataclasses
import re
import subprocess
import tempfile

FOOTER_TOP_FRACTION = 0.93  # footers are stamped 10 mm above the foot of an A4 page
PART_TITLES = (
    "Pattern summary",
    "Chronological table",
    "Incidents in full",
    "Exhibit list",
    "Integrity appendix",
)

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<')


@dataclasses.dataclass
class PageFill:
    pages: int
    mostly_empty: list[int]  # page numbers, 1-based, parts' last pages excluded
    part_starts: list[int]

    @property
    def mostly_empty_share(self) -> float:
        return len(self.mostly_empty) / self.pages if self.pages else 0.0


def measure(pdf: bytes) -> PageFill:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        html = subprocess.run(  # noqa: S603 - poppler on our own PDF, fixed arguments
            ["pdftotext", "-bbox", file.name, "-"],  # noqa: S607 - a system package
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    bottoms, starts = [], [1]
    for number, (_, height, body) in enumerate(_PAGE.findall(html), start=1):
        height = float(height)
        words = [
            (round(float(top)), float(left), float(bottom), text)
            for left, top, bottom, text in _WORD.findall(body)
        ]
        text_words = sorted(w for w in words if w[0] < height * FOOTER_TOP_FRACTION)
        bottoms.append(max((w[2] for w in text_words), default=0.0) / height)
        head = " ".join(w[3] for w in text_words[:8])
        if number > 1 and any(head.startswith(title) for title in PART_TITLES):
            starts.append(number)
    last_of_part = {start - 1 for start in starts[1:]} | {len(bottoms)}
    empty = [
        number
        for number, bottom in enumerate(bottoms, start=1)
        if bottom < 0.5 and number not in last_of_part
    ]
    return PageFill(len(bottoms), empty, starts)
