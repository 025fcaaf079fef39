"""One way to read and write phone numbers for the whole app: a person's identifier, a
caller in a call log and a number found in a screenshot's text agree."""

import pytest

from evidence.phones import format_number, normalise_number
from evidence.suggestions import find_phone_numbers
from incidents import identifiers
from stalklog.core.phones import display_number, e164

WRITTEN = ["07700 900123", "+44 7700 900123", "0044 7700-900123", "+447700900123"]


@pytest.mark.parametrize("written", WRITTEN)
def test_an_identifier_and_a_caller_are_the_same_number(written):
    assert identifiers.clean("phone", written) == normalise_number(written) == "+447700900123"
    assert e164(written) == "+447700900123"


def test_uk_numbers_read_as_dialled_here_or_with_44_where_asked():
    assert display_number("+441614960123") == "0161 496 0123"
    assert display_number("+441614960123", international=True) == "+44 161 496 0123"
    assert identifiers.display("phone", "+441614960123") == "0161 496 0123"
    assert format_number("01614960123") == "+44 161 496 0123"


def test_other_countries_always_read_internationally():
    assert display_number("+33612345678") == "+33 6 12 34 56 78"
    assert identifiers.display("phone", "+33612345678") == "+33 6 12 34 56 78"
    assert format_number("0033 6 12 34 56 78") == "+33 6 12 34 56 78"


def test_a_number_found_in_text_is_written_as_the_call_log_writes_it():
    assert find_phone_numbers("he rang from 0161 496 0123 at 9") == ["+44 161 496 0123"]


def test_what_is_not_a_number_reads_as_empty():
    assert e164("not a number") == "" and display_number("12") == ""
    assert identifiers.display("phone", "typed long ago") == "typed long ago"
