"""Sizes, camera times and length limits in plain words."""

import pytest
from django import forms
from django.utils import translation

from stalklog.core.plain import camera_time, exact_size, plain_size


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (0, "0 bytes"),
        (1, "1 byte"),
        (368, "368 bytes"),
        (1536, "1.5 KB"),
        (2_411_724, "2.3 MB"),
        (104_857_600, "100 MB"),
        (5 * 1024**3, "5 GB"),
        (10 * 1024**2 - 1, "10 MB"),
    ],
)
def test_sizes_read_as_people_say_them(size, text):
    assert plain_size(size) == text


def test_exact_size_adds_the_byte_count_only_when_it_says_more():
    assert exact_size(368) == "368 bytes"
    assert exact_size(2_411_724) == "2.3 MB (2,411,724 bytes)"


@pytest.mark.parametrize(
    ("language", "small", "exact"),
    [
        ("cy", "368 beit", "2.3 MB (2,411,724 beit)"),
        ("pl", "368 bajtów", "2.3 MB (2,411,724 bajty)"),
        ("ur", "368 بائٹس", "2.3 MB (2,411,724 بائٹس)"),
    ],
)
def test_sizes_are_in_the_page_language(language, small, exact):
    with translation.override(language):
        assert plain_size(368) == small
        assert exact_size(2_411_724) == exact


def test_a_camera_time_is_written_as_a_date():
    assert camera_time("2026:11:27 21:14:00") == "27 Nov 2026, 21:14:00"
    assert camera_time("sometime") == "sometime"


def test_a_length_limit_is_in_the_apps_words():
    form = type("F", (forms.Form,), {"words": forms.CharField(max_length=5)})({"words": "x" * 7})
    assert form.errors["words"] == [
        "This is too long: keep it to 5 characters or fewer (it has 7). Shorten it, or put "
        "the rest in another box; nothing is saved yet."
    ]
