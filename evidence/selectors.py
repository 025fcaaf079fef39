"""Reads of exhibits reused by views (and by the export), with what they show prefetched."""

from django.db.models import Count, Prefetch

from incidents.models import Incident
from stalklog.access import owned, scoped

from .models import Evidence, Message


def exhibit_list(log) -> list[Evidence]:
    """Every exhibit of the log in upload order (children just after their parent),
    with incident and message counts, in three queries whatever the number of rows."""
    exhibits = list(
        scoped(Evidence, log)
        .annotate(incident_count=Count("incidents"))
        .defer("metadata_sealed", "description_sealed")
        .order_by("uploaded_at", "pk")
    )
    message_counts = dict(
        scoped(Message, log)
        .values_list("evidence")
        .annotate(n=Count("pk"))
        .values_list("evidence", "n")
    )
    for evidence in exhibits:
        evidence.log = log
        evidence.message_count = message_counts.get(evidence.pk, 0)
    return exhibits


def exhibit_detail(log, pk):
    linked = Prefetch("incidents", queryset=Incident.objects.order_by("occurred_start"))
    children = Prefetch("children", queryset=Evidence.objects.order_by("number"))
    queryset = scoped(Evidence, log).select_related("parent").prefetch_related(linked, children)
    evidence = owned(queryset, log, pk=pk)
    for related in [evidence.parent, *evidence.children.all(), *evidence.incidents.all()]:
        if related is not None:
            related.log = log
    return evidence
