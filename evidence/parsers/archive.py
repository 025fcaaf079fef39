"""Reading zip archives that may be crafted: bombs, traversal names, too many files.

Nothing is extracted to disk; members are read into memory under three limits checked
before decompressing (file count, declared total size, compression ratio) and one checked
while decompressing (a member may not produce more than it declared).
"""

import io
import re
import zipfile

from django.conf import settings

from evidence.parsers.base import ParseProblem
from stalklog.core.said import Said

MAX_FILES = 1000
MAX_RATIO = 100
_UNSAFE_NAME = re.compile(r"(^|/)\.\.(/|$)|^/|^[A-Za-z]:|\\|\x00")


def max_archive_bytes() -> int:
    return settings.STALKLOG_MAX_PARSE_BYTES


def _problem(text):

    return ParseProblem(text)


def read_zip(data: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file in the archive, or ParseProblem saying what is wrong."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as error:
        raise _problem(
            Said.gettext(
                "it starts like a zip archive but cannot be opened (it may be damaged or "
                "incomplete). Make the export again and upload the new file"
            )
        ) from error
    if len(infos) > MAX_FILES:
        raise _problem(
            Said.gettext(
                "the archive holds %(count)s files; at most %(most)s are accepted",
                count=len(infos),
                most=MAX_FILES,
            )
        )
    for info in infos:
        if _UNSAFE_NAME.search(info.filename):
            raise _problem(
                Said.gettext(
                    "the archive holds a file named %(name)s that points outside the "
                    "archive (a trick used by crafted files), so it was not opened",
                    name=repr(info.filename),
                )
            )
        if info.flag_bits & 0x1:
            raise _problem(
                Said.gettext("the archive is password-protected; export it again without one")
            )
    files = [i for i in infos if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    declared = sum(info.file_size for info in files)
    compressed = sum(info.compress_size for info in files)
    if declared > max_archive_bytes() or declared > MAX_RATIO * max(compressed, 1) + 1_000_000:
        raise _problem(
            Said.gettext(
                "it would unpack to far more than it is (a 'zip bomb'), so it was not opened"
            )
        )
    members, total = [], 0
    try:
        for info in files:
            with archive.open(info) as member:
                body = member.read(info.file_size + 1)
            total += len(body)
            if len(body) > info.file_size or total > max_archive_bytes():
                raise _problem(
                    Said.gettext(
                        "it unpacks to more than it declares (a 'zip bomb'), so it was not opened"
                    )
                )
            members.append((info.filename, body))
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise _problem(
            Said.gettext("part of the archive is damaged and cannot be read. Make the export again")
        ) from error
    return members
