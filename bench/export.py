"""Benchmark the police export: WeasyPrint (sectioned, parallel, cached) against Chromium
printing the same HTML, in the same run, on a log of 1,000 incidents with 100 photos.

    .venv/bin/python bench/export.py [--incidents 1000] [--photos 100] [--workers N]
        [--press-only] [--profile PATH]

Runs on its own throwaway database and file store. Prints each timing, pages, sizes, peak
memory, how full the pages are, the re-export after adding one incident, and `press`: from
pressing Create on the export page (its POST) to the PDF being downloaded, after one
incident was added and one amended and the background warm-up has run. Ends with one
summary line: ratio (cold export / Chromium), press_ratio (press / Chromium), pages,
chromium_pages, mostly_empty_share and peak memory. `--press-only` skips Chromium and the
timed exports (the warm-up then lays out every section) and prints the press alone;
`--profile PATH` writes a cProfile of the press to PATH (for pstats or snakeviz).
"""

import argparse
import cProfile
import io
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORKDIR = tempfile.mkdtemp(prefix="stalklog-bench-export-")
os.environ["STALKLOG_VAR_DIR"] = WORKDIR
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stalklog.settings")
os.environ["DEBUG"] = "true"
# The export runs inside the request (as under 100 incidents), so the press is timed whole.
os.environ["STALKLOG_TASKS_BACKEND"] = "immediate"
os.environ["STALKLOG_EXPORT_WARM_UP"] = "false"  # run by hand below, not after every seed

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from PIL import Image, ImageDraw  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from evidence.services import store_upload  # noqa: E402
from incidents.export.document import build_document  # noqa: E402
from incidents.export.models import ExportJob  # noqa: E402
from incidents.export.options import ExportOptions  # noqa: E402
from incidents.export.page_fill import measure  # noqa: E402
from incidents.export.pdf import render_html, render_pdf  # noqa: E402
from incidents.export.warm import warm_up  # noqa: E402
from incidents.models import Behaviour, Incident, Person  # noqa: E402
from incidents.services import record_incident  # noqa: E402
from stalklog.accounts.models import User  # noqa: E402
from stalklog.casefile.models import Log  # noqa: E402

CHROMIUM = os.environ.get("STALKLOG_CHROMIUM", "/usr/bin/chromium")
SENTENCE = (
    "he was waiting outside again by the gate and followed me to the bus stop then sent "
    "messages all evening saying he knows where I am and who I see I felt frightened"
)
WORDS = SENTENCE.split(" ")


def photo(index: int) -> bytes:
    rng = random.Random(index)
    image = Image.new("RGB", (1600, 1200), (rng.randrange(256), 90, 120))
    draw = ImageDraw.Draw(image)
    for _ in range(30):
        x, y = rng.randrange(1600), rng.randrange(1200)
        draw.ellipse([x, y, x + 120, y + 80], fill=(rng.randrange(256), 200, 40))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def sentence(rng, words=40) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def seed(incidents: int, photos: int):
    call_command("migrate", verbosity=0)
    user = User.objects.create_user(username="bench", password=None)
    log = Log.create_for(user, "JS")
    rng = random.Random(5)
    behaviours = list(Behaviour.objects.all())
    person = Person(log=log, is_perpetrator=True, relationship="ex_partner")
    person.name = "Mark Example"
    person.save()
    start = timezone.now() - timezone.timedelta(days=365)
    rows = []
    for n in range(incidents):
        when = start + timezone.timedelta(minutes=n * 520 + rng.randrange(300))
        incident = record_incident(
            log, user, behaviours=rng.sample(behaviours, rng.randint(1, 3)), people=[person],
            occurred_start=when, description=sentence(rng, rng.randint(30, 120)),
            exact_words=sentence(rng, 12) if n % 3 == 0 else "",
            location_type=rng.choice(["home", "public", "work", "online"]),
            location="Somewhere on the high street", channel=rng.choice(["in_person", "text"]),
            private_notes="not for export",
        )  # fmt: skip
        rows.append(incident)
    for n in range(photos):
        store_upload(
            log, user, ContentFile(photo(n), name=f"photo{n}.jpg"), title=f"Photo {n}",
            description=sentence(rng, 10), attach=rows[n * incidents // photos].exhibits.add,
        )  # fmt: skip
    return user, log


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the layout workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def export_pdf(log, user):
    return render_pdf(build_document(log, ExportOptions(), user))


def chromium_print(html_path: Path, pdf_path: Path):
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--no-pdf-header-footer",
         f"--user-data-dir={WORKDIR}/chromium", f"--print-to-pdf={pdf_path}",
         html_path.as_uri()],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip


def peak_mb(who) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--incidents", type=int, default=1000)
    parser.add_argument("--photos", type=int, default=100)
    parser.add_argument("--workers", type=int, default=0)
    parser.add_argument("--press-only", action="store_true")
    parser.add_argument("--profile", default="")
    args = parser.parse_args()
    if args.workers:
        from django.conf import settings

        settings.STALKLOG_EXPORT_WORKERS = args.workers

    seed_s, (user, log) = timed(lambda: seed(args.incidents, args.photos))
    print(f"seeded {args.incidents} incidents, {args.photos} photos in {seed_s:.1f}s")
    if args.press_only:
        press_s, press_cpu_s = pressing_create(args, log, user)
        print(f"export: press_s={press_s:.2f} press_cpu_s={press_cpu_s:.2f}")
        return
    out = Path(WORKDIR)

    # Chromium: our HTML export (same document, images inline) printed headless.
    html_s, html = timed(lambda: render_html(build_document(log, ExportOptions(), user)))
    (out / "timeline.html").write_text(html)
    chromium_s, _ = timed(lambda: chromium_print(out / "timeline.html", out / "chromium.pdf"))
    chromium_total = html_s + chromium_s
    chromium_pages = len(PdfReader(out / "chromium.pdf").pages)
    print(
        f"chromium: html {html_s:.2f}s + print {chromium_s:.2f}s = {chromium_total:.2f}s, "
        f"{chromium_pages} pages, {(out / 'chromium.pdf').stat().st_size / 1e6:.1f} MB"
    )

    started_cpu = cpu_seconds()
    first_s, pdf = timed(lambda: export_pdf(log, user))
    first_cpu_s = cpu_seconds() - started_cpu
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"weasyprint first export: {first_s:.2f}s, {pages} pages, {len(pdf) / 1e6:.1f} MB")
    # Chromium's own processes are not all waited for by it, so its CPU time cannot be read
    # the same way; ours is exact (the layout workers are our children).
    print(
        f"weasyprint CPU seconds, all cores: {first_cpu_s:.2f} "
        "(wall times suffer on a busy machine, this does not)"
    )

    again_s, _ = timed(lambda: export_pdf(log, user))
    print(f"weasyprint unchanged re-export: {again_s:.2f}s")

    record_incident(
        log,
        user,
        behaviours=[Behaviour.objects.first()],
        occurred_start=timezone.now(),
        description="One more incident, added after the first export.",
    )
    added_s, pdf2 = timed(lambda: export_pdf(log, user))
    print(
        f"weasyprint re-export after adding one incident: {added_s:.2f}s "
        f"({added_s / first_s:.3f} of the first; target < 0.1)"
    )
    assert b"One more incident" not in pdf2  # compressed; the check below reads text
    assert Incident.objects.filter(log=log).count() == args.incidents + 1

    fill = measure(pdf)
    print(f"mostly empty pages (parts' last pages aside): {fill.mostly_empty} of {fill.pages}")
    press_s, press_cpu_s = pressing_create(args, log, user)
    print(
        f"press Create to download: {press_s:.2f}s ({press_s / chromium_total:.3f} of Chromium), "
        f"{press_cpu_s:.2f} CPU-seconds ({press_cpu_s / first_cpu_s:.3f} of the cold export's)"
    )

    ratio = first_s / chromium_total
    peak_self, peak_children = peak_mb(resource.RUSAGE_SELF), peak_mb(resource.RUSAGE_CHILDREN)
    print(f"peak memory: this process {peak_self:.0f} MB, largest child {peak_children:.0f} MB")
    print(
        f"export: ratio={ratio:.2f} press_ratio={press_s / chromium_total:.3f} "
        f"pages={pages} chromium_pages={chromium_pages} "
        f"mostly_empty_share={fill.mostly_empty_share:.3f} "
        f"peak_mb={max(peak_self, peak_children):.0f} weasyprint_s={first_s:.2f} "
        f"chromium_s={chromium_total:.2f} press_s={press_s:.2f} "
        f"reexport_ratio={added_s / first_s:.3f} pdf_mb={len(pdf) / 1e6:.1f} "
        f"weasyprint_cpu_s={first_cpu_s:.1f} press_cpu_s={press_cpu_s:.2f}"
    )


def pressing_create(args, log, user) -> tuple[float, float]:
    """(wall, CPU) seconds of pressing Create to the download, after one incident added and
    one amended and the warm-up."""
    # Pressing Create: one incident added and one amended, the warm-up run (as the
    # background task does ~30 s after a save), then the export page's POST and download.
    record_incident(
        log,
        user,
        behaviours=[Behaviour.objects.first()],
        occurred_start=timezone.now(),
        description="Added before pressing Create.",
    )
    amended = Incident.objects.filter(log=log).order_by("occurred_start")[args.incidents // 2]
    amended.log = log
    amended.amend(user, "Remembered more", {"description": "Amended before pressing Create."})
    warm_cpu = cpu_seconds()
    warm_s, laid_out = timed(lambda: warm_up(log))
    print(
        f"background warm-up: {warm_s:.2f}s, {cpu_seconds() - warm_cpu:.2f} CPU-seconds, "
        f"{laid_out} sections laid out"
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    client.get(reverse("export"))  # the page she presses Create on

    def press():
        response = client.post(reverse("export"), {"profile": "police"})
        job = ExportJob.objects.filter(log=log).order_by("-created_at").first()
        assert response.status_code == 302 and job.is_ready, (response.status_code, job.error)
        download = client.get(reverse("export_download", args=[job.pk]))
        return b"".join(download.streaming_content)

    profile = cProfile.Profile() if args.profile else None
    press_cpu = cpu_seconds()
    if profile:
        profile.enable()
    press_s, pressed = timed(press)
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    press_cpu_s = cpu_seconds() - press_cpu
    assert pressed.startswith(b"%PDF")
    # What was pressed shows both changes (the warm-up's layout is never of older rows).
    text = " ".join(
        subprocess.run(["pdftotext", "-", "-"], input=pressed, capture_output=True, check=True)
        .stdout.decode()
        .split()
    )
    assert "Added before pressing Create." in text and "Amended before pressing Create." in text
    return press_s, press_cpu_s


if __name__ == "__main__":
    main()
