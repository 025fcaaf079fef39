"""Reads of exhibits reused by views (and by the export), with what they show prefetched."""

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from evidence.models import Call, Evidence, Message
from evidence.parsers.whatsapp import attached_file_name
from evidence.search import search_exhibits
from stalklog.casefile.access import owned, scoped
from stalklog.core.words import Terms


def exhibit_list(log, query: str = "") -> list[Evidence]:
    """Every exhibit of the log in upload order (children just after their parent),
    with incident and message counts, in three queries whatever the number of rows;
    with a query, only the exhibits whose words match (evidence.search: two more), each
    with `.matched`, what matched in plain words."""
    rows = scoped(Evidence, log)
    terms = Terms(query)
    found = search_exhibits(log, terms) if terms else None
    if found is not None:
        rows = rows.filter(pk__in=list(found))
    exhibits = list(
        rows.annotate(incident_count=Count("incidents"))
        .defer("metadata_sealed", "description_sealed", "text_sealed")
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
        evidence.matched = found.get(evidence.pk, []) if found else []
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


# pHash bits (of 64) that may differ for two pictures to "look the same": re-encoding,
# resizing or a status-bar clock changing flips a few; different screens differ by ~30.
LOOK_ALIKE_BITS = 6


def looks_like(log, hash_hex: str) -> list[str]:
    """Refs of the log's exhibits (not withdrawn) whose picture looks the same as the one
    with perceptual hash `hash_hex` (a screenshot taken twice, a photo re-sent through
    another app). Flagged on upload; she decides, nothing is merged or refused."""
    if not hash_hex:
        return []
    # The hashes as integers: the Hamming distance is the bits set in their XOR (what
    # imagehash's `-` computes, without building two numpy arrays for every exhibit).
    mine = int(hash_hex, 16)
    rows = (
        scoped(Evidence, log)
        .exclude(perceptual_hash="")
        .filter(withdrawn_at__isnull=True)
        .order_by("uploaded_at", "pk")
        .values_list("exhibit_ref", "perceptual_hash")
    )
    return [ref for ref, other in rows if (mine ^ int(other, 16)).bit_count() <= LOOK_ALIKE_BITS]


def looks_like_text(evidence) -> str:
    """What the upload and the exhibit page say when a picture looks like earlier ones."""
    refs = (evidence.metadata or {}).get("looks_like") or []
    if not refs:
        return ""
    return _(
        "%(ref)s looks the same as %(refs)s. If you uploaded it twice by mistake, you can "
        "withdraw it from its page; if not, there is nothing to do."
    ) % {"ref": evidence.exhibit_ref, "refs": ", ".join(refs)}


def calls_of(log, evidence):
    """The calls read from a call log, in time order (page them: a log may hold 100,000)."""
    return scoped(Call, log).filter(evidence=evidence).order_by("order")


def exhibit_refs(log, pks) -> dict[int, dict]:
    """What the access log page calls these exhibits (casefile.visits.NAMERS): their refs."""
    rows = scoped(Evidence, log).filter(pk__in=pks).values_list("pk", "exhibit_ref")
    return {pk: {"ref": ref} for pk, ref in rows}
