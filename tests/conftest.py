"""Shared fixtures: small factories that build users and logs, one test at a time."""

import os
import subprocess
import sys
import time
from importlib import import_module

import pytest
from django.apps import apps
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from incidents.models import Behaviour
from stalklog.accounts.models import User
from stalklog.accounts.signins import requires_two_step
from stalklog.casefile.models import Log

PASSWORD = "correct horse battery staple"


def needs(present, what):
    """For a test that needs a tool .ci/run installs (axe-core, initdb, ...): on a developer's
    machine without it the test is skipped with `what` (which says how to install it); under
    CI (the CI variable set, as .ci/run does) the test fails instead, since there a missing
    tool means the machine is not set up and a skip would pass in silence."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} (CI is set: a missing tool fails the test)", pytrace=False)
    pytest.skip(what)


# The slowest tests (a minute or more each on 2 loaded cores; see --durations), started
# first among tests of their kind, so that a run ends with the workers sharing short tests
# rather than one finishing a long walk while the other waits. Only the order changes: a slow
# test missing here merely starts later.
SLOW = (
    "tests/browser/test_every_page_languages.py",
    "tests/browser/test_axe_staff.py",
    "tests/browser/test_axe.py",
    "tests/browser/test_access_log_languages.py",
    "tests/browser/test_quick_exit.py::test_exit_button_is_on_every_page",
    "tests/browser/test_recovery.py",
    "tests/incidents/export/test_worker_faults.py",
    "tests/stalklog/test_languages.py::test_every_marked_string_is_in_the_catalogues",
    "tests/stalklog/test_serving.py",
    "tests/incidents/test_sealed_references.py",
    "tests/test_migrations.py",
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """With SQLite, the test database is a file of this test process's own, not Django's
    shared in-memory one.

    pytest-django starts the live server before the test database exists, so its request
    threads do not share the test's in-memory connection: each opens its own, into SQLite's
    shared cache, where two connections that touch the same table at once fail straight
    away with "database table is locked" (the 20 s busy timeout is not used there). A
    browser test met it: the incident page's request failed while the page before it was
    still fetching its thumbnails. In a file, as in production, they wait for each other.
    Nothing in it needs to survive a crash: SQLite neither flushes it to disk nor writes its
    rollback journal there, which keeps the suite as fast as in memory."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    name = tmp_path_factory.mktemp("database") / "test.sqlite3"
    database["TEST"] = {**database.get("TEST", {}), "NAME": str(name)}
    database["OPTIONS"] = {
        **database.get("OPTIONS", {}),
        "init_command": "PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY",
    }


def _kind(item):
    """pytest-django's order (it sorts first): 0 tests in a rolled-back transaction, 1 tests
    that commit (live server), 2 tests without the database. The last may run first too."""
    marker = item.get_closest_marker("django_db")
    names = getattr(item, "fixturenames", ())
    commits = marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    if commits or "transactional_db" in names or "live_server" in names:
        return 1
    return 0 if marker or "db" in names else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    def order(item):
        kind, slow = _kind(item), item.nodeid.startswith(SLOW)
        return (-1 if kind == 2 and slow else kind, not slow)

    items.sort(key=order)  # stable: otherwise the order pytest-django gave


def _selected(config):
    """Whether the run was asked for some tests only (paths, -k, -m or --deselect), rather
    than the whole suite from pyproject's testpaths."""
    option = config.option
    return bool(
        config.args_source == pytest.Config.ArgsSource.ARGS
        or option.keyword
        or option.markexpr
        or getattr(option, "deselect", None)
    )


def pytest_sessionfinish(session, exitstatus):
    """pytest exits 5 when it collects no test. Asked for some tests only (`make test
    PYTEST_ARGS="-k ..."` matching none), that is not a failure of the code: exit 0. The whole
    suite collecting nothing means collection is broken: that stays 5, a failure (CI runs the
    whole suite, so this can never hide one there, nor turn it red for nothing)."""
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and _selected(session.config):
        print("\nNo test matched the selection.", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.OK


def pytest_configure(config):
    """Build the translation catalogues' .mo files (not committed) once, before any test
    worker starts: pages in Welsh, Polish or Urdu need them."""
    if hasattr(config, "workerinput"):
        return
    root = config.rootpath
    subprocess.run([sys.executable, str(root / ".ci" / "messages"), "compile"], check=True)


def make_victim(username="victim", password=PASSWORD, initials="JS"):
    user = User.objects.create_user(username=username, password=password)
    Log.create_for(user, initials)
    return user


def enrol_two_step(user):
    """Give `user` a confirmed authenticator app (as if they had set it up)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test app", confirmed=True)


def totp_code(device):
    """The code the user's app would show now, never one the server has already seen
    (a code is accepted once per 30-second step, so quick tests step ahead).

    The code is made for the step the server will look around: its clock's step plus the
    device's drift (django-otp moves the drift to the step of each code it accepts, so three
    quick sign-ins leave it 2 ahead, and a code for the plain current step is then refused).
    It is made for that one step, read from one clock reading: a 30-second boundary passing
    while it is made cannot shift it, and one passing before the server checks it stays
    within the server's tolerance of one step."""
    device.refresh_from_db()
    now_step = (int(time.time()) - device.t0) // device.step + device.drift
    code = hotp(device.bin_key, max(now_step, device.last_t + 1), device.digits)
    return f"{code:0{device.digits}d}"


def client_for(user):
    """A test client signed in as `user`. Caseworkers and service admins must have used
    two-step sign-in, so their session is marked as verified with their app."""
    client = Client()
    client.force_login(user)
    if requires_two_step(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = enrol_two_step(user).persistent_id
        session.save()
    return client


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's admin client, signed in with two steps as superusers must be."""
    return client_for(admin_user)


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    """Each test keeps its stored files in its own directory (bytes on disk can be checked
    there, and nothing lands in the developer's var/files)."""
    root = tmp_path / "files"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "stalklog.core.storage.PrivateFileSystemStorage",
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
    # Run at once, a background export layout after every save would slow every test;
    # tests/incidents/export/test_warm.py turns it on.
    settings.STALKLOG_EXPORT_WARM_UP = False


@pytest.fixture(autouse=True)
def behaviours_seeded(request):
    """The behaviours come from a data migration, which a live-server (transactional) test
    flushes; put them back for database tests that run after one in the same worker."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue("db" if "db" in request.fixturenames else "transactional_db")
        if not Behaviour.objects.exists():
            import_module("incidents.migrations.0003_seed_behaviours").seed(apps, None)


def searched(client, url, **typed) -> str:
    """Submit a page's search form as a browser does (POST), check the answer sends her back
    to the plain address, and return the page that address shows."""
    response = client.post(url, typed)
    assert response.status_code == 302, response.status_code
    assert response["Location"] == url  # no query string: words stay out of the history
    page = client.get(url)
    assert page.status_code == 200
    return page.content.decode()
