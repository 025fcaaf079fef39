"""Sentences kept to be said later (stalklog.core.said): stored as data, said in the reader's
language whenever they are shown."""

import json

from django.utils import translation

from stalklog.core.said import Said, say


def test_a_said_is_stored_as_json_and_said_in_the_active_language():
    note = json.loads(json.dumps(Said.gettext("Not readable: %(problem)s.", problem="x")))
    with translation.override("en-gb"):
        assert say(note) == "Not readable: x."
    with translation.override("cy"):
        assert say(note) != "Not readable: x." and say(note).endswith("x.")


def test_an_exception_raised_with_a_said_is_stored_as_its_message():
    problem = ValueError(Said.gettext("it is damaged or incomplete"))
    note = json.loads(json.dumps(Said.gettext("Not readable: %(problem)s.", problem=problem)))
    assert note["values"]["problem"] == {"said": "it is damaged or incomplete", "values": {}}
    with translation.override("pl"):
        assert "damaged" not in say(note)
        assert str(problem) == say(note["values"]["problem"])


def test_a_plural_is_chosen_by_its_number_and_its_values_may_be_named_count():
    note = Said.ngettext(
        "Only the first %(most)s calls were read; %(count)s more was not.",
        "Only the first %(most)s calls were read; %(count)s more were not.",
        3,
        most=10,
        count=3,
    )
    with translation.override("en-gb"):
        assert say(note) == "Only the first 10 calls were read; 3 more were not."


def test_a_list_is_said_item_by_item_and_text_is_kept_as_it_is():
    with translation.override("en-gb"):
        assert say([Said.gettext("Avoid sequences."), "Her own words."]) == (
            "Avoid sequences. Her own words."
        )
    assert say("") == "" and say(None) == ""
