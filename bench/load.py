"""Load: 50 people at once signing in, logging incidents, browsing and uploading evidence.

Starts its own PostgreSQL (bench/harness.py) and gunicorn as `make serve` runs it (DEBUG=false,
whitenoise, hashed static files), fills one log per person (bench/fill.py), then runs
`--users` threads for `--seconds`, each signing in through the real form (CSRF token and
all; arrivals spread over `--ramp` seconds, as Argon2 makes a sign-in deliberately costly)
and then doing what a victim does, with a short pause between pages. Afterwards one
client measures the timeline page against a trivial page, alternating, like bench/timeline.py.
Ends with one line:
    load: rps=41.3 p50_ms=120 p95_ms=480 errors=0 requests=2478 users=50 timeline_ratio=0.52
Usage: .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--incidents 200]
"""

import argparse
import io
import random
import re
import secrets
import statistics
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import harness  # noqa: E402

INCIDENT_LINK = re.compile(r'href="/incidents/(\d+)/"')
EXHIBIT_LINK = re.compile(r'href="/evidence/(\d+)/"')


class Forms(HTMLParser):
    """Every form on a page: the fields a browser would submit (hidden and text inputs,
    checked boxes, selected options, textareas) and the choices of each checkbox group."""

    def __init__(self):
        super().__init__()
        self.forms, self.form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = {"fields": [], "names": set(), "choices": defaultdict(list)}
            self.forms.append(self.form)
        if self.form is None or ("name" not in attrs and tag != "option"):
            return
        if "name" in attrs:
            self.form["names"].add(attrs["name"])
        kind = attrs.get("type", "text")
        if tag == "input" and kind in ("checkbox", "radio"):
            self.form["choices"][attrs["name"]].append(attrs.get("value", "on"))
            if "checked" in attrs:
                self.form["fields"].append((attrs["name"], attrs.get("value", "on")))
        elif tag == "input" and kind not in ("submit", "file", "button", "image"):
            self.form["fields"].append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = [attrs["name"], None]
        elif tag == "option" and self._select is not None:
            if self._select[1] is None or "selected" in attrs:
                self._select[1] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self._select:
            self.form["fields"].append(tuple(self._select))
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.form["fields"].append((self._textarea, ""))
            self._textarea = None


def form_fields(html, has_field, **values):
    """The fields of the form that has a field named `has_field`, with `values` filled in."""
    parser = Forms()
    parser.feed(html)
    form = next((f for f in parser.forms if has_field in f["names"]), None)
    if form is None:
        raise RuntimeError(f"no form with a {has_field!r} field")
    fields = [(name, value) for name, value in form["fields"] if name not in values]
    fields += list(values.items())
    return fields, form["choices"]


def photo_bytes(rng):
    from PIL import Image

    image = Image.new("RGB", (320, 240), tuple(rng.randrange(256) for _ in range(3)))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


class Victim(threading.Thread):
    """One person using the app through a browser-like session until the deadline."""

    def __init__(self, base, username, deadline, record, seed, start_after=0.0):
        super().__init__(daemon=True)
        self.base, self.username, self.deadline, self.record = base, username, deadline, record
        self.start_after = start_after
        self.rng = random.Random(seed)
        self.incidents, self.exhibits = [], []

    def timed(self, action, method, path, expect, **kwargs):
        started = time.perf_counter()
        try:
            response = self.session.request(
                method, self.base + path, allow_redirects=False, timeout=60, **kwargs
            )
            ok = response.status_code in expect
        except Exception as error:  # a refused or dropped connection is an error too
            response, ok = error, False
        self.record(action, time.perf_counter() - started, ok, response)
        return response

    def sign_in(self):
        started = time.perf_counter()
        try:
            self.session = harness.signed_in_session(self.base, self.username)
            self.record("sign in", time.perf_counter() - started, True, None)
            return True
        except Exception as error:
            self.record("sign in", time.perf_counter() - started, False, error)
            return False

    def browse_timeline(self):
        page = self.rng.choice(["/incidents/", "/incidents/", "/incidents/?page=2"])
        response = self.timed("timeline", "GET", page, {200})
        if hasattr(response, "text"):
            self.incidents = INCIDENT_LINK.findall(response.text) or self.incidents

    def open_incident(self):
        if self.incidents:
            self.timed("incident", "GET", f"/incidents/{self.rng.choice(self.incidents)}/", {200})

    def log_incident(self):
        form = self.timed("new incident form", "GET", "/incidents/new/", {200})
        if not hasattr(form, "text") or form.status_code != 200:
            return
        when = datetime.now() - timedelta(minutes=self.rng.randrange(60 * 24 * 30))
        fields, choices = form_fields(
            form.text,
            "description",
            date=when.strftime("%Y-%m-%d"),
            time=when.strftime("%H:%M"),
            description="He drove past the house three times and slowed down each time.",
        )
        fields.append(("behaviours", self.rng.choice(choices["behaviours"])))
        self.timed("save incident", "POST", "/incidents/new/", {302}, data=fields,
                   headers={"Referer": self.base + "/incidents/new/"})  # fmt: skip

    def browse_evidence(self):
        response = self.timed("evidence", "GET", "/evidence/", {200})
        if hasattr(response, "text"):
            self.exhibits = EXHIBIT_LINK.findall(response.text) or self.exhibits

    def upload(self):
        form = self.timed("upload form", "GET", "/evidence/upload/", {200})
        if not hasattr(form, "text") or form.status_code != 200:
            return
        fields, _ = form_fields(form.text, "files", title="Car outside the house")
        files = {"files": ("car.jpg", photo_bytes(self.rng), "image/jpeg")}
        self.timed("upload", "POST", "/evidence/upload/", {302}, data=fields, files=files,
                   headers={"Referer": self.base + "/evidence/upload/"})  # fmt: skip

    def run(self):
        time.sleep(self.start_after)
        if not self.sign_in():
            return
        actions = [
            (self.browse_timeline, 30),
            (self.open_incident, 15),
            (lambda: self.timed("home", "GET", "/", {200}), 10),
            (lambda: self.timed("help", "GET", "/help/", {200}), 5),
            (self.log_incident, 15),
            (self.browse_evidence, 15),
            (self.upload, 10),
        ]
        doers, weights = zip(*actions, strict=True)
        while time.monotonic() < self.deadline:
            self.rng.choices(doers, weights)[0]()
            time.sleep(self.rng.uniform(0.1, 0.5))  # a person reads before clicking on


def percentile(values, fraction):
    values = sorted(values)
    return values[min(len(values) - 1, int(fraction * len(values)))] if values else 0.0


def timeline_ratio(base, username, seconds):
    """bench/timeline.py's ratio over HTTP: timeline page rps / trivial page rps."""
    session = harness.signed_in_session(base, username)

    def rps(path):
        count, started = 0, time.perf_counter()
        while time.perf_counter() - started < seconds:
            assert session.get(base + path, timeout=60).status_code == 200
            count += 1
        return count / (time.perf_counter() - started)

    best = {"timeline": 0.0, "baseline": 0.0}
    for _ in range(3):
        best["timeline"] = max(best["timeline"], rps("/incidents/"))
        best["baseline"] = max(best["baseline"], rps("/help/"))
    return best["timeline"] / best["baseline"], best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--incidents", type=int, default=200, help="already in each log")
    parser.add_argument(
        "--ramp", type=float, default=15, help="seconds over which people arrive and sign in"
    )
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--database-url", help="an existing PostgreSQL (admin URL, CREATEDB)")
    args = parser.parse_args()

    master_key = secrets.token_urlsafe(32)
    with (
        harness.Postgres(args.database_url) as pg,
        tempfile.TemporaryDirectory(prefix="stalklog-load-") as tmp,
    ):
        url = pg.create_database("stalklog_load")
        harness.fill(url, master_key, logs=args.users, incidents=args.incidents)
        env = harness.app_env(
            url, master_key, STALKLOG_FILES_DIR=f"{tmp}/files", STALKLOG_STATIC_ROOT=f"{tmp}/static"
        )
        harness.manage(env, "collectstatic", "--noinput", "-v", "0")
        with harness.gunicorn(env, workers=args.workers) as base:
            samples, lock = [], threading.Lock()

            def record(action, seconds, ok, response):
                with lock:
                    samples.append((action, seconds, ok, response))

            deadline = time.monotonic() + args.seconds
            started = time.perf_counter()
            victims = [
                Victim(base, f"victim{n}", deadline, record, n, args.ramp * n / args.users)
                for n in range(args.users)
            ]
            for victim in victims:
                victim.start()
            for victim in victims:
                victim.join()
            elapsed = time.perf_counter() - started
            ratio, best = timeline_ratio(base, "victim0", seconds=2.0)

    by_action = defaultdict(list)
    for action, seconds, ok, _ in samples:
        by_action[action].append((seconds, ok))
    print(f"{'action':18} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'errors':>6}")
    for action, rows in sorted(by_action.items()):
        times = [seconds for seconds, _ in rows]
        print(
            f"{action:18} {len(rows):6} {statistics.median(times) * 1000:8.0f} "
            f"{percentile(times, 0.95) * 1000:8.0f} {sum(not ok for _, ok in rows):6}"
        )
    failures = [(a, r) for a, _, ok, r in samples if not ok]
    for action, response in failures[:5]:
        detail = getattr(response, "status_code", response)
        print(f"  error: {action}: {detail}")
    latencies = [seconds for _, seconds, _, _ in samples]
    print(
        f"timeline page {best['timeline']:.1f} requests/s, trivial page "
        f"{best['baseline']:.1f} requests/s (one client, after the load)"
    )
    print(
        f"load: rps={len(samples) / elapsed:.1f} p50_ms={percentile(latencies, 0.5) * 1000:.0f} "
        f"p95_ms={percentile(latencies, 0.95) * 1000:.0f} errors={len(failures)} "
        f"requests={len(samples)} users={args.users} seconds={args.seconds:.0f} "
        f"timeline_ratio={ratio:.2f}"
    )


if __name__ == "__main__":
    main()
