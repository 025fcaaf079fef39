"""What the documents page lists: the incidents she may leave out (her orders come from
`incidents.selectors.orders`)."""

from incidents.export.document import filtered_incidents
from incidents.export.options import ExportOptions
from incidents.models import Incident, what_happened_opener

from . import forms
from .wording import clean, local


def leave_out_choices(log, date_from=None, date_to=None) -> tuple[list, int]:
    """([(sequence_no, label)], count) for the dates; no choices when there are too many
    to tick through (then she narrows the dates)."""
    incidents = filtered_incidents(log, ExportOptions(date_from=date_from, date_to=date_to))
    count = incidents.count()
    if not count or count > forms.LEAVE_OUT_LIST_MAX:
        return [], count
    opener = what_happened_opener(log)
    rows = incidents.values_list(
        "sequence_no", "occurred_start", Incident.description.column, Incident.summary.column
    )
    choices = []
    for number, start, description, summary in rows:
        text = " ".join(clean(opener(description, summary)).split())
        short = text[:80] + ("…" if len(text) > 80 else "")
        choices.append((number, f"{number}. {local(start):%d/%m/%Y}: {short}"))
    return choices, count
