"""S3-compatible object storage (django-storages) against a local moto server."""

import io
import secrets
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from evidence.models import Evidence
from stalklog.core.crypto import FILE_MAGIC, encrypt_file
from stalklog.core.storage import delete_log_files, log_files, log_prefix
from tests.conftest import client_for, make_victim

PLAINTEXT = b"He waited outside my work again at 17:40 and followed me to the bus stop. " * 200


def store_encrypted(storage, log, kind="evidence", data=PLAINTEXT):
    name = f"{log_prefix(log)}{kind}/{secrets.token_hex(16)}"
    ciphertext = io.BytesIO()
    encrypt_file(io.BytesIO(data), ciphertext, log.sealer.data_key, name)
    return storage.save(name, ContentFile(ciphertext.getvalue()))


def test_settings_build_a_private_s3_storage_with_signed_urls_and_no_overwrites(
    s3_storage_setting,
):
    options = s3_storage_setting["OPTIONS"]
    assert s3_storage_setting["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["default_acl"] == "private"
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    assert "custom_domain" not in options


@pytest.mark.django_db
def test_a_stored_file_is_ciphertext_in_the_bucket(s3_storage, s3_client, s3_bucket):
    log = make_victim().log
    name = store_encrypted(s3_storage, log)

    stored = s3_client.get_object(Bucket=s3_bucket, Key=name)["Body"].read()

    assert stored.startswith(FILE_MAGIC)
    assert b"waited outside my work" not in stored
    with s3_storage.open(name) as fileobj:
        assert b"".join(log.sealer.decrypt_file(fileobj, name)) == PLAINTEXT


@pytest.mark.django_db
def test_a_stored_object_has_no_public_grant_and_cannot_be_fetched_anonymously(
    s3_storage, s3_client, s3_bucket, s3_env
):
    name = store_encrypted(s3_storage, make_victim().log)

    grants = s3_client.get_object_acl(Bucket=s3_bucket, Key=name)["Grants"]
    grantees = [grant["Grantee"].get("URI", "") for grant in grants]
    assert not [uri for uri in grantees if "AllUsers" in uri or "AuthenticatedUsers" in uri]
    anonymous = f"{s3_env['STALKLOG_S3_ENDPOINT_URL']}/{s3_bucket}/{name}"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(anonymous, timeout=5)  # noqa: S310
    assert refused.value.code == 403


@pytest.mark.django_db
def test_saving_under_a_taken_name_never_overwrites_the_first_file(s3_storage):
    log = make_victim().log
    name = store_encrypted(s3_storage, log)

    second = s3_storage.save(name, ContentFile(b"SLF1 other bytes"))

    assert second != name
    with s3_storage.open(name) as fileobj:
        assert b"".join(log.sealer.decrypt_file(fileobj, name)) == PLAINTEXT


@pytest.mark.django_db
def test_a_logs_files_are_listed_and_deleted_by_its_prefix_alone(s3_storage, s3_client, s3_bucket):
    log, other_log = make_victim().log, make_victim("someone_else").log
    mine = {store_encrypted(s3_storage, log, kind) for kind in ("evidence", "evidence", "export")}
    theirs = store_encrypted(s3_storage, other_log)

    assert set(log_files(log)) == mine
    assert delete_log_files(log) == 3

    keys = [item["Key"] for item in s3_client.list_objects_v2(Bucket=s3_bucket)["Contents"]]
    assert keys == [theirs]
    assert log_files(log) == []


@pytest.mark.django_db
def test_an_uploaded_exhibit_lands_in_the_bucket_as_ciphertext_and_downloads_intact(
    s3_storage, s3_client, s3_bucket
):
    victim = make_victim()
    client = client_for(victim)
    secret = b"he said: I know where your mum lives, I will be waiting. " * 3000

    response = client.post(
        reverse("exhibit_upload"), {"files": [SimpleUploadedFile("notes.txt", secret)]}
    )

    assert response.status_code == 302
    exhibit = Evidence.objects.get()
    keys = [item["Key"] for item in s3_client.list_objects_v2(Bucket=s3_bucket)["Contents"]]
    assert keys and all(key.startswith(log_prefix(victim.log)) for key in keys)
    for key in keys:
        stored = s3_client.get_object(Bucket=s3_bucket, Key=key)["Body"].read()
        assert stored.startswith(FILE_MAGIC) and b"mum lives" not in stored
    download = client.get(reverse("exhibit_download", args=[exhibit.pk]))
    assert b"".join(download.streaming_content) == secret
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_an_object_no_row_names_is_found_as_an_orphan_in_the_bucket(s3_storage):
    from stalklog.core.storage import orphans

    log = make_victim().log
    rowless = store_encrypted(s3_storage, log, kind="originals")

    [found] = orphans(storage=s3_storage, grace_seconds=0)

    assert found.name == rowless
    assert found.is_past_grace
    assert list(orphans(storage=s3_storage, grace_seconds=3600))[0].is_past_grace is False
