"""Failed sign-ins leave no typed name, password or address in the log output."""

import logging

import pytest

from tests.conftest import enrol_two_step

TYPED_NAME = "jane.typed.name"
PASSWORD_IN_NAME_BOX = "my secret horse staple"
ADDRESS = "203.0.113.77"


@pytest.fixture(autouse=True)
def everything_logged(caplog, settings):
    settings.AXES_FAILURE_LIMIT = 3
    caplog.set_level(logging.DEBUG)
    return caplog


def _assert_nothing_typed_in(caplog, *secrets):
    text = "\n".join(f"{r.name} {r.getMessage()} {r.args!r}" for r in caplog.records) + caplog.text
    assert caplog.records, "nothing was logged: the test would prove nothing"
    for secret in secrets:
        assert secret not in text


def test_failed_sign_ins_and_the_lockout_log_no_name_or_address(client, victim, caplog):
    for name in (TYPED_NAME, PASSWORD_IN_NAME_BOX, "victim"):
        client.post(
            "/account/signin/",
            {"username": name, "password": "wrong guess here"},
            REMOTE_ADDR=ADDRESS,
        )
    locked = client.post(
        "/account/signin/", {"username": "victim", "password": "x"}, REMOTE_ADDR=ADDRESS
    )
    assert locked.status_code == 429
    assert any("AXES" in r.getMessage() for r in caplog.records)
    _assert_nothing_typed_in(caplog, TYPED_NAME, PASSWORD_IN_NAME_BOX, ADDRESS, "victim")


def test_a_wrong_recovery_code_logs_no_name_or_address(client, victim, caplog):
    enrol_two_step(victim)
    client.post(
        "/account/recover/",
        {"username": "victim", "recovery_code": "aaaa-bbbb-cccc"},
        REMOTE_ADDR=ADDRESS,
    )
    _assert_nothing_typed_in(caplog, ADDRESS, "victim", "aaaa-bbbb-cccc")
