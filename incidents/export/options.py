"""What an export includes: the profile (what is left out) and the filters."""

import dataclasses
import datetime

from django.utils.translation import gettext_lazy as _

from incidents.export.language import CHOICES as LANGUAGE_CHOICES
from incidents.export.language import ENGLISH

POLICE = "police"
CASEWORKER = "caseworker"
SUMMARY = "summary"

PROFILES = {
    POLICE: {"label": _("Police (full evidential content)")},
    CASEWORKER: {"label": _("Caseworker print")},
    SUMMARY: {
        "label": _(
            "Short summary (at most 5 pages: the pattern, people, orders and the "
            "incidents you mark as key)"
        )
    },
}

# What stays out of every export unless she ticks it for that export (threat model 7:
# material given to the police may be disclosed to the defence).
# Lazy: printed in the document's language (language.document_language).
PRIVATE_NOTES = _("the victim's private notes")
LEFT_OUT_UNLESS_CHOSEN = {
    "include_address": _("the victim's home address (incident locations at home)"),
    "include_witness_contacts": _("witness contact details"),
    "include_gps": _(
        "GPS locations found in photos: a photo that records one is included as a copy with "
        "no metadata (for example JS_6-without-location.jpg), with its own SHA-256 and the "
        "original's; and the positions the victim's phone gave when they logged an incident "
        "('where I am now')"
    ),
}


@dataclasses.dataclass(frozen=True)
class ExportOptions:
    profile: str = POLICE
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    person_ids: tuple[int, ...] = ()
    behaviour_codes: tuple[str, ...] = ()
    pdfa: bool = False
    include_address: bool = False
    include_witness_contacts: bool = False
    include_gps: bool = False
    # The document's language (language.py): English, Welsh or both.
    language: str = ENGLISH

    def __post_init__(self):
        if self.profile not in PROFILES:
            raise ValueError(f"unknown export profile {self.profile!r}")
        if self.language not in dict(LANGUAGE_CHOICES):
            raise ValueError(f"unknown document language {self.language!r}")

    @property
    def left_out(self) -> list[str]:
        """What this export leaves out, as printed on its cover and in its appendix."""
        chosen = [text for name, text in LEFT_OUT_UNLESS_CHOSEN.items() if not getattr(self, name)]
        if self.is_summary:
            chosen.append(
                _(
                    "as a short summary: incidents not marked as key, the chronological "
                    "table, the exhibit list and the integrity appendix (all in the full "
                    "document)"
                )
            )
        # In the active language: the document's, while it is rendered.
        return [str(text) for text in (PRIVATE_NOTES, *chosen)]

    @property
    def profile_label(self) -> str:
        return str(PROFILES[self.profile]["label"])

    @property
    def shows_address(self) -> bool:
        return self.include_address

    @property
    def shows_witness_contacts(self) -> bool:
        return self.include_witness_contacts

    @property
    def shows_gps(self) -> bool:
        return self.include_gps

    @property
    def is_summary(self) -> bool:
        return self.profile == SUMMARY

    @property
    def is_filtered(self) -> bool:
        return bool(self.date_from or self.date_to or self.person_ids or self.behaviour_codes)

    def to_json(self) -> dict:
        data = dataclasses.asdict(self)
        for key in ("date_from", "date_to"):
            data[key] = data[key].isoformat() if data[key] else None
        data["person_ids"] = list(self.person_ids)
        data["behaviour_codes"] = list(self.behaviour_codes)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ExportOptions":
        data = dict(data)
        for key in ("date_from", "date_to"):
            data[key] = datetime.date.fromisoformat(data[key]) if data.get(key) else None
        data["person_ids"] = tuple(data.get("person_ids") or ())
        data["behaviour_codes"] = tuple(data.get("behaviour_codes") or ())
        known = {field.name for field in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})
