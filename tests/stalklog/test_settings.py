import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 60 + "-production-secret-for-tests-only",
    "ALLOWED_HOSTS": "notes.example.org",
    "STALKLOG_MASTER_KEY": "q9Yf1m0oDk0jz3aHk7oU2cJrKpH0q9Yf1m0oDk0jz3a",
}


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_its_secrets():
    result = manage("check", env={"DEBUG": "false"})
    assert result.returncode != 0
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "STALKLOG_MASTER_KEY"):
        assert name in result.stderr


def test_production_names_only_the_missing_secret():
    result = manage("check", env={**PRODUCTION, "STALKLOG_MASTER_KEY": ""})
    assert result.returncode != 0
    assert "STALKLOG_MASTER_KEY" in result.stderr
    assert "SECRET_KEY," not in result.stderr


def test_a_malformed_master_key_is_refused():
    result = manage("check", env={**PRODUCTION, "STALKLOG_MASTER_KEY": "too-short"})
    assert result.returncode != 0
    assert "must encode 32 bytes" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
