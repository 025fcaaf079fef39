"""Outlook .msg files written from scratch for the tests: a Compound File Binary (CFB, the
OLE2 container) holding MAPI property streams, as [MS-CFB] and [MS-OXMSG] describe them.

Nothing on PyPI writes .msg files, and a file Outlook saved would be someone's e-mail; so
this builds the smallest valid one: 512-byte sectors, a mini stream for streams under
4096 bytes, one FAT (enough for a few hundred KB), all directory entries black.
"""

import struct

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
PT_LONG, PT_BOOLEAN, PT_SYSTIME, PT_UNICODE, PT_BINARY = 0x0003, 0x000B, 0x0040, 0x001F, 0x0102


class _Entry:
    def __init__(self, name, kind, data=b"", children=()):
        self.name, self.kind, self.data, self.children = name, kind, data, list(children)
        self.left = self.right = self.child = NOSTREAM
        self.start, self.size = END, len(data)


def _sort_key(entry):
    return (len(entry.name), entry.name.upper())


def _flatten(root):
    order = [root]

    def visit(storage):
        for child in storage.children:
            order.append(child)
        for child in storage.children:
            if child.kind == 1:
                visit(child)

    visit(root)
    index = {id(entry): number for number, entry in enumerate(order)}

    def tree(entries):
        if not entries:
            return NOSTREAM
        middle = len(entries) // 2
        node = entries[middle]
        node.left = tree(entries[:middle])
        node.right = tree(entries[middle + 1 :])
        return index[id(node)]

    for entry in order:
        if entry.kind in (1, 5):
            entry.child = tree(sorted(entry.children, key=_sort_key))
    return order


def _chain(table, start, count):
    for number in range(count):
        table[start + number] = start + number + 1 if number < count - 1 else END


def write_cfb(root_children) -> bytes:
    """root_children: nested (name, bytes) for a stream or (name, [children]) for a storage."""

    def build(name, value):
        if isinstance(value, bytes | bytearray):
            return _Entry(name, 2, bytes(value))
        return _Entry(name, 1, children=[build(n, v) for n, v in value])

    root = _Entry("Root Entry", 5, children=[build(n, v) for n, v in root_children])
    entries = _flatten(root)
    streams = [e for e in entries if e.kind == 2]
    small = [e for e in streams if e.size < CUTOFF]
    large = [e for e in streams if e.size >= CUTOFF]
    mini_fat, mini_data = [], bytearray()
    for entry in small:
        count = -(-entry.size // MINI)
        if count == 0:
            continue
        entry.start = len(mini_fat)
        mini_fat.extend([0] * count)
        _chain(mini_fat, entry.start, count)
        mini_data += entry.data + b"\0" * (count * MINI - entry.size)

    def sectors(size):
        return -(-size // SECTOR)

    dir_count = sectors(len(entries) * 128)
    minifat_count = sectors(len(mini_fat) * 4)
    ministream_count = sectors(len(mini_data))
    large_counts = [sectors(e.size) for e in large]
    body = dir_count + minifat_count + ministream_count + sum(large_counts)
    fat_count = 1
    while fat_count * (SECTOR // 4) < fat_count + body:
        fat_count += 1
    assert fat_count <= 109, "too large for this small writer"
    fat = [FREE] * (fat_count * SECTOR // 4)
    for number in range(fat_count):
        fat[number] = FATSECT
    position = fat_count
    dir_start = position
    _chain(fat, position, dir_count)
    position += dir_count
    minifat_start = position if minifat_count else END
    _chain(fat, position, minifat_count)
    position += minifat_count
    root.start = position if ministream_count else END
    root.size = len(mini_data)
    _chain(fat, position, ministream_count)
    position += ministream_count
    for entry, count in zip(large, large_counts, strict=True):
        entry.start = position
        _chain(fat, position, count)
        position += count

    header = bytearray(SECTOR)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into(
        "<IIIIIIIII", header, 40, 0, fat_count, dir_start, 0, CUTOFF, minifat_start,
        minifat_count, END, 0,
    )  # fmt: skip
    difat = list(range(fat_count)) + [FREE] * (109 - fat_count)
    struct.pack_into("<109I", header, 76, *difat)

    directory = bytearray()
    for entry in entries:
        name = entry.name.encode("utf-16-le")
        record = bytearray(128)
        record[0 : len(name)] = name
        struct.pack_into("<HBB", record, 64, len(name) + 2, entry.kind, 1)
        struct.pack_into("<III", record, 68, entry.left, entry.right, entry.child)
        struct.pack_into("<IQ", record, 116, entry.start, entry.size if entry.kind != 1 else 0)
        directory += record
    directory += b"\0" * (dir_count * SECTOR - len(directory))
    # Unused directory slots: empty entries with no siblings or child.
    for offset in range(len(entries) * 128, len(directory), 128):
        struct.pack_into("<III", directory, offset + 68, NOSTREAM, NOSTREAM, NOSTREAM)

    def padded(data, count):
        return bytes(data) + b"\0" * (count * SECTOR - len(data))

    out = bytearray(header)
    out += struct.pack(f"<{len(fat)}I", *fat)
    out += directory
    out += padded(struct.pack(f"<{len(mini_fat)}I", *mini_fat), minifat_count) if mini_fat else b""
    out += padded(mini_data, ministream_count)
    for entry, count in zip(large, large_counts, strict=True):
        out += padded(entry.data, count)
    return bytes(out)


def _stream_name(prop_id, prop_type):
    return f"__substg1.0_{prop_id:04X}{prop_type:04X}"


def _properties(header: bytes, fixed: dict, variable: dict) -> bytes:
    """The __properties_version1.0 stream: one 16-byte record per property."""
    records = bytearray(header)
    for (prop_id, prop_type), value in fixed.items():
        records += struct.pack("<II", (prop_id << 16) | prop_type, 6)
        if prop_type == PT_SYSTIME:
            records += struct.pack("<Q", value)
        else:
            records += struct.pack("<II", value, 0)
    for (prop_id, prop_type), data in variable.items():
        size = len(data) + (2 if prop_type == PT_UNICODE else 0)
        records += struct.pack("<IIII", (prop_id << 16) | prop_type, 6, size, 0)
    return bytes(records)


def _encode(prop_type, value) -> bytes:
    return value.encode("utf-16-le") if prop_type == PT_UNICODE else value


def filetime(moment) -> int:
    """A datetime as a Windows FILETIME (100 ns ticks since 1601)."""
    from datetime import UTC, datetime

    return int((moment - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def msg(*, subject, sender_name, sender_email, to, sent_at, body, html=None, headers=None,
        attachments=()):  # fmt: skip
    """An Outlook e-mail (.msg): subject, sender, recipient (name, address), date, plain (and
    HTML) body, optional transport headers, and attachments [(file name, bytes)]."""
    to_name, to_email = to
    variable = {
        (0x001A, PT_UNICODE): "IPM.Note",
        (0x0037, PT_UNICODE): subject,
        (0x0C1A, PT_UNICODE): sender_name,
        (0x0C1F, PT_UNICODE): sender_email,
        (0x0C1E, PT_UNICODE): "SMTP",
        (0x5D01, PT_UNICODE): sender_email,
        (0x0E04, PT_UNICODE): to_name,
        (0x1000, PT_UNICODE): body,
    }
    if html is not None:
        variable[(0x1013, PT_BINARY)] = html.encode()
    if headers is not None:
        variable[(0x007D, PT_UNICODE)] = headers
    fixed = {
        (0x0039, PT_SYSTIME): filetime(sent_at),
        (0x0E06, PT_SYSTIME): filetime(sent_at),
        (0x0E07, PT_LONG): 1,
    }
    top_header = struct.pack("<8xIIII8x", 1, len(attachments), 1, len(attachments))
    children = [(_stream_name(*key), _encode(key[1], v)) for key, v in variable.items()]
    children.append(("__properties_version1.0", _properties(top_header, fixed, variable)))
    recipient = {
        (0x3001, PT_UNICODE): to_name,
        (0x3003, PT_UNICODE): to_email,
        (0x39FE, PT_UNICODE): to_email,
    }
    recipient_streams = [(_stream_name(*k), _encode(k[1], v)) for k, v in recipient.items()]
    recipient_streams.append(
        ("__properties_version1.0", _properties(b"\0" * 8, {(0x0C15, PT_LONG): 1}, recipient))
    )
    children.append(("__recip_version1.0_#00000000", recipient_streams))
    for number, (name, data) in enumerate(attachments):
        attachment = {
            (0x3707, PT_UNICODE): name,
            (0x3704, PT_UNICODE): name[:12],
            (0x3701, PT_BINARY): data,
        }
        streams = [(_stream_name(*k), _encode(k[1], v)) for k, v in attachment.items()]
        streams.append(
            (
                "__properties_version1.0",
                _properties(
                    b"\0" * 8, {(0x3705, PT_LONG): 1, (0x0E21, PT_LONG): number}, attachment
                ),
            )  # fmt: skip
        )
        children.append((f"__attach_version1.0_#{number:08X}", streams))
    children.append(
        (
            "__nameid_version1.0",
            [
                ("__substg1.0_00020102", b""),
                ("__substg1.0_00030102", b""),
                ("__substg1.0_00040102", b""),
            ],
        )  # fmt: skip
    )
    return write_cfb(children)
