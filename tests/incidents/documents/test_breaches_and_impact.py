"""The breach report for one order and the impact summary, read back."""

import io

from django.core.management import CommandError, call_command

from incidents.documents.impact import OTHER, themes_of
from incidents.documents.services import export_breach_report
from stalklog.casefile.models import AccessEvent

from .conftest import PRIVATE, docx_text, incident, pdftotext


def breach_report(log, user, order) -> str:
    out = io.BytesIO()
    export_breach_report(log, user, order, out)
    return " ".join(pdftotext(out.getvalue()).split())


def test_breach_report_lists_exactly_the_incidents_flagged_for_that_order(
    evidence_log, orders, victim
):
    log, exhibits = evidence_log
    order, bail = orders
    text = breach_report(log, victim, order)
    assert "Non-molestation order" in text and "FD26F00123" in text
    assert "Must not go within 100 metres of the applicant's workplace." in text
    assert "He waited outside the gym." in text
    assert "Thirty calls in one evening." in text
    assert "He followed me home from the station." not in text
    assert text.index("He waited outside the gym.") < text.index("Thirty calls in one evening.")
    assert exhibits["letter"].exhibit_ref in text
    assert exhibits["email"].exhibit_ref in text
    assert exhibits["photo"].exhibit_ref not in text
    assert "Possible breaches 2" in text
    # Whoever keeps the log, the report says "the victim", never "she".
    assert "Every incident the victim marked as a possible breach of this order" in text
    assert "The victim's private notes, home address and witnesses' contact details" in text

    bail_text = breach_report(log, victim, bail)
    assert "He followed me home from the station." in bail_text
    assert "He waited outside the gym." not in bail_text
    assert "Exact words: \u201cI will always find you\u201d" in bail_text
    assert PRIVATE not in bail_text
    assert "14 Acacia Avenue" not in bail_text


def test_breach_report_says_when_nothing_is_flagged(evidence_log, orders, victim):
    log, _ = evidence_log
    order, _ = orders
    log.incidents.update(order_breached=None)
    text = breach_report(log, victim, order)
    assert "No incident is marked as a possible breach of this order yet." in text


def test_breach_report_command_names_her_orders_when_the_number_is_wrong(
    evidence_log, orders, tmp_path
):
    order, bail = orders
    try:
        call_command("export_breach_report", username="victim", order=9999,
                     output=str(tmp_path / "b.pdf"))  # fmt: skip
    except CommandError as error:
        assert f"{order.pk} (Non-molestation order)" in str(error)
    else:
        raise AssertionError("expected a CommandError")
    call_command("export_breach_report", username="victim", order=order.pk,
                 output=str(tmp_path / "b.pdf"))  # fmt: skip
    assert (tmp_path / "b.pdf").read_bytes()[:5] == b"%PDF-"


def test_another_logs_order_is_not_hers(evidence_log, orders, other_victim, tmp_path):
    order, _ = orders
    try:
        call_command("export_breach_report", username=other_victim.username, order=order.pk,
                     output=str(tmp_path / "b.pdf"))  # fmt: skip
    except CommandError as error:
        assert "has no order" in str(error)
    else:
        raise AssertionError("expected a CommandError")


def test_impact_summary_gathers_her_words_by_theme_with_dates(evidence_log, victim, tmp_path):
    log, _ = evidence_log
    incident(log, 2).amend(
        victim,
        "added",
        {
            "impact": "I could not sleep and paid £120 for a new lock.",
            "fear_of_violence": True,
        },
    )
    incident(log, 3).amend(victim, "added", {"impact": "I had to take time off work."})
    incident(log, 1).amend(victim, "added", {"impact": "I feel watched."})
    call_command("export_impact", username="victim", output=str(tmp_path / "i.docx"))
    text = docx_text((tmp_path / "i.docx").read_bytes())
    paragraphs = text["paragraphs"]

    def under(heading):
        start = paragraphs.index(heading) + 1
        rest = paragraphs[start:]
        end = next(
            (
                i
                for i, p in enumerate(rest)
                if not p.startswith(
                    ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
                )
            ),
            len(rest),
        )
        return rest[:end]  # fmt: skip

    assert under("Sleep") == [
        "Monday 2 March 2026 (incident 2): I could not sleep and paid £120 for a new lock."
    ]
    assert under("Costs") == under("Sleep") == under("Safety measures I have taken")
    assert under("Work or study") == [
        "Monday 20 April 2026 (incident 3): I had to take time off work."
    ]
    assert under(OTHER) == ["Tuesday 10 March 2026 (incident 1): I feel watched."]
    assert "1 made me fear violence" in text["body"]
    # Her ticks in her words: the legal tests are for the police and the court to apply.
    assert "caused me alarm or distress" in text["body"]
    for legal_test in ("serious alarm", "substantial", "would be used against me"):
        assert legal_test not in text["body"]
    assert "DRAFT prepared from the victim's own notes" in text["header"]
    assert PRIVATE not in text["body"]
    assert AccessEvent.objects.filter(log=log, target__startswith="impact summary docx").exists()


def test_themes_match_whole_words_not_parts():
    assert themes_of("I feel sad") == [OTHER]
    assert themes_of("My boss sent me home") == ["Work or study"]
    assert themes_of("Kept the children off") == ["My children and family"]
