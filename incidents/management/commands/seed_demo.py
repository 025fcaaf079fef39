"""manage.py seed_demo: a realistic demo log for trying the app, demos and benchmarks."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from incidents.management.demo import seed_log, seed_photos
from stalklog.accounts.models import User
from stalklog.casefile.models import Log


class Command(BaseCommand):
    help = "Create a victim account (if needed) and fill its log with a year of demo incidents."

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--incidents", type=int, default=120)
        parser.add_argument("--photos", type=int, default=0)
        parser.add_argument("--initials", default="JS")
        parser.add_argument("--seed", type=int, default=2026, help="for repeatable data")

    def handle(self, *args, username, password, incidents, photos, initials, seed, **options):
        if incidents < 0 or photos < 0:
            raise CommandError("--incidents and --photos cannot be negative.")
        with transaction.atomic():
            user, created = User.objects.get_or_create(
                username=username, defaults={"role": User.Role.VICTIM}
            )
            if not user.is_victim:
                raise CommandError(f"{username} is not a victim account; choose another name.")
            if created:
                user.set_password(password)
                user.save()
            log = Log.objects.filter(owner=user).first() or Log.create_for(user, initials)
            count = seed_log(log, user, incidents=incidents, seed=seed)
        self.stdout.write(
            f"{'Created' if created else 'Added to'} {username}'s log: {count} incidents."
            + ("" if created else " (Existing account: its password was left unchanged.)")
        )
        if photos:
            self.stdout.write(f"Added {seed_photos(log, user, photos)} photos.")
