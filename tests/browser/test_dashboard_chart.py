"""The dashboard's chart of incidents per month is readable on a phone: drawn 640 units wide
and squeezed into 358 px, its month labels were 5 px tall. On a phone the narrow drawing is
shown (its labels at least 10 px, none overlapping) and on a desktop the wide one."""

from incidents.management.demo import seed_log
from tests.browser.conftest import sign_in
from tests.conftest import make_victim

LABELS = """() => {
  const svg = [...document.querySelectorAll('svg.chart')]
    .find(s => s.getBoundingClientRect().width);
  const labels = [...svg.querySelectorAll('text')].filter(t => /[A-Za-z]/.test(t.textContent));
  return {
    wide: svg.classList.contains('chart-wide'),
    heights: labels.map(t => t.getBoundingClientRect().height),
    boxes: labels.map(t => { const r = t.getBoundingClientRect(); return [r.left, r.right]; }),
  };
}"""


def test_the_month_labels_of_the_chart_are_readable_on_a_phone_and_a_desktop(
    new_context, transactional_db
):
    victim = make_victim()
    seed_log(victim.log, victim, incidents=40)
    for size, wide in ((390, False), (1280, True)):
        page = new_context(viewport={"width": size, "height": 844}).new_page()
        sign_in(page, victim.username)
        chart = page.evaluate(LABELS)
        assert chart["wide"] is wide
        assert len(chart["heights"]) >= 3
        assert min(chart["heights"]) >= 10, chart["heights"]
        boxes = sorted(chart["boxes"])
        pairs = zip(boxes, boxes[1:], strict=False)
        assert all(left >= right for (_, right), (left, _) in pairs), boxes
