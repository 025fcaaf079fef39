"""The exhibits an export lists, read through the evidence app's services.

Each becomes an `ExportExhibit`: what the exhibit list prints, how its original is named in
the bundle (`JS/4/1` -> `JS_4_1.pdf`), and how to stream the original and its preview.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterator

from django.apps import apps


@dataclasses.dataclass
class ExportExhibit:
    ref: str
    title: str
    description: str
    kind: str
    kind_label: str
    produced_by: str
    content_date: datetime.datetime | None
    uploaded_at: datetime.datetime
    sha256: str
    size_bytes: int
    original_name: str
    extension: str
    incident_sequence_nos: list[int]
    is_photo: bool = False
    text: str = ""
    gps: str = ""
    open_original: Callable[[], Iterator[bytes]] | None = None
    read_preview: Callable[[], bytes] | None = None

    @property
    def file_stem(self) -> str:
        return self.ref.replace("/", "_")

    @property
    def file_name(self) -> str:
        return self.file_stem + (f".{self.extension}" if self.extension else "")


def evidence_model():
    try:
        return apps.get_model("evidence", "Evidence")
    except LookupError:
        return None


def exhibits_for(log, incidents, options) -> list[ExportExhibit]:
    """Exhibits linked to the exported incidents (all of the log's if unfiltered)."""
    if evidence_model() is None:
        return []
    from .evidence_bridge import load_exhibits

    return load_exhibits(log, incidents, options)
