"""Phone numbers, e-mail addresses and vehicle registrations as one form stores them and
every page shows them: numbers in E.164 (UK by default; read and written by
stalklog.core.phones, as call logs are), plates in capitals without spaces.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy

from stalklog.core.phones import display_number, e164

PLATE_CHARACTERS = re.compile(r"[A-Z0-9]{1,10}")
CURRENT_UK_PLATE = re.compile(r"([A-Z]{2}[0-9]{2})([A-Z]{3})")  # AB12CDE -> AB12 CDE

PHONE_ERROR = gettext_lazy(
    "Enter a phone number, like 07700 900123 or +44 7700 900123. For a withheld or "
    "hidden number, choose Other."
)
EMAIL_ERROR = gettext_lazy("Enter an e-mail address, like name@example.com.")
PLATE_ERROR = gettext_lazy("Enter the registration in letters and numbers, like AB12 CDE.")


def clean_phone(value: str) -> str:
    """`value` in E.164 (+447700900123), read as a UK number unless it says otherwise."""
    # Local-only lengths (a number without its area code) cannot be dialled back: refused.
    number = e164(value)
    if not number:
        raise ValidationError(PHONE_ERROR, code="phone")
    return number


def clean_email(value: str) -> str:
    value = value.strip()
    try:
        validate_email(value)
    except ValidationError:
        raise ValidationError(EMAIL_ERROR, code="email") from None
    return value


def clean_plate(value: str) -> str:
    """A registration in capitals without spaces or dashes (AB12CDE), as the DVLA and the
    police look it up."""
    plate = re.sub(r"[\s\-]", "", value).upper()
    if not PLATE_CHARACTERS.fullmatch(plate):
        raise ValidationError(PLATE_ERROR, code="plate")
    return plate


CLEANERS = {"phone": clean_phone, "email": clean_email, "plate": clean_plate}


def clean(kind: str, value: str) -> str:
    """`value` checked and stored the one way for its kind (other kinds: trimmed)."""
    value = value.strip()
    cleaner = CLEANERS.get(kind)
    return cleaner(value) if cleaner and value else value


def display(kind: str, value: str) -> str:
    """How a stored identifier reads: UK numbers as dialled here (07700 900123), others
    internationally (+33 6 12 34 56 78); current UK plates with their space. Anything that
    does not parse (saved before these checks) is shown as it was typed."""
    if kind == "phone":
        return display_number(value) or value
    if kind == "plate" and (match := CURRENT_UK_PLATE.fullmatch(value)):
        return f"{match[1]} {match[2]}"
    return value


def searched_forms(kind: str, value: str) -> str:
    """Every way someone may type a stored identifier into a search: as stored
    (+447700900123, AB12CDE), as shown (07700 900123, AB12 CDE), shown without spaces
    (07700900123) and, for phone numbers, written internationally (+44 7700 900123)."""
    shown = display(kind, value)
    forms = [value, shown, shown.replace(" ", "")]
    if kind == "phone":
        forms.append(display_number(value, international=True))
    return " ".join(forms)
