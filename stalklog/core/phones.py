"""Phone numbers read and written one way across the app, with the phonenumbers library:
an identifier typed on a person's page, a caller in a call log, a number found in a
screenshot's text. UK numbers are the common case (a log's victim is in the UK).

A number counts when it has a possible length for its country, not only when it is in a
range in use: stalkers call from new ranges, and Ofcom's drama numbers (07700 900xxx) are
not "valid" but are what demos and tests use.
"""

import phonenumbers

DEFAULT_REGION = "GB"


def parse_number(text: str) -> phonenumbers.PhoneNumber | None:
    """`text` as a number that can be dialled back, read as UK unless it says otherwise
    (+33…, 0033…); None if it is not one. A local-only length (no area code) is not."""
    try:
        number = phonenumbers.parse(text or "", DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    reason = phonenumbers.is_possible_number_with_reason(number)
    return number if reason == phonenumbers.ValidationResult.IS_POSSIBLE else None


def e164(text: str) -> str:
    """The comparable, stored form (+447700900123); "" if `text` is not a number."""
    number = parse_number(text)
    if number is None:
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_number(text: str, *, international: bool = False) -> str:
    """How a number reads: UK numbers as dialled in the UK (07700 900123), or with +44
    when `international` (a call log or a screenshot, where the number may be printed for
    someone abroad); other countries always internationally (+33 6 12 34 56 78).
    "" if `text` is not a number."""
    number = parse_number(text)
    if number is None:
        return ""
    style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    # By country code, not region: the region of a number outside the ranges in use
    # (07700 900xxx) is unknown.
    if not international and number.country_code == phonenumbers.country_code_for_region(
        DEFAULT_REGION
    ):
        style = phonenumbers.PhoneNumberFormat.NATIONAL
    return phonenumbers.format_number(number, style)
