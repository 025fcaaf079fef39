"""Shared parts of the export_timeline and export_bundle commands."""

import datetime
import os
import tempfile
from contextlib import contextmanager

from django.core.management.base import CommandError

from incidents.export.document import filtered_incidents, incidents_with_position
from incidents.export.exhibits import exhibits_with_position
from incidents.export.language import CHOICES as LANGUAGES
from incidents.export.language import ENGLISH
from incidents.export.options import PROFILES, ExportOptions
from stalklog.accounts.models import User
from stalklog.casefile.models import Log


def add_date_range_arguments(parser):
    parser.add_argument(
        "--from",
        dest="date_from",
        type=datetime.date.fromisoformat,
        help="first day to include (YYYY-MM-DD, local time)",
    )
    parser.add_argument(
        "--to",
        dest="date_to",
        type=datetime.date.fromisoformat,
        help="last day to include (YYYY-MM-DD, local time)",
    )


def add_common_arguments(parser):
    parser.add_argument("--username", required=True, help="the owner of the log")
    parser.add_argument("--output", required=True, help="file to write")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="police")
    add_date_range_arguments(parser)
    parser.add_argument(
        "--include-address",
        action="store_true",
        help="include the victim's home address (left out by default)",
    )
    parser.add_argument(
        "--include-witness-contacts",
        action="store_true",
        help="include witnesses' contact details (left out by default)",
    )
    parser.add_argument(
        "--include-gps",
        action="store_true",
        help="include positions (GPS) recorded in photos (the originals instead of copies "
        "without metadata) and saved with incidents ('where I am now'); left out by default; "
        "may be disclosed to the defence",
    )
    parser.add_argument(
        "--language",
        choices=[code for code, _ in LANGUAGES],
        default=ENGLISH,
        help="the document's language: en (English, the default), cy (Welsh) or bilingual "
        "(headings and labels in English and Welsh; the victim's own words once, as written)",
    )
    parser.add_argument(
        "--behaviour",
        action="append",
        default=[],
        help="behaviour code to include (repeat for several)",
    )


def owner_and_log(username):
    try:
        user = User.objects.get(username=username)
        return user, Log.objects.get(owner=user)
    except (User.DoesNotExist, Log.DoesNotExist) as error:
        raise CommandError(f"no log belongs to a user called {username!r}") from error


def log_and_options(options, pdfa=False):
    user, log = owner_and_log(options["username"])
    export_options = ExportOptions(
        profile=options["profile"],
        date_from=options["date_from"],
        date_to=options["date_to"],
        behaviour_codes=tuple(options["behaviour"]),
        pdfa=pdfa,
        include_address=options["include_address"],
        include_witness_contacts=options["include_witness_contacts"],
        include_gps=options["include_gps"],
        language=options.get("language") or ENGLISH,
    )
    return user, log, export_options


def warn_about_positions(stderr, log, export_options):
    """With --include-gps, say which exhibits record where they were taken, and why it
    matters, as the export page does before she confirms."""
    if not export_options.include_gps:
        return
    incidents = filtered_incidents(log, export_options)
    refs = [e.exhibit_ref for e in exhibits_with_position(log, incidents, export_options)]
    if refs:
        stderr.write(
            f"Including positions (GPS) recorded in {len(refs)} exhibit(s): {', '.join(refs)}. "
            "Material given to the police may be disclosed to the defence."
        )
    numbers = incidents_with_position(incidents)
    if numbers:
        stderr.write(
            f"Including where the victim was when they logged {len(numbers)} incident(s): "
            f"{', '.join(str(n) for n in numbers)}. "
            "Material given to the police may be disclosed to the defence."
        )


@contextmanager
def atomic_output(path):
    """Write next to `path` and rename into place, so a failed export leaves no half file."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".export-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out:
            yield out
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise
