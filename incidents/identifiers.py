"""Phone numbers, e-mail addresses and vehicle registrations as one form stores them and
every page shows them: numbers in E.164 (UK by default), plates in capitals without spaces.

A number is accepted when it has a possible length for its country, not only when it is in
a range that is in use: stalkers call from new ranges, and Ofcom's drama numbers
(07700 900xxx) are not "valid" but are what demos and tests use.
"""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

DEFAULT_REGION = "GB"
PLATE_CHARACTERS = re.compile(r"[A-Z0-9]{1,10}")
CURRENT_UK_PLATE = re.compile(r"([A-Z]{2}[0-9]{2})([A-Z]{3})")  # AB12CDE -> AB12 CDE

PHONE_ERROR = (
    "Enter a phone number, like 07700 900123 or +44 7700 900123. For a withheld or "
    "hidden number, choose Other."
)
EMAIL_ERROR = "Enter an e-mail address, like name@example.com."
PLATE_ERROR = "Enter the registration in letters and numbers, like AB12 CDE."


def clean_phone(value: str) -> str:
    """`value` in E.164 (+447700900123), read as a UK number unless it says otherwise."""
    try:
        number = phonenumbers.parse(value, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise ValidationError(PHONE_ERROR, code="phone") from None
    # Local-only lengths (a number without its area code) cannot be dialled back: refused.
    reason = phonenumbers.is_possible_number_with_reason(number)
    if reason != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise ValidationError(PHONE_ERROR, code="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
        try:
            number = phonenumbers.parse(value, DEFAULT_REGION)
        except phonenumbers.NumberParseException:
            return value
        style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
        # By country code, not region: the region of a number outside the ranges in use
        # (07700 900xxx) is unknown.
        if number.country_code == phonenumbers.country_code_for_region(DEFAULT_REGION):
            style = phonenumbers.PhoneNumberFormat.NATIONAL
        return phonenumbers.format_number(number, style)
    if kind == "plate" and (match := CURRENT_UK_PLATE.fullmatch(value)):
        return f"{match[1]} {match[2]}"
    return value
