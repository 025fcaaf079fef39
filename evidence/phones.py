"""Phone numbers as call logs and screenshots show them: one form to compare, one to read.

The numbers themselves are read and written by stalklog.core.phones (the phonenumbers
library), as a person's identifiers are, so `07700 900123`, `+44 7700 900123` and
`0044 7700900123` are one number everywhere. What is particular to call logs is here: a
withheld caller, short codes (voicemail on 901) kept as written, and the keyed digest.
"""

import hashlib
import hmac
import re

from evidence.models import WITHHELD_NUMBER as WITHHELD
from stalklog.core.phones import display_number, e164

_NOT_DIGITS = re.compile(r"[^\d+]")
_SHORT_CODE = re.compile(r"\+?\d{3,15}")


def normalise_number(text: str) -> str:
    """A comparable form: `+447700900123`; "" for a withheld or empty number."""
    number = e164(text)
    if number:
        return number
    # Not a full number: a short code or a service number, kept as its digits. Android
    # writes -1, -2 or an empty number when the caller withheld it.
    digits = _NOT_DIGITS.sub("", text or "")
    return digits if _SHORT_CODE.fullmatch(digits) else ""


def format_number(text: str) -> str:
    """How people write it: `+44 7700 900123`, `+44 20 7946 0018`, `+33 1 23 45 67 89`."""
    number = normalise_number(text)
    if not number:
        return WITHHELD
    return display_number(number, international=True) or number


def number_digest(log, normalised: str) -> str:
    """A keyed digest of a number (the log's own key): the same number in one log gives
    the same digest, so calls can be grouped in SQL; nobody can test a guess without the key."""
    message = b"phone-number\0" + normalised.encode()
    return hmac.new(log.sealer.data_key, message, hashlib.sha256).hexdigest()[:32]
