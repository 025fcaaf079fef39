"""What the caseworker door costs: the same log page requested by its owner and by a
caseworker whose share is re-checked and whose every request is written to the hash-chained
access log. Runs both side by side in one process on a throwaway database.

    .venv/bin/python bench/caseworker_access.py [--requests 300] [--incidents 50]

Prints one line: caseworker_access: ratio=<caseworker rps / owner rps> caseworker_rps=… owner_rps=…
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(var_dir):
    os.environ["STALKLOG_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stalklog.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(incidents):
    from django.test import Client
    from django.utils import timezone
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from incidents.models import Behaviour
    from incidents.services import record_incident
    from stalklog.accounts.models import Organisation, User
    from stalklog.casefile.access import OPEN_SHARE_SESSION_KEY
    from stalklog.casefile.models import Log, Share

    owner = User.objects.create_user("owner", password=None)
    log = Log.create_for(owner, "JS")
    behaviours = list(Behaviour.objects.all()[:2])
    for number in range(incidents):
        record_incident(
            log,
            owner,
            behaviours=behaviours,
            occurred_start=timezone.now() - timedelta(hours=number),
            description=f"incident {number}",
        )
    organisation = Organisation.objects.create(name="Bench Support")
    caseworker = User.objects.create_user(
        "caseworker", password=None, role=User.Role.CASEWORKER, organisation=organisation
    )
    share = Share.objects.create(
        log=log,
        caseworker=caseworker,
        organisation=organisation,
        expires_at=timezone.now() + timedelta(days=1),
    )
    owner_client, caseworker_client = Client(), Client()
    owner_client.force_login(owner)
    caseworker_client.force_login(caseworker)
    session = caseworker_client.session
    session[OPEN_SHARE_SESSION_KEY] = share.pk
    # Caseworkers must have signed in with two steps; mark this session as having done so.
    device = TOTPDevice.objects.create(user=caseworker, name="Bench app", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return owner_client, caseworker_client, log


def timed(client, url):
    start = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.status_code
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--incidents", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as var_dir:
        setup_django(var_dir)
        owner_client, caseworker_client, log = build(args.incidents)
        for client in (owner_client, caseworker_client):  # warm up
            timed(client, "/shared/")
        owner_total = caseworker_total = 0.0
        # Interleaved, so both see the same machine load.
        for _ in range(args.requests):
            owner_total += timed(owner_client, "/shared/")
            caseworker_total += timed(caseworker_client, "/shared/")
        from stalklog.casefile.models import AccessEvent

        assert AccessEvent.verify_chain(log) == []
    owner_rps = args.requests / owner_total
    caseworker_rps = args.requests / caseworker_total
    print(
        f"caseworker_access: ratio={caseworker_rps / owner_rps:.2f} "
        f"caseworker_rps={caseworker_rps:.0f} owner_rps={owner_rps:.0f} "
        f"requests={args.requests} incidents={args.incidents}"
    )


if __name__ == "__main__":
    main()
