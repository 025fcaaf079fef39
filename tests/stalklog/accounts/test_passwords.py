"""Passwords: at least 12 characters, and not easy to guess by zxcvbn's estimate."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from stalklog.accounts.signin_views import MUST_SET_PASSWORD_KEY
from tests.conftest import PASSWORD


def _sign_up(client, password):
    return client.post(
        "/account/signup/",
        {"username": "willow", "password1": password, "password2": password, "initials": "WB"},
    )


@pytest.mark.parametrize(
    "weak",
    ["aaaaaaaaaaaa", "qwertyuiopasdf", "asdfghjkl;123", "abcabcabcabc", "1q2w3e4r5t6y7u"],
)
def test_repeated_and_keyboard_patterns_are_refused_with_passphrase_advice(client, db, weak):
    response = _sign_up(client, weak)
    assert response.status_code == 200
    assert b"Try a passphrase instead" in response.content


def test_twelve_repeated_letters_are_refused(client, db):
    response = _sign_up(client, "a" * 12)
    assert b"Repeats like" in response.content
    assert not response.wsgi_request.user.is_authenticated


def test_eleven_characters_are_too_short(db):
    with pytest.raises(ValidationError) as refused:
        validate_password("vK9#qz!Lm2x")
    assert any("at least 12 characters" in m for m in refused.value.messages)


def test_a_passphrase_is_accepted(client, db):
    assert _sign_up(client, PASSWORD).status_code == 302


def test_a_password_made_of_the_username_is_refused(victim):
    with pytest.raises(ValidationError):
        validate_password("victimvictim2024", victim)


def test_changing_to_a_weak_password_is_refused(victim_client):
    response = victim_client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "qwertyuiop12",
            "new_password2": "qwertyuiop12",
        },
    )
    assert response.status_code == 200
    assert b"Try a passphrase instead" in response.content


def test_the_sign_up_page_explains_the_rule(client, db):
    page = client.get("/account/signup/").content
    assert b"at least 12 characters" in page
    assert b"passphrase" in page


LONG_PASSPHRASE = "the orange lighthouse keeper sings quietly to seventeen wandering goats at dawn"


def test_a_passphrase_longer_than_zxcvbn_reads_is_accepted(client, db):
    assert len(LONG_PASSPHRASE) > 72
    assert _sign_up(client, LONG_PASSPHRASE).status_code == 302


@pytest.mark.parametrize("url", ["/account/password/", "/account/password/new/"])
def test_a_very_long_new_password_is_an_answer_not_a_server_error(victim_client, url):
    if url.endswith("/new/"):  # the page after a recovery-code sign-in
        session = victim_client.session
        session[MUST_SET_PASSWORD_KEY] = True
        session.save()
    typed = {"old_password": PASSWORD}
    for weak in ("a" * 300, "x" * 100_000):
        response = victim_client.post(url, {**typed, "new_password1": weak, "new_password2": weak})
        assert response.status_code == 200
        assert b"Try a passphrase instead" in response.content
    response = victim_client.post(
        url, {**typed, "new_password1": LONG_PASSPHRASE, "new_password2": LONG_PASSPHRASE}
    )
    assert response.status_code == 302


# zxcvbn's feedback in her language (issue 21)


def zxcvbn_sentences():
    """Every sentence zxcvbn's feedback can give, read from its installed source."""
    import ast
    import inspect

    from zxcvbn import feedback

    found = []
    for node in ast.walk(ast.parse(inspect.getsource(feedback))):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_":
            found.append(ast.literal_eval(node.args[0]))
    return found


def test_every_sentence_zxcvbn_can_give_is_one_of_ours():
    from stalklog.accounts.passwords import SUGGESTIONS, WARNINGS

    sentences = zxcvbn_sentences()
    assert len(sentences) > 20
    assert not [s for s in sentences if s not in WARNINGS and s not in SUGGESTIONS]


@pytest.mark.parametrize(
    "language,warning,suggestion",
    [
        ("cy", "Mae rhesi syth o fysellau yn hawdd eu dyfalu.", "Mae angen i batrymau"),
        ("pl", "Proste rzędy klawiszy łatwo odgadnąć.", "Wzory na klawiaturze muszą"),
        ("ur", "کی بورڈ کی سیدھی قطاروں کا اندازہ لگانا آسان ہے۔", "کی بورڈ کے پیٹرن زیادہ"),
    ],
)
def test_zxcvbns_warning_and_suggestions_are_in_her_language(
    client, db, language, warning, suggestion
):
    client.post("/language/", {"language": language, "next": "/"})
    # zxcvbn: "Straight rows of keys are easy to guess." and "Use a longer keyboard pattern
    # with more turns."
    content = _sign_up(client, "asdfghjkl;123").content.decode()
    assert warning in content and suggestion in content
    assert "Straight rows of keys" not in content and "keyboard pattern" not in content


def test_a_sentence_zxcvbn_adds_later_falls_back_to_ours(db):
    from django.utils import translation

    from stalklog.accounts.passwords import feedback_text

    with translation.override("pl"):
        text = feedback_text({"warning": "Something new.", "suggestions": ["Do this instead."]})
    assert text.startswith("To hasło byłoby łatwe do odgadnięcia.")
    assert "Something new" not in text and "Do this instead" not in text
