"""Sign-up without an oracle: random account names to suggest, and a throttle per address.

An abuser who knows the name she uses elsewhere must not learn from the sign-up page that
she has an account here (DESIGN.md section 2.2). So the page suggests a random name of
words and digits that identifies nobody, never says that a name exists, and answers at most
STALKLOG_SIGNUP_ATTEMPTS_PER_HOUR forms an hour from one address.
"""

import secrets

from django.conf import settings

from stalklog.accounts.models import User
from stalklog.accounts.throttle import Purpose, allow_from_address

# Plain, common words that say nothing about a person: no names, places or dates.
ADJECTIVES = [
    "amber",
    "autumn",
    "brave",
    "bright",
    "calm",
    "clear",
    "cosy",
    "crisp",
    "early",
    "even",
    "fair",
    "gentle",
    "golden",
    "green",
    "hidden",
    "honest",
    "kind",
    "late",
    "light",
    "little",
    "lucky",
    "mellow",
    "misty",
    "modest",
    "neat",
    "nimble",
    "noble",
    "open",
    "patient",
    "plain",
    "polite",
    "quiet",
    "rapid",
    "ready",
    "silver",
    "simple",
    "slow",
    "soft",
    "spare",
    "steady",
    "still",
    "sunny",
    "swift",
    "tidy",
    "warm",
    "wide",
    "wise",
]
NOUNS = [
    "acorn",
    "anchor",
    "apple",
    "badger",
    "basket",
    "beacon",
    "birch",
    "bramble",
    "breeze",
    "brook",
    "candle",
    "cedar",
    "clover",
    "comet",
    "cottage",
    "daisy",
    "ember",
    "falcon",
    "fern",
    "harbour",
    "hazel",
    "heron",
    "island",
    "kettle",
    "lantern",
    "maple",
    "meadow",
    "willow",
    "orchard",
    "otter",
    "pebble",
    "pine",
    "puffin",
    "quill",
    "river",
    "robin",
    "sparrow",
    "spruce",
    "teapot",
    "thistle",
    "tulip",
    "walnut",
    "wren",
]


def suggest_account_name() -> str:
    """A random account name nobody has yet, like `quiet-otter-4821`."""
    while True:
        name = "-".join(
            (
                secrets.choice(ADJECTIVES),
                secrets.choice(NOUNS),
                f"{secrets.randbelow(10_000):04d}",
            )
        )
        if not User.objects.filter(username__iexact=name).exists():
            return name


def is_name_taken(name: str) -> bool:
    return User.objects.filter(username__iexact=name).exists()


def allow_attempt(request) -> bool:
    """Count one sign-up form from this request's address; False once the address has
    sent STALKLOG_SIGNUP_ATTEMPTS_PER_HOUR in the last hour (then nothing is checked)."""
    return allow_from_address(request, Purpose.SIGN_UP, settings.STALKLOG_SIGNUP_ATTEMPTS_PER_HOUR)
