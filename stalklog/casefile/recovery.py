"""Getting back into an account without e-mail: a caseworker's one-time reset code.

There is no password reset by e-mail, because an abuser may read the victim's mailbox.
A victim who has lost both password and recovery codes asks their caseworker, who checks
who they are in person and issues a reset code; the victim redeems it on the public
reset page (throttled like sign-in) and chooses a new password.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from stalklog.accounts.models import ResetCode, User
from stalklog.casefile import audit
from stalklog.casefile.models import Log
from stalklog.core.codes import hash_code, new_code


def _context(victim) -> str:
    return f"reset:{victim.pk}"


def issue_reset_code(victim: User, caseworker: User) -> str:
    """Issue a one-time reset code for `victim` and return it in plain text, once.

    Call this only from a caseworker action, after the caseworker has confirmed the
    victim's identity in person, and only for a victim whose log is shared with that
    caseworker now (checking the share is the caller's job). Show the returned code to
    the caseworker once, to read or hand to the victim; it is never stored in plain text
    and cannot be shown again. Issuing a new code cancels any earlier unused one.

    The code works once, for `settings.STALKLOG_RESET_CODE_HOURS` hours, on the public
    page `reset_code_redeem` (username + code + new password). Redeeming it sets the new
    password, ends every session of the account and removes its two-step sign-in (the
    victim is then asked to set it up again). Both issuing and redeeming are recorded in
    the victim's access log ("reset_code_issued" / "reset_code_used").
    """
    if not victim.is_victim:
        raise ValueError("reset codes are only for victims' accounts")
    code = new_code()
    now = timezone.now()
    with transaction.atomic():
        ResetCode.objects.filter(victim=victim, used_at__isnull=True).update(expires_at=now)
        ResetCode.objects.create(
            victim=victim,
            code_hash=hash_code(code, _context(victim)),
            issued_by=caseworker,
            expires_at=now + timedelta(hours=settings.STALKLOG_RESET_CODE_HOURS),
        )
        log = Log.objects.filter(owner=victim).first()
        if log is not None:
            audit.record(log, caseworker, "reset_code_issued", "account")
    return code


def redeem_reset_code(victim: User, typed: str) -> bool:
    """Spend the victim's reset code if `typed` is it and it is still live."""
    now = timezone.now()
    with transaction.atomic():
        spent = ResetCode.objects.filter(
            victim=victim,
            code_hash=hash_code(typed, _context(victim)),
            used_at__isnull=True,
            expires_at__gt=now,
        ).update(used_at=now)
        if spent:
            log = Log.objects.filter(owner=victim).first()
            if log is not None:
                audit.record(log, victim, "reset_code_used", "account")
    return bool(spent)
