"""The victim's home page: how much, how recent, what kind, and the course of conduct by month."""

import re
from datetime import UTC, date, datetime

from incidents.charts import monthly_bar_chart
from incidents.selectors import monthly_counts
from tests.incidents.conftest import make_incident


def test_the_dashboard_counts_incidents_and_shows_the_latest(victim_client, victim, log):
    make_incident(
        log, victim, codes=["following"], occurred_start=datetime(2026, 1, 5, 9, tzinfo=UTC)
    )
    make_incident(
        log,
        victim,
        codes=["following", "threats"],
        description="The latest one",
        occurred_start=datetime(2026, 8, 31, 23, 30, tzinfo=UTC),  # 1 Sept in the UK
    )
    page = victim_client.get("/").content.decode()
    assert "<dt>Incidents</dt><dd>2</dd>" in page
    assert "The latest one" in page
    assert "The latest incident was on <strong>1 September 2026</strong>" in page
    # The sentence is one translatable message now: its line breaks are folded to spaces.
    assert "by about <strong>1 March 2027</strong>" in page
    assert "information, not legal advice" in page
    counts = re.findall(
        r'name="behaviour" value="(\w+)">.*?</form></td><td class="number">(\d+)', page
    )
    assert counts == [("following", "2"), ("threats", "1")]


def test_the_dashboard_draws_incidents_per_month_without_scripts(victim_client, victim, log):
    make_incident(log, victim, occurred_start=datetime(2026, 1, 5, 9, tzinfo=UTC))
    page = victim_client.get("/").content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert " style=" not in svg and "<script" not in svg
    assert "January 2026: 1" in svg


def test_an_empty_log_says_what_to_do(victim_client, log):
    page = victim_client.get("/").content.decode()
    assert "Nothing recorded yet" in page
    assert 'href="/incidents/new/"' in page


def test_monthly_counts_fill_empty_months_and_use_uk_months(victim, log):
    make_incident(
        log, victim, occurred_start=datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    )  # 1 Apr BST
    make_incident(log, victim, occurred_start=datetime(2026, 1, 10, tzinfo=UTC))
    counts = monthly_counts(log, first=date(2025, 12, 1), last=date(2026, 5, 20))
    assert counts == [
        (date(2025, 12, 1), 0),
        (date(2026, 1, 1), 1),
        (date(2026, 2, 1), 0),
        (date(2026, 3, 1), 0),
        (date(2026, 4, 1), 1),
        (date(2026, 5, 1), 0),
    ]


def test_the_chart_escapes_its_text_and_describes_every_month():
    svg = monthly_bar_chart(
        [(date(2026, 1, 1), 3), (date(2026, 2, 1), 0), (date(2026, 3, 1), 12)],
        title='Per month <script>"',
        chart_id="x",
    )
    assert "<script>" not in svg and "Per month &lt;script&gt;&quot;" in svg
    assert "15 incidents from January 2026 to March 2026" in svg
    assert "January 2026: 3; February 2026: 0; March 2026: 12" in svg
    assert svg.count("<rect") == 3
    assert 'aria-labelledby="x-title x-desc"' in svg


def test_the_chart_scale_fits_the_tallest_month():
    svg = monthly_bar_chart([(date(2026, 1, 1), 7), (date(2026, 2, 1), 14)])
    heights = [float(h) for h in re.findall(r'<rect[^>]* height="([\d.]+)"', svg)]
    assert heights[1] == 2 * heights[0]
    assert ">20</text>" in svg  # the axis rounds up to a tidy number


def test_dashboard_query_count_does_not_grow_with_the_log(
    victim_client, victim, log, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.incidents.conftest import make_many

    make_many(log, victim, 10)
    with CaptureQueriesContext(connection) as small:
        victim_client.get("/")
    make_many(log, victim, 500)
    with django_assert_max_num_queries(len(small.captured_queries)):
        victim_client.get("/")


def test_the_menu_and_the_dashboard_lead_to_print_or_export(victim_client, victim, log):
    make_incident(log, victim, codes=["following"])
    page = victim_client.get("/").content.decode()
    assert page.count('href="/export/">Print or export</a>') == 2  # menu and dashboard
    empty_page = victim_client.get("/people/").content.decode()
    assert 'href="/export/">Print or export</a>' in empty_page
