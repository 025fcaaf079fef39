"""Word search of the evidence list: an exhibit is found when every search word starts a
word in its title, description, file name, the text read from it (a document's, or a
picture's by OCR) or the messages and e-mails read from it; the list says which matched.

Decrypted and matched in Python within one log, like the incident search (see
incidents.search for why not a blind index, and what it was measured at).
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from evidence.models import Evidence, Message
from stalklog.casefile.access import scoped
from stalklog.core.words import Terms

# An exhibit's searched columns, with the words the list uses for them.
EXHIBIT_FIELDS = (
    ("title", _("title")),
    ("description", _("description")),
    ("original_name", _("file name")),
    ("text", _("text read from the file")),
)
# What matched in a message read from an exhibit: (e-mail?, which part) -> words.
MESSAGE_PARTS = {
    (True, "text"): _("e-mail text"),
    (True, "sender"): _("e-mail sender"),
    (False, "text"): _("message text"),
    (False, "sender"): _("message sender"),
}


def search_exhibits(log, terms: Terms) -> dict[int, list[str]]:
    """{pk: what matched, in plain words} for the exhibits of `log` holding every term:
    two queries whatever the number of exhibits or messages, values opened once."""
    if not terms:
        return {}
    columns = [getattr(Evidence, name) for name, _label in EXHIBIT_FIELDS]
    openers = [column.opener(log) for column in columns]
    masks, matched = defaultdict(int), defaultdict(list)
    rows = scoped(Evidence, log).values_list("pk", "kind", *(c.column for c in columns))
    kinds = {}
    for pk, kind, *sealed in rows.iterator(chunk_size=2000):
        kinds[pk] = kind
        for opener, value, (_name, label) in zip(openers, sealed, EXHIBIT_FIELDS, strict=True):
            mask = terms.mask(opener(value)) if value else 0
            if mask:
                masks[pk] |= mask
                matched[pk].append(label)
    open_sender, open_text = Message.sender.opener(log), Message.text.opener(log)
    rows = scoped(Message, log).values_list(
        "evidence_id", Message.sender.column, Message.text.column
    )
    for evidence_id, sender, text in rows.iterator(chunk_size=2000):
        is_email = kinds.get(evidence_id) == Evidence.Kind.EMAIL
        for opener, value, part in ((open_text, text, "text"), (open_sender, sender, "sender")):
            mask = terms.mask(opener(value)) if value else 0
            if mask:
                masks[evidence_id] |= mask
                words = MESSAGE_PARTS[is_email, part]
                if words not in matched[evidence_id]:
                    matched[evidence_id].append(words)
    return {pk: matched[pk] for pk, mask in masks.items() if mask == terms.every}
