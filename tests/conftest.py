"""Shared fixtures: small factories that build users and logs, one test at a time."""

import pytest
from django.test import Client

from incidents.models import Log
from stalklog.models import User

PASSWORD = "correct horse battery staple"


def make_victim(username="victim", password=PASSWORD, initials="JS"):
    user = User.objects.create_user(username=username, password=password)
    Log.create_for(user, initials)
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test keeps its stored files in its own directory (bytes on disk can be checked
    there, and nothing lands in the developer's var/files)."""
    root = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root), "base_url": None},
        },
    }
    return root


@pytest.fixture
def victim(db):
    return make_victim()


@pytest.fixture
def other_victim(db):
    return make_victim("someone_else", initials="AB")


@pytest.fixture
def victim_client(victim):
    return client_for(victim)


@pytest.fixture
def other_client(other_victim):
    return client_for(other_victim)


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Background tasks run inside the request in tests (production uses db_worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
