"""The hash of a record (an incident as first recorded, or one correction) as timestamped.

An incident's row always holds its latest version, so its record hash covers the values it
was first recorded with (the row, with every field a correction changed put back), and each
correction has a record hash of its own: correcting an incident never breaks its proof, and
any change made to a row without a correction does. People and the order an incident may
breach are left out: they are rows of their own that she can rename or edit.
"""

import hashlib
import json

from incidents.models import Incident

RECORD_FIELDS = tuple(
    field for field in Incident.AMENDABLE_FIELDS if field not in ("people", "order_breached")
)


def canonical_bytes(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def incident_record(incident, amendments) -> dict:
    original = incident.original_values(amendments)
    body = {
        "record": "incident",
        "log": str(incident.log.uuid),
        "sequence_no": incident.sequence_no,
        "recorded_at": incident.recorded_value("recorded_at"),
        "entered_by_role": incident.entered_by_role,
    }
    for field in RECORD_FIELDS:
        body[field] = original[field] if field in original else incident.recorded_value(field)
    return body


def amendment_record(amendment, incident) -> dict:
    return {
        "record": "amendment",
        "log": str(incident.log.uuid),
        "incident": incident.sequence_no,
        "amended_at": incident.recorded_value("recorded_at", amendment.amended_at),
        "reason": amendment.reason,
        "changes": amendment.changes,
    }


def incident_sha256(incident, amendments) -> str:
    return hashlib.sha256(canonical_bytes(incident_record(incident, amendments))).hexdigest()


def amendment_sha256(amendment, incident) -> str:
    return hashlib.sha256(canonical_bytes(amendment_record(amendment, incident))).hexdigest()
