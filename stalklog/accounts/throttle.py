"""At most so many forms an hour from one address, for pages that must not become an oracle
(sign-up, a request to reset a password): probing for the names people use stays slow.

Only a keyed hash of the address is kept, and rows older than the window are deleted.
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


def _address_hash(request) -> str:
    address = client_ip(request) or ""
    key = hashlib.sha256(b"stalklog-signup-throttle:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, address.encode(), hashlib.sha256).hexdigest()


def allow_from_address(request, purpose: str, limit: int) -> bool:
    """Count one form of `purpose` from this request's address; False once the address has
    sent `limit` of them in the last hour (then nothing else should be looked at)."""
    now = timezone.now()
    SignUpAttempt.objects.filter(at__lt=now - WINDOW).delete()
    address = _address_hash(request)
    if SignUpAttempt.objects.filter(address_hash=address, purpose=purpose).count() >= limit:
        return False
    SignUpAttempt.objects.create(address_hash=address, purpose=purpose, at=now)
    return True
