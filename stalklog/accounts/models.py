"""Accounts: who signs in (victims, caseworkers, service admins) and their organisations."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # "Not now" on the offer of two-step sign-in: the offer shrinks to one line with a link.
    # A database default too, so code (or a historical model in a migration test) that does
    # not know the column can still add users.
    two_step_offer_dismissed = models.BooleanField(default=False, db_default=False)
    # The language she chose for the app's pages (stalklog.accounts.languages); blank until
    # she chooses one. Her own writing is never translated. No `choices`: settings.LANGUAGES
    # is checked where it is set, so adding a language needs no migration.
    language = models.CharField(max_length=10, blank=True, default="", db_default="")
    # Set while someone at a support service has acted on a request to reset this account's
    # password (stalklog/casefile/recovery.py), so every page can warn her without a query.
    recovery_pending = models.BooleanField(default=False, db_default=False)

    @property
    def is_victim(self):
        return self.role == self.Role.VICTIM

    @property
    def is_caseworker(self):
        return self.role == self.Role.CASEWORKER

    @property
    def is_service_admin(self):
        return self.role == self.Role.SERVICE_ADMIN


class RecoveryCode(models.Model):
    """One of ten single-use codes that stand in for the phone at sign-in. Only a hash is kept."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Recovery code for {self.user}"


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
        SIGNED_IN = "signed_in", _("Signed in")
        WRONG_PASSWORD = "wrong_password", _("Wrong password")
        WRONG_CODE = "wrong_code", _("Wrong two-step code")
        WRONG_RECOVERY_CODE = "wrong_recovery_code", _("Wrong recovery code")
        WRONG_RESET_CODE = "wrong_reset_code", _("Wrong reset code")
        RECOVERY_CODE = "recovery_code", _("Signed in with a recovery code")
        # The caseworker's reset codes are gone (issue 17); old history rows keep their words.
        RESET_CODE = "reset_code", _("Password reset with a caseworker's code")
        RECOVERED = "recovered", _("Password reset after a checked and approved request")
        SIGNED_OUT = "signed_out", _("Signed out")
        TIMED_OUT = "timed_out", _("Signed out after no activity")
        ENDED_ELSEWHERE = "ended_elsewhere", _("Signed out from another device")

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


class SignUpAttempt(models.Model):
    """One form sent from an address (a sign-up, or a request to reset a password), or one
    wrong guess from an account (a caseworker's look-up of a reset request's code, a service
    admin's username that was taken), counted to throttle probing
    (stalklog/accounts/throttle.py).

    Only a keyed hash of the address (or account) is kept, and rows older than the window
    are deleted.
    """

    class Purpose(models.TextChoices):
        SIGN_UP = "signup", "Sign-up"
        RECOVERY = "recovery", "Request to reset a password"
        RECOVERY_LOOKUP = "lookup", "Wrong code looking up a request to reset a password"
        CASEWORKER_NAME = "staffname", "Username refused for a new caseworker"

    address_hash = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(
        max_length=10, choices=Purpose.choices, default=Purpose.SIGN_UP, db_default="signup"
    )
    at = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"Sign-up attempt at {self.at:%Y-%m-%d %H:%M}"
