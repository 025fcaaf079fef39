"""Scale: one log's timeline among many logs against the same log alone, in PostgreSQL.

Two databases side by side on one PostgreSQL server: `single` holds one log, `many` holds
`--logs` logs, each log `--incidents` sealed incidents (bench/fill.py). Each is served by its
own gunicorn (one worker), and one signed-in client requests the timeline page of a log in
each, alternating in rounds so machine noise hits both alike. Ends with one line:
    scale: ratio=0.98 many_rps=... single_rps=... logs=1000 incidents=1000
ratio = many_rps / single_rps: 1.0 or more means the page does not slow down as logs grow.
The issue's sizes (about 3 minutes to fill, several GB):
    .venv/bin/python bench/scale.py --logs 1000 --incidents 1000
Defaults are smaller, for a run of a couple of minutes.
"""

import argparse
import secrets
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

PAGES = {"timeline": "/incidents/", "baseline": "/help/"}


def rps(session, url, seconds):
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        response = session.get(url, timeout=60)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
        count += 1
    return count / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=100)
    parser.add_argument("--incidents", type=int, default=1000, help="per log")
    parser.add_argument("--seconds", type=float, default=3.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--database-url", help="an existing PostgreSQL (admin URL, CREATEDB)")
    args = parser.parse_args()

    master_key = secrets.token_urlsafe(32)
    with ExitStack() as stack:
        pg = stack.enter_context(harness.Postgres(args.database_url))
        urls = {"single": pg.create_database("stalklog_scale_single")}
        urls["many"] = pg.create_database("stalklog_scale_many")
        harness.fill(urls["single"], master_key, logs=1, incidents=args.incidents, prefix="one")
        harness.fill(urls["many"], master_key, logs=args.logs, incidents=args.incidents)

        tmp = stack.enter_context(tempfile.TemporaryDirectory(prefix="stalklog-scale-"))
        static = {"STALKLOG_STATIC_ROOT": f"{tmp}/static", "STALKLOG_FILES_DIR": f"{tmp}/files"}
        harness.manage(harness.app_env(urls["single"], master_key, **static), "collectstatic",
                       "--noinput", "-v", "0")  # fmt: skip
        sessions = {}
        for name, url in urls.items():
            env = harness.app_env(url, master_key, **static)
            base = stack.enter_context(harness.gunicorn(env, workers=1, threads=1))
            username = "one0" if name == "single" else f"victim{args.logs // 2}"
            sessions[name] = (base, harness.signed_in_session(base, username))

        for base, session in sessions.values():  # warm up templates and connections
            for path in PAGES.values():
                rps(session, base + path, 0.5)
        results = {(db, page): [] for db in sessions for page in PAGES}
        for _ in range(args.rounds):
            for db, (base, session) in sessions.items():
                for page, path in PAGES.items():
                    results[db, page].append(rps(session, base + path, args.seconds))
        best = {key: max(values) for key, values in results.items()}
        for (db, page), value in best.items():
            print(f"  {db:6} {page:8} {value:8.1f} requests/s")
        ratio = best["many", "timeline"] / best["single", "timeline"]
        print(
            f"scale: ratio={ratio:.2f} many_rps={best['many', 'timeline']:.1f} "
            f"single_rps={best['single', 'timeline']:.1f} "
            f"timeline_ratio_many={best['many', 'timeline'] / best['many', 'baseline']:.2f} "
            f"timeline_ratio_single={best['single', 'timeline'] / best['single', 'baseline']:.2f} "
            f"logs={args.logs} incidents={args.incidents}"
        )


if __name__ == "__main__":
    main()
