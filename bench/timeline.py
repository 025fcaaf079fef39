"""Benchmark: the timeline page of a 10,000-incident log against a trivial signed-in page.

Both are requested through Django's test Client in the same process, same session, same
middleware, alternating in rounds so machine noise hits both alike. Ends with one line:
    timeline: ratio=0.71 page_rps=... baseline_rps=...
Usage: .venv/bin/python bench/timeline.py [--incidents 10000] [--seconds 3] [--rounds 3]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rps(client, path, seconds):
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        count += 1
    return count / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="stalklog-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stalklog.settings")
    # The test Client's host. No setup_test_environment(): its template instrumentation
    # would tax template-heavy pages more than the baseline.
    os.environ["ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from incidents.management.demo import seed_log
    from incidents.models import Log
    from stalklog.models import User

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench")  # signed in with force_login, no password
    log = Log.create_for(user, "BE")
    started = time.perf_counter()
    seed_log(log, user, incidents=args.incidents)
    print(f"seeded {args.incidents} incidents in {time.perf_counter() - started:.1f}s")

    client = Client()
    client.force_login(user)
    pages = {
        "timeline": "/incidents/",
        "baseline": "/help/",
        "filtered": "/incidents/?behaviour=following&order=oldest&page=3",
        "search": "/incidents/?q=car+park",
    }
    for path in pages.values():  # warm up templates, caches, the key unwrap path
        for _ in range(5):
            client.get(path)
    results = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, path in pages.items():
            results[name].append(rps(client, path, args.seconds))
    best = {name: max(values) for name, values in results.items()}
    for name, value in best.items():
        print(f"  {name:9} {value:8.1f} requests/s  ({pages[name]})")
    ratio = best["timeline"] / best["baseline"]
    print(
        f"timeline: ratio={ratio:.2f} page_rps={best['timeline']:.1f} "
        f"baseline_rps={best['baseline']:.1f} filtered_rps={best['filtered']:.1f} "
        f"search_rps={best['search']:.1f} incidents={args.incidents}"
    )


if __name__ == "__main__":
    main()
