"""Write the beat schedules of ``kepu_portal.schedules`` to the database (idempotent)."""

from django.core.management.base import BaseCommand

from kepu_portal.schedules import schedules_sync


class Command(BaseCommand):
    help = "Create the portal's Celery beat schedules that are missing (--reset puts edited ones back)."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Overwrite staff's edits with the code's schedule.")

    def handle(self, *args, reset=False, **options):
        for name, outcome in schedules_sync(reset=reset):
            self.stdout.write(f"{name}: {outcome}")
