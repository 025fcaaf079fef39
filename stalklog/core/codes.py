"""One-time codes people copy by hand (recovery codes, reset codes): made, tidied and hashed.

Sixteen characters from an alphabet without look-alikes (no 0/o, 1/l/i) carry about 79
bits, so a plain SHA-256 is enough to keep the stored hash useless to whoever reads a
leaked database; the context string binds a hash to one purpose and one account.
"""

import hashlib
import hmac
import secrets

ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
CODE_LENGTH = 16
GROUP = 4


def new_code() -> str:
    """A fresh code, grouped for reading aloud: `abcd-efgh-jkmn-pqrs`."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, CODE_LENGTH, GROUP))


def tidy_code(typed: str) -> str:
    """What a person typed, without case, spaces or dashes."""
    return "".join(ch for ch in typed.lower() if ch.isalnum())


def hash_code(code: str, context: str) -> str:
    return hashlib.sha256(f"{context}\x00{tidy_code(code)}".encode()).hexdigest()


def hashes_match(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
