"""Whole numbers read from a request (ids in a form, a page's place, a body's length), read
so that no typed value can turn into a server error."""

# Python's int() refuses a string of more than 4,300 digits (ValueError), and the database
# an id past 64 bits; no id, offset or length we take is anywhere near 18 digits.
MAX_DIGITS = 18


def whole_number(text) -> int | None:
    """`text` as a whole number of at most MAX_DIGITS ASCII digits, or None."""
    text = str(text or "").strip()
    if not text or len(text) > MAX_DIGITS or not text.isascii() or not text.isdigit():
        return None
    return int(text)
