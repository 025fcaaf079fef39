"""Accounts: who signs in (victims, caseworkers, service admins) and their organisations."""

from datetime import timedelta

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone


class Organisation(models.Model):
    """A support service whose caseworkers victims can share their logs with."""

    name = models.CharField(max_length=200, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    class Role(models.TextChoices):
        VICTIM = "victim", "Victim"
        CASEWORKER = "caseworker", "Caseworker"
        SERVICE_ADMIN = "service_admin", "Service admin"

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VICTIM)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="staff"
    )

    @property
    def is_victim(self):
        return self.role == self.Role.VICTIM

    @property
    def is_caseworker(self):
        return self.role == self.Role.CASEWORKER

    @property
    def is_service_admin(self):
        return self.role == self.Role.SERVICE_ADMIN


class ShareQuerySet(models.QuerySet):
    def live(self, now=None):
        """Shares that give access at `now`: not expired, not revoked, and the caseworker still
        an active caseworker of the organisation the victim shared with."""
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=now or timezone.now(),
            caseworker__is_active=True,
            caseworker__role=User.Role.CASEWORKER,
            caseworker__organisation=models.F("organisation"),
        )


class Share(models.Model):
    """A victim's consent for one caseworker to work on their log until `expires_at`."""

    log = models.ForeignKey("incidents.Log", on_delete=models.CASCADE, related_name="shares")
    caseworker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="shares")
    # The organisation the victim agreed to; a caseworker who moves on loses the share.
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["caseworker", "expires_at"], name="share_caseworker_expiry")
        ]

    def __str__(self):
        return f"Share of log {self.log_id} with {self.caseworker}"

    @property
    def last_day(self):
        """The local date the share runs to the end of (it ends at the next midnight)."""
        return timezone.localtime(self.expires_at - timedelta(microseconds=1)).date()

    def is_live(self, now=None) -> bool:
        caseworker = self.caseworker
        return (
            self.revoked_at is None
            and (now or timezone.now()) < self.expires_at
            and caseworker.is_active
            and caseworker.is_caseworker
            and caseworker.organisation_id == self.organisation_id
        )

    def revoke(self, now=None):
        """End the share at once; later requests, open sessions and exports all re-check."""
        if self.revoked_at is None:
            self.revoked_at = now or timezone.now()
            Share.objects.filter(pk=self.pk, revoked_at__isnull=True).update(
                revoked_at=self.revoked_at
            )


class ShareCode(models.Model):
    """A one-time code a caseworker gives a victim in person, so the victim can share with them.

    Only an HMAC of the code is stored: a leaked database or backup gives no usable code.
    """

    caseworker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="share_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Sharing code of {self.caseworker} made {self.created_at:%Y-%m-%d %H:%M}"


class ShareCodeAttempt(models.Model):
    """A wrong sharing code typed by a victim, counted to slow down guessing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return f"Wrong sharing code from {self.user} at {self.at:%Y-%m-%d %H:%M}"


class RecoveryCode(models.Model):
    """One of ten single-use codes that stand in for the phone at sign-in. Only a hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Recovery code for {self.user}"


class ResetCode(models.Model):
    """A one-time code a caseworker issues after confirming a victim's identity in person.

    Made by `stalklog.recovery.issue_reset_code`; redeemed on the public reset page.
    """

    victim = models.ForeignKey(User, on_delete=models.CASCADE, related_name="reset_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    issued_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="issued_reset_codes"
    )
    issued_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Reset code for {self.victim}"


class SignedInSession(models.Model):
    """Which browser session belongs to whom, so a person can see and end their sessions."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="signed_in_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    device = models.CharField(max_length=100)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    signed_in_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user} on {self.device}"


class SignInEvent(models.Model):
    """One sign-in, failed attempt or sign-out, for the history the account owner reads.

    Failed attempts keep the name that was typed (the account may not exist) but never
    anything typed into a password or code field.
    """

    class Outcome(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        WRONG_PASSWORD = "wrong_password", "Wrong password"
        WRONG_CODE = "wrong_code", "Wrong two-step code"
        WRONG_RECOVERY_CODE = "wrong_recovery_code", "Wrong recovery code"
        WRONG_RESET_CODE = "wrong_reset_code", "Wrong reset code"
        RECOVERY_CODE = "recovery_code", "Signed in with a recovery code"
        RESET_CODE = "reset_code", "Password reset with a caseworker's code"
        SIGNED_OUT = "signed_out", "Signed out"
        TIMED_OUT = "timed_out", "Signed out after no activity"
        ENDED_ELSEWHERE = "ended_elsewhere", "Signed out from another device"

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sign_in_events"
    )
    username = models.CharField(max_length=150, db_index=True)
    at = models.DateTimeField(db_index=True)
    outcome = models.CharField(max_length=30, choices=Outcome.choices)
    device = models.CharField(max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.username}: {self.outcome} at {self.at:%Y-%m-%d %H:%M}"

    @property
    def is_failure(self):
        return self.outcome.startswith("wrong_")
