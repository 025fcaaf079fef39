"""Reads of exhibits reused by views (and by the export), with what they show prefetched."""

from django.db.models import Count, Prefetch

from evidence.models import Evidence, Message
from evidence.parsers.whatsapp import attached_file_name
from stalklog.casefile.access import owned, scoped


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


def exhibit(log, pk, *also_prefetch) -> Evidence:
    """One exhibit with its parent and children (and whatever the caller's page adds)."""
    children = Prefetch("children", queryset=Evidence.objects.order_by("number"))
    queryset = (
        scoped(Evidence, log).select_related("parent").prefetch_related(children, *also_prefetch)
    )
    evidence = owned(queryset, log, pk=pk)
    for related in [evidence.parent, *evidence.children.all()]:
        if related is not None:
            related.log = log
    return evidence


def exhibit_messages(log, evidence) -> list[Message]:
    """The messages read from an exhibit, each with `.attachment`: the child exhibit holding
    the media file it says it sent (chat exports with media)."""
    all_messages = list(scoped(Message, log).filter(evidence=evidence))
    media = {}
    for child in scoped(Evidence, log).filter(parent=evidence):
        child.log = log
        media[child.original_name] = child
    for message in all_messages:
        message.log = log
        message.attachment = media.get(attached_file_name(message.text))
    return all_messages
