"""Sharing a log with a caseworker: one-time codes given in person, shares, revocation.

The caseworker makes a code and reads it out to the victim; the victim types it in, picks
the last day of the share and confirms. Nothing is sent anywhere, and the code is only ever
stored as an HMAC.
"""

import secrets
from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.crypto import salted_hmac

from stalklog.accounts.models import User
from stalklog.casefile import audit
from stalklog.casefile.models import Share, ShareCode, ShareCodeAttempt

# No 0/O, 1/I/L or U: a code is read aloud and typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12  # 30**12 is about 2**59
CODE_GROUP = 4
CODE_LIFETIME = timedelta(minutes=30)
# Wrong codes a victim may type in WRONG_CODE_WINDOW before the form refuses for a while.
MAX_WRONG_CODES = 5
WRONG_CODE_WINDOW = timedelta(minutes=15)
MAX_SHARE_DAYS = 365


def normalise_code(typed: str) -> str:
    """Upper case, without the spaces and dashes people type between groups."""
    return "".join(ch for ch in typed.upper() if ch.isalnum())


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code)


def format_code(code: str) -> str:
    return "-".join(code[i : i + CODE_GROUP] for i in range(0, len(code), CODE_GROUP))


def hash_code(code: str) -> str:
    return salted_hmac("stalklog.ShareCode", normalise_code(code), algorithm="sha256").hexdigest()


@transaction.atomic
def issue_share_code(caseworker, now=None) -> str:
    """A fresh code for `caseworker`, formatted for reading out; their earlier codes stop
    working, so only the code just given out is ever valid."""
    now = now or timezone.now()
    # Used and expired codes are worth nothing once gone; keep the table to live codes.
    ShareCode.objects.filter(caseworker=caseworker).delete()
    ShareCode.objects.filter(expires_at__lte=now).delete()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    ShareCode.objects.create(
        caseworker=caseworker,
        code_hash=hash_code(code),
        created_at=now,
        expires_at=now + CODE_LIFETIME,
    )
    return format_code(code)


def pending_code(caseworker, now=None):
    """The caseworker's unused code that still works, if any (its expiry, never the code)."""
    now = now or timezone.now()
    return ShareCode.objects.filter(
        caseworker=caseworker, used_at__isnull=True, expires_at__gt=now
    ).first()


def find_share_code(typed: str, now=None):
    """The unused, unexpired code matching what was typed, from a caseworker who can still
    receive shares; None otherwise."""
    code = normalise_code(typed)
    if not is_well_formed(code):
        return None
    return (
        ShareCode.objects.select_related("caseworker__organisation")
        .filter(
            code_hash=hash_code(code),
            used_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            caseworker__is_active=True,
            caseworker__role=User.Role.CASEWORKER,
            caseworker__organisation__isnull=False,
        )
        .first()
    )


def too_many_wrong_codes(user, now=None) -> bool:
    since = (now or timezone.now()) - WRONG_CODE_WINDOW
    return ShareCodeAttempt.objects.filter(user=user, at__gt=since).count() >= MAX_WRONG_CODES


def note_wrong_code(log, user, now=None):
    now = now or timezone.now()
    ShareCodeAttempt.objects.filter(user=user, at__lte=now - WRONG_CODE_WINDOW).delete()
    ShareCodeAttempt.objects.create(user=user, at=now)
    audit.record(log, user, "sharing code rejected")


def expiry_for(last_day) -> datetime:
    """The instant a share whose last day is `last_day` ends: the next local midnight."""
    return timezone.make_aware(datetime.combine(last_day + timedelta(days=1), time.min))


@transaction.atomic
def share_log(log, victim, share_code, last_day, now=None) -> Share | None:
    """Use up `share_code` and share `log` with its caseworker until the end of `last_day`.

    None when the code was used or expired in the meantime. A live share with the same
    caseworker is replaced, so there is only ever one, with the expiry just chosen.
    """
    now = now or timezone.now()
    used = ShareCode.objects.filter(
        pk=share_code.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not used:
        return None
    caseworker = share_code.caseworker
    for old in Share.objects.live(now).filter(log=log, caseworker=caseworker):
        old.revoke(now)
    share = Share.objects.create(
        log=log,
        caseworker=caseworker,
        organisation=caseworker.organisation,
        created_at=now,
        expires_at=expiry_for(last_day),
    )
    audit.record(
        log,
        victim,
        "shared",
        share,
        f"with {caseworker.get_username()} ({caseworker.organisation}) until {last_day:%d %b %Y}",
    )
    return share


@transaction.atomic
def revoke_share(share, victim, now=None):
    share.revoke(now)
    audit.record(share.log, victim, "revoked", share, f"for {share.caseworker.get_username()}")


def shared_with(caseworker, now=None):
    """The logs shared with `caseworker` now, with counts and last-updated dates, no content."""
    return (
        Share.objects.live(now)
        .filter(caseworker=caseworker)
        .select_related("log__owner")
        .annotate(incident_count=Count("log__incidents"))
        .order_by("expires_at", "pk")
    )


def end_shares_of(caseworker):
    """Revoke for good every share and code of a deactivated caseworker, so reactivating the
    account does not bring back access the victims did not renew."""
    ShareCode.objects.filter(caseworker=caseworker, used_at__isnull=True).delete()
    for share in Share.objects.filter(caseworker=caseworker, revoked_at__isnull=True):
        share.revoke()
        audit.record(share.log, None, "share ended", share, "caseworker account closed")
