"""Word search of the evidence list: an exhibit is found when every search word starts a
word in its title, description, file name, the text read from it (a document's, or a
picture's by OCR) or the messages and e-mails read from it (with our notes about them and
the chat's name, as their page shows them: message_reader); the list says which matched.

Decrypted and matched in Python within one log, like the incident search (see
incidents.search for why not a blind index, and what it was measured at).
"""

import json
from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from evidence.models import MINE, MINE_CONTEXT, Evidence, Message
from stalklog.casefile.access import scoped
from stalklog.core.said import say
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


# The columns of a message that searches read (sealed, but for outgoing), in the order
# message_reader takes them.
MESSAGE_COLUMNS = (
    Message.sender.column,
    Message.text.column,
    Message.notes.column,
    Message.chat.column,
    "outgoing",
)


def message_reader(log):
    """A function turning a message's MESSAGE_COLUMNS (raw, from values_list()) into the
    words searched as its text and as its sender, (text, sender), as its page shows them.

    Our notes (Message.notes: "forwarded from Alex", "photo: p1.jpg") are searched with her
    text, said in the active language, and the chat's name (Message.chat) with the sender,
    as the page puts them: older rows held both inside the text and sender, and were found
    by them. Her own messages (outgoing, no sender) are found as "Me", as shown."""
    open_sender, open_text = Message.sender.opener(log), Message.text.opener(log)
    open_notes, open_chat = Message.notes.opener(log), Message.chat.opener(log)

    def read(sender, text, notes, chat, outgoing) -> tuple[str, str]:
        text = open_text(text)
        if notes:
            notes = json.loads(open_notes(notes) or "null") or {}
            text = " ".join((say(notes.get("forwarded")), text, say(notes.get("attached"))))
        sender = open_sender(sender)
        if sender and chat:
            sender = f"{sender} {open_chat(chat)}"
        elif not sender and outgoing:
            sender = pgettext(MINE_CONTEXT, MINE)
        return text, sender

    return read


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
    read = message_reader(log)
    rows = scoped(Message, log).values_list("evidence_id", *MESSAGE_COLUMNS)
    for evidence_id, *sealed in rows.iterator(chunk_size=2000):
        is_email = kinds.get(evidence_id) == Evidence.Kind.EMAIL
        text, sender = read(*sealed)
        for value, part in ((text, "text"), (sender, "sender")):
            mask = terms.mask(value)
            if mask:
                masks[evidence_id] |= mask
                words = MESSAGE_PARTS[is_email, part]
                if words not in matched[evidence_id]:
                    matched[evidence_id].append(words)
    return {pk: matched[pk] for pk, mask in masks.items() if mask == terms.every}
