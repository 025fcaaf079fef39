"""A local S3-compatible server (moto) for the object-storage tests, started on demand.

moto_server runs in a subprocess on a free loopback port, once per test process, so
`make test` needs nothing running beforehand.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3
import pytest

from tests.actors import make_caseworker, make_organisation, make_share, opened_client

ROOT = Path(__file__).resolve().parents[2]
S3_REGION = "eu-west-2"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url, what, seconds=60):
    """Wait until `url` answers (a server started by a test); fail the test if it never does.
    A deadline, not a count of tries: 150 tries of 0.1 s gave 15 s, and on 2 cores shared
    with a browser test gunicorn's start (Django and every app imported) can take longer."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).close()  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"{what} did not start within {seconds} s")


@pytest.fixture(scope="session")
def s3_endpoint():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{url}/moto-api/", "moto_server")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def s3_env(s3_endpoint):
    """The environment an operator would set for S3 storage, pointing at moto."""
    return {
        "STALKLOG_STORAGE": "s3",
        "STALKLOG_S3_BUCKET": f"stalklog-{os.getpid()}",
        "STALKLOG_S3_ENDPOINT_URL": s3_endpoint,
        "STALKLOG_S3_REGION": S3_REGION,
        "STALKLOG_S3_ACCESS_KEY": "test-access-key",
        "STALKLOG_S3_SECRET_KEY": "test-secret-key",
    }


@pytest.fixture(scope="session")
def s3_storage_setting(s3_env):
    """STORAGES["default"] exactly as stalklog.settings builds it from that environment."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps(settings.STORAGES['default']))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "stalklog.settings", **s3_env}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="session")
def s3_client(s3_env):
    return boto3.client(
        "s3",
        endpoint_url=s3_env["STALKLOG_S3_ENDPOINT_URL"],
        region_name=S3_REGION,
        aws_access_key_id=s3_env["STALKLOG_S3_ACCESS_KEY"],
        aws_secret_access_key=s3_env["STALKLOG_S3_SECRET_KEY"],
    )


@pytest.fixture
def s3_bucket(s3_env, s3_client):
    """An empty private bucket, as the README tells operators to create it."""
    bucket = s3_env["STALKLOG_S3_BUCKET"]
    s3_client.create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": S3_REGION}
    )
    s3_client.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    yield bucket
    for page in s3_client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            s3_client.delete_object(Bucket=bucket, Key=item["Key"])
    s3_client.delete_bucket(Bucket=bucket)


@pytest.fixture
def s3_storage(settings, s3_bucket, s3_storage_setting):
    """Django's default storage switched to S3 (moto) for one test."""
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage_setting}
    from django.core.files.storage import default_storage

    return default_storage


@pytest.fixture
def organisation(db):
    return make_organisation()


@pytest.fixture
def caseworker(organisation):
    return make_caseworker(organisation=organisation)


@pytest.fixture
def share(victim, caseworker):
    return make_share(victim.log, caseworker)


@pytest.fixture
def caseworker_client(share):
    """The caseworker, signed in, with the victim's shared log opened."""
    return opened_client(share)
