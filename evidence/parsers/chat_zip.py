"""A zip of a chat export with its media: WhatsApp's "Export chat" with media, or Telegram
Desktop's export folder zipped to upload it (result.json or messages.html, messages2.html...
beside photos/, files/, voice_messages/). Any other zip is kept as it is."""

import re

from evidence.parsers.archive import read_zip
from evidence.parsers.telegram import read_telegram
from evidence.parsers.telegram_html import is_telegram_export, read_telegram_html
from evidence.parsers.whatsapp import is_whatsapp_chat, parse_whatsapp_members
from evidence.sniff import TELEGRAM_JSON
from stalklog.core.said import Said

# Telegram's own page furniture in an HTML export: not hers, not evidence.
_TELEGRAM_ASSETS = re.compile(r"(?:^|/)(?:css|js|images)/")
_PAGE_NUMBER = re.compile(r"messages(\d*)\.html$")


def _page_order(name: str) -> int:
    number = _PAGE_NUMBER.search(name)[1]
    return int(number) if number else 1


def parse_chat_zip(data: bytes, analysis):
    members = read_zip(data)
    if any(is_whatsapp_chat(name) for name, _body in members):
        parse_whatsapp_members(members, analysis)
        return
    pages = sorted(
        ((name, body) for name, body in members if _PAGE_NUMBER.search(name.lower())),
        key=lambda member: _page_order(member[0].lower()),
    )
    exports = [(name, body) for name, body in members if name.rsplit("/", 1)[-1] == "result.json"]
    messages, used = [], set()
    if exports:
        name, body = exports[0]
        messages, used = read_telegram(body), {name}
    elif pages and is_telegram_export(pages[0][1][:65536].decode("utf-8", errors="replace")):
        for _name, body in pages:
            messages += read_telegram_html(body.decode("utf-8", errors="replace"))
        used = {name for name, _body in pages}
    if not used:
        return
    if not messages:
        analysis.metadata["note"] = Said.gettext(
            "It holds a Telegram export, but no messages could be read from it."
        )
        return
    analysis.hold_messages(messages, TELEGRAM_JSON.label)
    analysis.attachments = [
        (name, body)
        for name, body in members
        if name not in used and not _TELEGRAM_ASSETS.search(name)
    ]
