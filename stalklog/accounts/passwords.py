"""A password rule that estimates strength offline (zxcvbn) and suggests a passphrase.

A length rule alone accepts "aaaaaaaaaaaa" and "qwertyuiopas"; the person an abuser knows
well also picks words he can guess. zxcvbn estimates the guesses an attacker needs, counting
repeats, keyboard rows, sequences, dates, common passwords and words, and the account's own
name; it runs in the process, so nothing typed leaves the server.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from zxcvbn import zxcvbn

ADVICE = _(
    "Try a passphrase instead: four or more ordinary words that do not go together, with "
    "spaces between them. It is easier to remember and much harder to guess."
)
EASY_TO_GUESS = _("This password would be easy to guess.")
# zxcvbn's time grows with length; what follows the first characters cannot make a password
# weaker, so only they are estimated. zxcvbn 4.5 refuses (ValueError) anything longer than its
# max_length of 72: a long passphrase must be estimated, never turned into a server error.
MAX_ESTIMATED_CHARACTERS = 72


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
        # zxcvbn's own warnings are in English only: in another language, ours stands in.
        warning = result["feedback"].get("warning") if get_language() == "en-gb" else None
        raise ValidationError(f"{warning or EASY_TO_GUESS} {ADVICE}", code="password_too_guessable")

    def get_help_text(self):
        return "{} {}".format(
            _(
                "Your password must not be easy to guess: no repeated letters, rows of keys, "
                "dates or common words on their own."
            ),
            ADVICE,
        )
