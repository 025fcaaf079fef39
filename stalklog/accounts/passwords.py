"""A password rule that estimates strength offline (zxcvbn) and suggests a passphrase.

A length rule alone accepts "aaaaaaaaaaaa" and "qwertyuiopas"; the person an abuser knows
well also picks words he can guess. zxcvbn estimates the guesses an attacker needs, counting
repeats, keyboard rows, sequences, dates, common passwords and words, and the account's own
name; it runs in the process, so nothing typed leaves the server.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from zxcvbn import zxcvbn

ADVICE = _(
    "Try a passphrase instead: four or more ordinary words that do not go together, with "
    "spaces between them. It is easier to remember and much harder to guess."
)
EASY_TO_GUESS = _("This password would be easy to guess.")
# zxcvbn words its feedback in fixed English sentences (zxcvbn/feedback.py): each is shown
# through one of ours, so it reads in her language; a sentence a later zxcvbn adds falls
# back to EASY_TO_GUESS (a warning) or is left out (a suggestion: ADVICE follows anyway).
# "Add another word or two" is left out too: ADVICE says it.
WARNINGS = {
    "Straight rows of keys are easy to guess.": _("Straight rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.": _("Short keyboard patterns are easy to guess."),
    'Repeats like "aaa" are easy to guess.': _("Repeats like “aaa” are easy to guess."),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': _(
        "Repeats like “abcabcabc” are only a little harder to guess than “abc”."
    ),
    'Sequences like "abc" or "6543" are easy to guess.': _(
        "Sequences like “abc” or “6543” are easy to guess."
    ),
    "Recent years are easy to guess.": _("Recent years are easy to guess."),
    "Dates are often easy to guess.": _("Dates are often easy to guess."),
    "This is a top-10 common password.": _("This is one of the 10 most common passwords."),
    "This is a top-100 common password.": _("This is one of the 100 most common passwords."),
    "This is a very common password.": _("This is a very common password."),
    "This is similar to a commonly used password.": _("This is like a commonly used password."),
    "A word by itself is easy to guess.": _("A word on its own is easy to guess."),
    "Names and surnames by themselves are easy to guess.": _(
        "Names and surnames on their own are easy to guess."
    ),
    "Common names and surnames are easy to guess.": _(
        "Common names and surnames are easy to guess."
    ),
}
SUGGESTIONS = {
    "Use a few words, avoid common phrases.": _("Use a few words, not a common phrase."),
    "No need for symbols, digits, or uppercase letters.": _(
        "You do not need symbols, numbers or capital letters."
    ),
    "Add another word or two. Uncommon words are better.": None,
    "Use a longer keyboard pattern with more turns.": _(
        "Keyboard patterns need to be longer, with more turns."
    ),
    "Avoid repeated words and characters.": _("Avoid repeated words and characters."),
    "Avoid sequences.": _("Avoid sequences."),
    "Avoid recent years.": _("Avoid recent years."),
    "Avoid years that are associated with you.": _("Avoid years that are linked to you."),
    "Avoid dates and years that are associated with you.": _(
        "Avoid dates and years that are linked to you."
    ),
    "Capitalization doesn't help very much.": _("A capital letter does not help much."),
    "All-uppercase is almost as easy to guess as all-lowercase.": _(
        "All capitals are almost as easy to guess as no capitals."
    ),
    "Reversed words aren't much harder to guess.": _(
        "Words spelt backwards are not much harder to guess."
    ),
    "Predictable substitutions like '@' instead of 'a' don't help very much.": _(
        "Swaps anyone would expect, like “@” for “a”, do not help much."
    ),
}
# zxcvbn's time grows with length; what follows the first characters cannot make a password
# weaker, so only they are estimated. zxcvbn 4.5 refuses (ValueError) anything longer than its
# max_length of 72: a long passphrase must be estimated, never turned into a server error.
MAX_ESTIMATED_CHARACTERS = 72


def feedback_text(feedback) -> str:
    """zxcvbn's warning and suggestions in the page's language, then our advice."""
    warning = WARNINGS.get(feedback.get("warning") or "", EASY_TO_GUESS)
    suggestions = [SUGGESTIONS.get(text) for text in feedback.get("suggestions") or []]
    return " ".join(str(text) for text in [warning, *suggestions, ADVICE] if text)


class StrengthValidator:
    """Refuses passwords zxcvbn scores below `min_score` (0 to 4; 3 is "safely
    unguessable": about 10^8 guesses and more)."""

    def __init__(self, min_score=3):
        self.min_score = min_score

    def validate(self, password, user=None):
        inputs = [
            value
            for value in (
                getattr(user, "username", ""),
                getattr(user, "first_name", ""),
                getattr(user, "last_name", ""),
            )
            if value
        ]
        result = zxcvbn(password[:MAX_ESTIMATED_CHARACTERS], user_inputs=inputs)
        if result["score"] >= self.min_score:
            return
        raise ValidationError(feedback_text(result["feedback"]), code="password_too_guessable")

    def get_help_text(self):
        return "{} {}".format(
            _(
                "Your password must not be easy to guess: no repeated letters, rows of keys, "
                "dates or common words on their own."
            ),
            ADVICE,
        )
