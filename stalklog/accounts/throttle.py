"""At most so many forms an hour from one address, for pages that must not become an oracle
(sign-up, a request to reset a password): probing for the names people use stays slow. And
at most so many wrong guesses an hour from one account (a caseworker's look-up of a reset
request's code), so a stolen caseworker account cannot walk the codes.

Only a keyed hash of the address (or the account) is kept, and rows older than the window
are deleted.
"""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from stalklog.accounts.models import SignUpAttempt
from stalklog.accounts.signins import client_ip

WINDOW = timedelta(hours=1)
Purpose = SignUpAttempt.Purpose


def _keyed_hash(text: str) -> str:
    key = hashlib.sha256(b"stalklog-signup-throttle:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def _address_hash(request) -> str:
    return _keyed_hash(client_ip(request) or "")


def _account_hash(user) -> str:
    # Kept in the same column as addresses; the prefix keeps the two from ever meeting.
    return _keyed_hash(f"account:{user.pk}")


def _is_over(key: str, purpose: str, limit: int, now) -> bool:
    SignUpAttempt.objects.filter(at__lt=now - WINDOW).delete()
    return SignUpAttempt.objects.filter(address_hash=key, purpose=purpose).count() >= limit


def allow_from_address(request, purpose: str, limit: int) -> bool:
    """Count one form of `purpose` from this request's address; False once the address has
    sent `limit` of them in the last hour (then nothing else should be looked at)."""
    now = timezone.now()
    address = _address_hash(request)
    if _is_over(address, purpose, limit, now):
        return False
    SignUpAttempt.objects.create(address_hash=address, purpose=purpose, at=now)
    return True


def is_account_held_back(user, purpose: str, limit: int) -> bool:
    """Has `user` made `limit` wrong guesses of `purpose` in the last hour? Ask before
    looking anything up (then nothing else should be looked at)."""
    return _is_over(_account_hash(user), purpose, limit, timezone.now())


def count_wrong_guess(user, purpose: str) -> None:
    """Count one wrong guess of `purpose` by `user` (see is_account_held_back)."""
    SignUpAttempt.objects.create(
        address_hash=_account_hash(user), purpose=purpose, at=timezone.now()
    )
