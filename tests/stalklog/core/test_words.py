"""Word matching for searches of decrypted text: word starts, case, accents, every term."""

import pytest

from stalklog.core.words import Terms, normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("car", True),
        ("Two CARS", True),
        ("Carlisle", True),
        ("e-car", True),
        ("car_park", True),
        ("scared", False),
        ("Oscar", False),
        ("", False),
    ],
)
def test_a_term_matches_a_word_or_its_start_never_its_middle(text, expected):
    assert Terms("car").matches(text) is expected


def test_case_and_accents_are_ignored_both_ways():
    assert normalise("Zoë ÇA Straße") == "zoe ca strasse"
    assert Terms("ZOË").matches("zoe") and Terms("zoe").matches("Zoë")
    assert Terms("cafe").matches("CAFÉ")


def test_every_term_must_match_and_the_mask_says_which_did():
    terms = Terms("red car")
    assert terms.matches("a red car") and not terms.matches("a red van")
    assert terms.mask("a red van") == 0b01 and terms.mask("a car") == 0b10
    assert terms.mask("red") | terms.mask("car") == terms.every


def test_punctuation_around_a_term_is_dropped_but_handles_and_numbers_keep_theirs():
    assert Terms('"car," (park).').terms == ["car", "park"]
    assert Terms("@sam_j +447700 #tag").terms == ["@sam_j", "+447700", "#tag"]
    assert Terms("@sam").matches("messages from @sam_jones")
    assert not Terms("@sam").matches("sam")
    assert Terms("900123").matches("07700 900123")


def test_an_empty_or_punctuation_only_search_has_no_terms():
    assert not Terms("") and not Terms("  ,, ' ")
    assert not Terms("").matches("anything")


def test_repeated_terms_count_once_and_there_is_a_limit():
    assert Terms("car CAR car").terms == ["car"]
    assert len(Terms(" ".join(f"w{n}" for n in range(50))).terms) == 12
