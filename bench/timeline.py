"""Benchmark: the timeline page of a 10,000-incident log against a trivial signed-in page.

Both pages are served the same way in the same run, with the same session, production
settings (DEBUG off), and requests alternating one by one so machine noise hits both alike:
  - http: a threaded WSGI server on loopback (wsgiref), one connection per request;
  - client: Django's test Client in this process (no network, no HTTP parsing).
The baseline is /help/, a signed-in page that renders the base template and nothing else.
Ends with one line (the ratio is the http one; client_ratio is the stricter in-process one):
    timeline: ratio=0.71 page_rps=... baseline_rps=... client_ratio=...
Usage: .venv/bin/python bench/timeline.py [--incidents 10000] [--requests 300]
"""

import argparse
import http.client
import os
import secrets
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "timeline": "/incidents/",
    "baseline": "/help/",
    "filtered": "/incidents/?page=3",
    "search": "/incidents/",
}
# Filters and search words are kept in the session (POSTed, never in the address): these
# pages are read in sessions of their own that posted them first.
SEARCHES = {
    "filtered": {"behaviour": "following", "order": "oldest"},
    "search": {"q": "car park"},
}


class ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def production_environment(workdir):
    os.environ.update(
        DATABASE_URL=f"sqlite:///{workdir}/bench.sqlite3",
        DJANGO_SETTINGS_MODULE="stalklog.settings",
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        STALKLOG_MASTER_KEY=secrets.token_urlsafe(32),
        STALKLOG_VAR_DIR=workdir,
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
    )


def alternate(fetchers, requests):
    """Time `requests` of each fetcher, interleaved one request at a time: {name: rps}."""
    spent = dict.fromkeys(fetchers, 0.0)
    for _ in range(requests):
        for name, fetch in fetchers.items():
            started = time.perf_counter()
            fetch()
            spent[name] += time.perf_counter() - started
    return {name: requests / seconds for name, seconds in spent.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300, help="of each page, per mode")
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="stalklog-bench-")
    production_environment(workdir)
    warnings.filterwarnings("ignore", "No directory at")  # no collectstatic for a bench
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.test import Client

    from incidents.management.demo import seed_log
    from stalklog.accounts.models import User
    from stalklog.casefile.models import Log

    # Production serves hashed static names from collectstatic; the page cost is the same.
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    call_command("migrate", verbosity=0)
    user = User.objects.create_user("bench")  # signed in with force_login, no password
    log = Log.create_for(user, "BE")
    started = time.perf_counter()
    seed_log(log, user, incidents=args.incidents)
    print(f"seeded {args.incidents} incidents in {time.perf_counter() - started:.1f}s")

    clients = {}
    for name in PAGES:
        client = Client()
        client.force_login(user)
        if name in SEARCHES:
            assert client.post("/incidents/", SEARCHES[name]).status_code == 302
        clients[name] = client

    def client_fetch(name):
        path, client = PAGES[name], clients[name]

        def fetch():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return fetch

    server = make_server("127.0.0.1", 0, get_wsgi_application(), ThreadingWSGIServer, QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    cookies = {
        name: f"{settings.SESSION_COOKIE_NAME}="
        + client.cookies[settings.SESSION_COOKIE_NAME].value
        for name, client in clients.items()
    }

    def http_fetch(name):
        path, cookie = PAGES[name], cookies[name]

        def fetch():
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path, headers={"Cookie": cookie})
            response = connection.getresponse()
            body = response.read()
            connection.close()
            assert response.status == 200 and body, (path, response.status)

        return fetch

    results = {}
    for mode, make_fetch in (("client", client_fetch), ("http", http_fetch)):
        fetchers = {name: make_fetch(name) for name in PAGES}
        alternate(fetchers, 10)  # warm up templates, connections, the key unwrap path
        searched = fetchers.pop("search")
        results[mode] = alternate(fetchers, args.requests)
        results[mode]["search"] = alternate({"search": searched}, max(10, args.requests // 10))[
            "search"
        ]
        for name, rps in results[mode].items():
            print(f"  {mode:6} {name:9} {rps:8.1f} requests/s  ({PAGES[name]})")
    server.shutdown()

    http_results, client_results = results["http"], results["client"]
    print(
        f"timeline: ratio={http_results['timeline'] / http_results['baseline']:.2f} "
        f"page_rps={http_results['timeline']:.1f} baseline_rps={http_results['baseline']:.1f} "
        f"client_ratio={client_results['timeline'] / client_results['baseline']:.2f} "
        f"client_page_rps={client_results['timeline']:.1f} "
        f"client_baseline_rps={client_results['baseline']:.1f} "
        f"filtered_rps={http_results['filtered']:.1f} search_rps={http_results['search']:.1f} "
        f"incidents={args.incidents}"
    )


if __name__ == "__main__":
    main()
