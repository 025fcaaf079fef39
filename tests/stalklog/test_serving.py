"""`make serve`: gunicorn with gunicorn.conf.py, static files by whitenoise when DEBUG=false."""

import gzip
import http.client
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.stalklog.conftest import free_port, wait_for_http

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """gunicorn as `make serve` runs it, with DEBUG=false, on a free loopback port."""
    tmp = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "test-" + "k" * 50,
        "STALKLOG_MASTER_KEY": "A" * 43,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "STALKLOG_STATIC_ROOT": str(tmp / "static"),
        "STALKLOG_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [BIN / "gunicorn", "stalklog.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/healthz", "gunicorn")
        yield base, tmp / "access.log"
    finally:
        server.terminate()
        server.wait(timeout=20)


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)  # noqa: S310
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.status, response.headers, response.read()


def signin_lines(access_log, after):
    """The access log's lines for the sign-in page, after its first `after` lines."""
    lines = access_log.read_text().splitlines()[after:] if access_log.exists() else []
    return [entry for entry in lines if "/account/signin/" in entry]


def test_the_access_log_keeps_neither_query_strings_nor_client_addresses(production_server):
    base, access_log = production_server
    before = len(access_log.read_text().splitlines()) if access_log.exists() else 0

    fetch(
        f"{base}/account/signin/?next=/search/%3Fq%3Dbrother", **{"X-Forwarded-For": "203.0.113.7"}
    )

    # gunicorn writes the line after it has sent the answer: on a busy machine that can be
    # well after the answer arrives here, so wait for the line (a fixed 0.3 s was a guess).
    deadline = time.monotonic() + 20
    while not (line := signin_lines(access_log, before)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert line, access_log.read_text()
    assert "brother" not in line[-1] and "next=" not in line[-1]
    assert "127.0.0.1" not in line[-1] and "203.0.113.7" not in line[-1]
    assert '"GET /account/signin/" 200' in line[-1]


def test_static_files_are_served_with_hashed_names_compressed_and_cached_for_good(
    production_server,
):
    base, _ = production_server

    _, _, page = fetch(f"{base}/account/signin/")
    css = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
    assert css, "the page should link the hashed stylesheet"
    status, headers, body = fetch(base + css.group(1).decode(), **{"Accept-Encoding": "gzip"})

    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert b"{" in gzip.decompress(body)
    assert "immutable" in headers["Cache-Control"]


def test_static_files_carry_a_policy_and_frame_denial(production_server):
    base, _ = production_server
    _, _, page = fetch(f"{base}/account/signin/")
    for asset in re.findall(rb'(?:href|src)="(/static/[^"]+)"', page):
        _, headers, _ = fetch(base + asset.decode())
        assert "default-src 'none'" in headers["Content-Security-Policy"], asset
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"], asset
        assert headers["X-Frame-Options"] == "DENY", asset
        assert headers["X-Content-Type-Options"] == "nosniff", asset
        # whitenoise's default, "*", let any other site read our files with fetch().
        assert "Access-Control-Allow-Origin" not in headers, asset


def test_production_cookies_are_host_only_and_secure(production_server):
    base, _ = production_server
    _, headers, _ = fetch(f"{base}/account/signin/")
    cookies = headers.get_all("Set-Cookie")
    assert any(c.startswith("__Host-csrftoken=") for c in cookies), cookies
    for cookie in cookies:
        assert cookie.startswith("__Host-"), cookie
        assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


def _gunicorn(tmp, port, **env):
    return subprocess.Popen(
        [BIN / "gunicorn", "stalklog.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env={
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "test-" + "k" * 50,
            "STALKLOG_MASTER_KEY": "A" * 43,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "true",
            "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
            "STALKLOG_BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": "1",
            "GUNICORN_ACCESS_LOG": str(tmp / "access.log"),
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _status_without_following(port, **headers):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", "/healthz", headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def _wait_for_port(port, seconds=60):
    deadline = time.monotonic() + seconds  # as wait_for_http: a busy machine starts slowly
    while time.monotonic() < deadline:
        try:
            _status_without_following(port)
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"gunicorn did not start within {seconds} s")


@pytest.mark.parametrize("behind_proxy,status", [("false", 301), ("true", 200)])
def test_a_spoofed_forwarded_proto_is_trusted_only_behind_the_proxy(tmp_path, behind_proxy, status):
    """From loopback, any local process can claim HTTPS; gunicorn must not believe it
    unless the deployment says a proxy is in front (STALKLOG_BEHIND_PROXY=true)."""
    port = free_port()
    server = _gunicorn(tmp_path, port, STALKLOG_BEHIND_PROXY=behind_proxy)
    try:
        _wait_for_port(port)
        assert _status_without_following(port) == 301  # plain HTTP: sent to HTTPS
        for header in ("X-Forwarded-Proto", "X-Forwarded-Ssl", "X-Forwarded-Protocol"):
            value = {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"}.get(header, "ssl")
            if behind_proxy == "true" and header != "X-Forwarded-Proto":
                continue  # the proxy overwrites X-Forwarded-Proto; the README says so
            assert _status_without_following(port, **{header: value}) == status, header
    finally:
        server.terminate()
        server.wait(timeout=20)
