"""What an export includes: the profile (what is left out) and the filters."""

import dataclasses
import datetime

POLICE = "police"
CASEWORKER = "caseworker"

PROFILES = {
    POLICE: {
        "label": "Police (full evidential content)",
        "left_out": ["the victim's private notes"],
    },
    CASEWORKER: {
        "label": "Caseworker print",
        "left_out": [
            "the victim's private notes",
            "the victim's home address (incident locations at home)",
            "witness contact details",
            "GPS locations found in photos",
        ],
    },
}


@dataclasses.dataclass(frozen=True)
class ExportOptions:
    profile: str = POLICE
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    person_ids: tuple[int, ...] = ()
    behaviour_codes: tuple[str, ...] = ()
    pdfa: bool = False

    def __post_init__(self):
        if self.profile not in PROFILES:
            raise ValueError(f"unknown export profile {self.profile!r}")

    @property
    def left_out(self) -> list[str]:
        return PROFILES[self.profile]["left_out"]

    @property
    def profile_label(self) -> str:
        return PROFILES[self.profile]["label"]

    @property
    def shows_address(self) -> bool:
        return self.profile == POLICE

    @property
    def shows_witness_contacts(self) -> bool:
        return self.profile == POLICE

    @property
    def shows_gps(self) -> bool:
        return self.profile == POLICE

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
        return cls(**data)
