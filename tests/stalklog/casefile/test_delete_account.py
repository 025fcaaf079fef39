import os

import pytest
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

from incidents.models import Person
from stalklog.accounts.models import SignInEvent, User
from stalklog.casefile.models import AccessEvent, Log
from stalklog.core.crypto import FileEncryptor
from stalklog.core.storage import delete_under, walk
from tests.conftest import PASSWORD, client_for, enrol_two_step, make_victim, totp_code

SECRET_PHOTO = b"a photo of the car outside my house " * 100


@pytest.fixture(autouse=True)
def no_waiting_time(settings):
    """These tests cover the shred itself, as it runs with no waiting time (0 days);
    scheduled deletion is tested in test_scheduled_deletion.py."""
    settings.STALKLOG_DELETION_GRACE_DAYS = 0


@pytest.fixture
def storage(tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "files")},
        },
    }
    return default_storage


def store_encrypted(log, kind, storage):
    blob_id = os.urandom(8).hex()
    encryptor = FileEncryptor(log.sealer.data_key, blob_id)
    data = encryptor.update(SECRET_PHOTO) + encryptor.finalize()
    return storage.save(f"logs/{log.uuid}/{kind}/{blob_id}", ContentFile(data))


def files_on_disk(root):
    return [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]


def delete(client, **fields):
    data = {"password": PASSWORD, "confirmation": "delete my account", **fields}
    return client.post("/account/delete/", data)


def test_deleting_needs_the_password(victim_client, victim):
    response = delete(victim_client, password="not my password")
    assert b"That is not your password" in response.content
    assert User.objects.filter(pk=victim.pk).exists()


def test_deleting_needs_the_confirmation_typed(victim_client, victim):
    response = delete(victim_client, confirmation="yes")
    assert b"Type exactly &quot;delete my account&quot; to go on." in response.content
    assert User.objects.filter(pk=victim.pk).exists()


def test_deleting_needs_a_code_when_two_step_is_on(victim_client, victim):
    enrol_two_step(victim)
    response = delete(victim_client, code="000000")
    assert b"That code did not work" in response.content
    assert User.objects.filter(pk=victim.pk).exists()


def test_deleting_with_the_code_works(victim_client, victim, django_capture_on_commit_callbacks):
    device = enrol_two_step(victim)
    with django_capture_on_commit_callbacks(execute=True):
        delete(victim_client, code=totp_code(device))
    assert not User.objects.filter(pk=victim.pk).exists()


def test_deleting_leaves_no_file_and_no_row(
    victim_client, victim, other_victim, storage, tmp_path, django_capture_on_commit_callbacks
):
    log = victim.log
    for kind in ["originals", "originals", "previews"]:
        store_encrypted(log, kind, storage)
    theirs = store_encrypted(other_victim.log, "originals", storage)
    person = Person(log=log)
    person.name = "Name of the stalker"
    person.save()
    AccessEvent.record(log, victim, "viewed", "incident 1")
    elsewhere = client_for(victim)

    with django_capture_on_commit_callbacks(execute=True):
        response = delete(victim_client)

    assert response.status_code == 200
    assert b"Your account is deleted" in response.content
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    remaining = files_on_disk(tmp_path / "files")
    assert remaining == [str(tmp_path / "files" / theirs)]
    assert not (tmp_path / "files" / "logs" / str(log.uuid)).exists()
    assert not Log.objects.filter(pk=log.pk).exists()
    assert not Person.objects.filter(pk=person.pk).exists()
    assert not AccessEvent.objects.filter(log_id=log.pk).exists()
    assert not User.objects.filter(pk=victim.pk).exists()
    assert not SignInEvent.objects.filter(username="victim").exists()
    assert not Session.objects.filter(session_key=elsewhere.cookies["sessionid"].value).exists()
    assert victim_client.get("/").status_code == 302


def test_no_stored_byte_of_a_deleted_log_can_be_read_back(
    victim_client, victim, storage, tmp_path, django_capture_on_commit_callbacks
):
    store_encrypted(victim.log, "originals", storage)
    with django_capture_on_commit_callbacks(execute=True):
        delete(victim_client)
    for path in files_on_disk(tmp_path):
        with open(path, "rb") as fileobj:
            assert SECRET_PHOTO[:20] not in fileobj.read()


def test_every_file_under_a_prefix_is_found_at_any_depth(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    for name in ["logs/a/x/1", "logs/a/x/y/2", "logs/a/3", "logs/b/4"]:
        storage.save(name, ContentFile(b"."))
    assert sorted(walk("logs/a/", storage)) == ["logs/a/3", "logs/a/x/1", "logs/a/x/y/2"]
    assert delete_under("logs/a/", storage) == 3
    assert list(walk("logs/a/", storage)) == []
    assert storage.exists("logs/b/4")


def test_a_prefix_with_no_files_deletes_nothing(tmp_path):
    assert delete_under("logs/none/", FileSystemStorage(location=tmp_path)) == 0


def test_the_delete_page_offers_the_export_when_there_is_one(victim_client):
    from django.urls import NoReverseMatch, reverse

    content = victim_client.get("/account/delete/").content
    try:
        url = reverse("export_bundle")
    except NoReverseMatch:
        assert b"download everything" not in content
        assert b"Once it is deleted, it is gone" in content
    else:
        assert f'href="{url}"'.encode() in content


def test_a_caseworker_can_delete_their_own_account(db, django_capture_on_commit_callbacks):
    worker = User.objects.create_user(
        username="worker", password=PASSWORD, role=User.Role.CASEWORKER
    )
    client = client_for(worker)
    device = enrol_two_step(worker)
    with django_capture_on_commit_callbacks(execute=True):
        delete(client, code=totp_code(device))
    assert not User.objects.filter(pk=worker.pk).exists()


def test_deleting_one_account_leaves_others_alone(
    victim_client, other_victim, django_capture_on_commit_callbacks
):
    make_victim("third", initials="TH")
    with django_capture_on_commit_callbacks(execute=True):
        delete(victim_client)
    assert set(User.objects.values_list("username", flat=True)) == {"someone_else", "third"}
