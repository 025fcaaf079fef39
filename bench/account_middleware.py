"""What account protection costs per page: the signed-in home page with the idle timeout,
session tracking, the two-step gate, django-otp and django-axes, against the same page
with those middlewares removed, run in alternating rounds in one process.

    .venv/bin/python bench/account_middleware.py [--requests 400] [--rounds 5]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stalklog.settings")
os.environ["STALKLOG_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-accounts-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

ACCOUNT_MIDDLEWARE = {
    "django_otp.middleware.OTPMiddleware",
    "stalklog.middleware.IdleTimeoutMiddleware",
    "stalklog.middleware.AccountGateMiddleware",
    "axes.middleware.AxesMiddleware",
}


def requests_per_second(client, count):
    started = time.perf_counter()
    for _ in range(count):
        response = client.get("/")
        assert response.status_code == 200, response.status_code
    return count / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    from tests.conftest import PASSWORD, make_victim

    make_victim("bench")
    client = Client(
        HTTP_HOST="localhost", HTTP_USER_AGENT="Mozilla/5.0 (Android 14; Mobile) Firefox/133.0"
    )
    response = client.post("/account/signin/", {"username": "bench", "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    baseline_middleware = [m for m in settings.MIDDLEWARE if m not in ACCOUNT_MIDDLEWARE]

    page, baseline = [], []
    for _ in range(args.rounds):
        page.append(requests_per_second(client, args.requests))
        with override_settings(MIDDLEWARE=baseline_middleware):
            baseline.append(requests_per_second(client, args.requests))
    page_rps, baseline_rps = max(page), max(baseline)
    print(
        f"account_middleware: ratio={page_rps / baseline_rps:.2f} "
        f"page_rps={page_rps:.0f} baseline_rps={baseline_rps:.0f}"
    )


if __name__ == "__main__":
    main()
