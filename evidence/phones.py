"""Phone numbers as call logs and screenshots show them: one form to compare, one to read.

UK numbers are the common case (a log's victim is in the UK), so `07700 900123`,
`+44 7700 900123` and `0044 7700900123` are one number. Others are kept as written, digits
and a leading + only.
"""

import re

WITHHELD = "Withheld number"
_NOT_DIGITS = re.compile(r"[^\d+]")


def normalise_number(text: str) -> str:
    """A comparable form: `+447700900123`; "" for a withheld or empty number."""
    number = _NOT_DIGITS.sub("", text or "")
    if number.startswith("00"):
        number = "+" + number[2:]
    if number.startswith("0") and len(number) == 11:
        number = "+44" + number[1:]
    if not re.fullmatch(r"\+?\d{3,15}", number):
        return ""  # Android writes -1, -2 or an empty number when it was withheld
    return number


def format_number(text: str) -> str:
    """How people write it: `+44 7700 900123`, `+44 20 7946 0018`; others as given."""
    number = normalise_number(text)
    if not number:
        return WITHHELD
    if number.startswith("+44") and len(number) == 13:
        national = number[3:]
        if national.startswith("7"):
            return f"+44 {national[:4]} {national[4:]}"
        if national.startswith("2"):
            return f"+44 {national[:2]} {national[2:6]} {national[6:]}"
        return f"+44 {national[:4]} {national[4:]}"
    return number


def number_digest(log, normalised: str) -> str:
    """A keyed digest of a number (the log's own key): the same number in one log gives
    the same digest, so calls can be grouped in SQL; nobody can test a guess without the key."""
    import hashlib
    import hmac

    message = b"phone-number\0" + normalised.encode()
    return hmac.new(log.sealer.data_key, message, hashlib.sha256).hexdigest()[:32]
