"""Getting back into an account without e-mail, in a way no single insider can complete.

There is no password reset by e-mail, because an abuser may read the victim's mailbox, and
no caseworker ever holds a secret that completes a reset (issue 17: with a reset code of
their own making, a caseworker could take her account over). Instead (DESIGN.md 2.10):

1. She asks on her own device ("Can't sign in?" on the sign-in page). The browser gets a
   short request code to read to her caseworker and keeps a random secret in a cookie; the
   answer looks the same whether or not the account exists.
2. A caseworker she shares her log with finds the request by its code and confirms who she
   is ("confirmed your identity").
3. A service admin of that caseworker's service, a second person, approves it.
4. STALKLOG_RECOVERY_WAIT_HOURS follow, in which every signed-in session of hers shows the
   request with a one-click cancel.
5. Then only the browser holding the secret can set a new password: two-step sign-in is
   removed, every other session ends and a scheduled deletion is cancelled.

Every step goes into her access log through the audit helper. Recovery codes she saved
(stalklog/accounts/twostep.py) are a separate, faster way in and keep working.
"""

import secrets
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from stalklog.accounts.models import User
from stalklog.accounts.signins import end_sessions
from stalklog.accounts.twostep import remove_two_step
from stalklog.casefile import audit
from stalklog.casefile.models import Log, RecoveryRequest, Share
from stalklog.casefile.shredding import cancel_deletion
from stalklog.core.codes import ALPHABET, hash_code, tidy_code

State = RecoveryRequest.State
CODE_LENGTH = 8
_CODE_CONTEXT = "recovery-request"
_SECRET_CONTEXT = "recovery-secret"  # noqa: S105 (a hash context, not a secret)
TARGET = "password reset"


class RecoveryRefused(Exception):
    """A step that may not happen now; the message says why, in words for the person."""


def cookie_name() -> str:
    """The cookie that holds the asking browser's secret. __Host-: kept only if Secure, for
    this exact host and path, like the session cookie."""
    return "__Host-recovery" if settings.SESSION_COOKIE_SECURE else "recovery"


def new_request_code() -> str:
    """Eight characters without look-alikes, read aloud in two groups: `k7mp-4qxa`."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def code_hash(code: str) -> str:
    return hash_code(code, _CODE_CONTEXT)


def secret_hash(secret: str) -> str:
    return hash_code(secret, _SECRET_CONTEXT)


def _log_of(user):
    return Log.objects.filter(owner=user).first()


def _record(req, actor, action, target=TARGET, detail="", **kwargs):
    log = _log_of(req.user)
    if log is not None:
        audit.record(log, actor, action, target, detail, **kwargs)


def _when(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%-d %b %Y, %H:%M}"


# 1. Her browser asks ------------------------------------------------------------------------


def start_recovery(username: str, *, device: str = "", now=None) -> tuple[str, str, datetime]:
    """Ask to reset the password of `username`: returns (request code, browser secret, when).

    Both come back whether or not the account exists, so the answer says nothing about it;
    only an active victim's account with a log gets a request (and an access-log entry).
    """
    now = now or timezone.now()
    secret = secrets.token_urlsafe(32)
    user = User.objects.filter(
        username__iexact=username.strip(), is_active=True, role=User.Role.VICTIM
    ).first()
    while True:
        code = new_request_code()
        if not RecoveryRequest.objects.filter(code_hash=code_hash(code)).exists():
            break
    if user is not None and _log_of(user) is not None:
        with transaction.atomic():
            req = RecoveryRequest.objects.create(
                user=user,
                code_hash=code_hash(code),
                secret_hash=secret_hash(secret),
                asked_at=now,
                device=device[:100],
            )
            _record(req, None, "asked to reset", "your password", device, anonymous_as="someone")
    return code, secret, now


def find_by_secret(secret: str) -> RecoveryRequest | None:
    """The request this browser started (its cookie's secret), or None."""
    if not secret:
        return None
    return (
        RecoveryRequest.objects.select_related("user")
        .filter(secret_hash=secret_hash(secret))
        .first()
    )


# 2. A caseworker she shares with confirms who she is ---------------------------------------


def _shared_with(caseworker, now):
    # `consented`, not `live`: while her log waits to be deleted it is hidden from her
    # caseworker, but a recovery is how she keeps it (stalklog/casefile/shredding.py).
    return Share.objects.consented(now).filter(caseworker=caseworker)


def find_for_caseworker(caseworker, code: str, now=None) -> RecoveryRequest | None:
    """The open request with this code, if it is for someone who shares their log with
    `caseworker` now; otherwise None (the same for a wrong code and for anyone else's)."""
    now = now or timezone.now()
    if len(tidy_code(code)) != CODE_LENGTH:
        return None
    req = (
        RecoveryRequest.objects.select_related("user", "checked_by")
        .filter(
            code_hash=code_hash(code),
            state__in=[State.ASKED, State.CHECKED],
            user__log__in=_shared_with(caseworker, now).values("log"),
        )
        .first()
    )
    return req if req is not None and req.is_open(now) else None


def approvers(organisation, *, besides=None):
    """The active service admins of `organisation` who could approve (never `besides`)."""
    admins = User.objects.filter(
        organisation=organisation, role=User.Role.SERVICE_ADMIN, is_active=True
    )
    if besides is not None:
        admins = admins.exclude(pk=besides.pk)
    return admins


def confirm_identity(req: RecoveryRequest, caseworker, now=None) -> RecoveryRequest:
    """The caseworker checked who she is: the request waits for a second person."""
    now = now or timezone.now()
    with transaction.atomic():
        req = RecoveryRequest.objects.select_for_update().get(pk=req.pk)
        if req.state != State.ASKED or not req.is_open(now):
            raise RecoveryRefused(_("This request is no longer waiting for a check."))
        if not _shared_with(caseworker, now).filter(log__owner=req.user).exists():
            raise RecoveryRefused(_("This person does not share their log with you now."))
        req.state = State.CHECKED
        req.checked_by, req.checked_at = caseworker, now
        req.organisation_id = caseworker.organisation_id
        req.save(update_fields=["state", "checked_by", "checked_at", "organisation"])
        User.objects.filter(pk=req.user_id).update(recovery_pending=True)
        _record(req, caseworker, "confirmed your identity", "for a password reset")
    return req


# 3. A second person at the service approves ------------------------------------------------


def requests_to_approve(admin, now=None):
    """Checked requests waiting for a service admin of `admin`'s service, oldest first.

    The admin sees who checked and when, never whose account it is: approving is about the
    caseworker's check, and admins never read victims' details (DESIGN.md section 1)."""
    now = now or timezone.now()
    lapsed_before = now - RecoveryRequest.LIFETIME
    return (
        RecoveryRequest.objects.select_related("checked_by")
        .filter(
            state=State.CHECKED,
            organisation_id=admin.organisation_id,
            asked_at__gt=lapsed_before,
        )
        .exclude(checked_by=admin)
        .order_by("checked_at", "pk")
    )


def decide(req: RecoveryRequest, admin, *, approve: bool, now=None) -> RecoveryRequest:
    """A service admin approves (the wait starts) or refuses (the request ends)."""
    now = now or timezone.now()
    with transaction.atomic():
        req = RecoveryRequest.objects.select_for_update().select_related("user").get(pk=req.pk)
        if not (admin.is_service_admin and admin.is_active):
            raise RecoveryRefused(_("Only a service admin can approve a request."))
        if admin.pk == req.checked_by_id:
            raise RecoveryRefused(_("Someone other than the person who checked must approve."))
        if req.state != State.CHECKED or not req.is_open(now):
            raise RecoveryRefused(_("This request is no longer waiting for approval."))
        if admin.organisation_id != req.organisation_id:
            raise RecoveryRefused(_("This request belongs to another service."))
        if approve:
            shares = Share.objects.consented(now).filter(
                log__owner=req.user, organisation_id=req.organisation_id
            )
            if not shares.exists():
                raise RecoveryRefused(
                    _(
                        "This person no longer shares their log with your service, so the "
                        "request cannot be approved."
                    )
                )
            req.state, req.approved_by, req.approved_at = State.APPROVED, admin, now
            req.save(update_fields=["state", "approved_by", "approved_at"])
            _record(req, admin, "approved", TARGET, f"can be completed from {_when(req.ready_at)}")
        else:
            req.state, req.ended_at = State.REFUSED, now
            req.save(update_fields=["state", "ended_at"])
            _record(req, admin, "refused", TARGET)
            _refresh_flag(req.user, now)
    return req


# 4. She can cancel from any signed-in session ----------------------------------------------


def _open(user, now):
    lapsed_before = now - RecoveryRequest.LIFETIME
    return RecoveryRequest.objects.filter(user=user, state__in=RecoveryRequest.OPEN_STATES).filter(
        Q(approved_at__isnull=True, asked_at__gt=lapsed_before) | Q(approved_at__isnull=False)
    )


def pending_for(user, now=None) -> list[RecoveryRequest]:
    """Requests a person at her service has acted on and that she can still cancel, newest
    first (the banner on every page). Asked-only requests are left out: anyone who knows her
    account name can make one, and it goes nowhere until a caseworker confirms it."""
    now = now or timezone.now()
    return [
        req
        for req in _open(user, now).exclude(state=State.ASKED).order_by("-asked_at")
        if req.is_open(now)
    ]


def _refresh_flag(user, now):
    pending = bool(pending_for(user, now))
    User.objects.filter(pk=user.pk).update(recovery_pending=pending)
    user.recovery_pending = pending


def banner_for(user, now=None) -> list[RecoveryRequest]:
    """What every page of hers shows: looked up only while her account carries the flag,
    so pages of everyone else cost no query; a flag left by a lapsed request is cleared."""
    if not getattr(user, "recovery_pending", False):
        return []
    pending = pending_for(user, now)
    if not pending:
        _refresh_flag(user, now or timezone.now())
    return pending


def cancel_recovery(user, now=None) -> int:
    """She cancels every request the banner shows; returns how many. Requests nobody has
    checked are left to lapse: cancelling one would tell whoever asked in her name, on
    their status page, that the account exists (and it goes nowhere without a check)."""
    now = now or timezone.now()
    count = 0
    with transaction.atomic():
        for req in _open(user, now).exclude(state=State.ASKED).select_for_update():
            req.state, req.ended_at = State.CANCELLED, now
            req.save(update_fields=["state", "ended_at"])
            _record(req, user, "cancelled", TARGET, f"asked {_when(req.asked_at)}")
            count += 1
        _refresh_flag(user, now)
    return count


# 5. After the wait, her browser sets the new password --------------------------------------


def complete_recovery(req: RecoveryRequest, secret: str, password: str, now=None) -> User:
    """Set the new password from the browser that asked: remove two-step sign-in, end every
    session, cancel a scheduled deletion, and end any other request."""
    now = now or timezone.now()
    with transaction.atomic():
        req = RecoveryRequest.objects.select_for_update().select_related("user").get(pk=req.pk)
        if req.secret_hash != secret_hash(secret):
            raise RecoveryRefused(_("Only the browser that asked can finish this request."))
        if not req.is_ready(now):
            raise RecoveryRefused(_("This request cannot be finished now."))
        user = req.user
        user.set_password(password)
        user.save(update_fields=["password"])
        remove_two_step(user)
        req.state, req.ended_at = State.COMPLETED, now
        req.save(update_fields=["state", "ended_at"])
        _record(req, user, "reset the password", "account", "in the browser that asked")
        # Requests nobody has checked lapse on their own (see cancel_recovery).
        for other in _open(user, now).exclude(pk=req.pk).exclude(state=State.ASKED):
            other.state, other.ended_at = State.CANCELLED, now
            other.save(update_fields=["state", "ended_at"])
            _record(other, None, "cancelled", TARGET, "the password was reset")
        cancel_deletion(user)
        _refresh_flag(user, now)
    end_sessions(user)
    return user


def wait_hours() -> int:
    return settings.STALKLOG_RECOVERY_WAIT_HOURS
