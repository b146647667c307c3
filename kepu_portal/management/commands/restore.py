"""Restore a backup onto an empty database and storage, and verify it against its manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kepu_portal.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore the backup in DIR onto an empty database (no tables) and an empty storage, then check every "
        "table's row count and every file's sha256 against DIR/manifest.json; exits non-zero on any difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="A directory written by `manage.py backup`.")

    def handle(self, *args, directory, **options):
        try:
            restore(directory, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Restored {directory}."))
