"""Accounts: who signs in (victims, caseworkers, service admins) and their organisations."""

from django.contrib.auth.models import AbstractUser
from django.db import models


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
