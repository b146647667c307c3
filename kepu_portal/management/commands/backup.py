"""Back up the database and every stored file into a new directory, with a manifest (kepu_portal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kepu_portal.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a consistent dump of the database, every stored file and manifest.json into DIR (new or empty)."

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Where to write the backup; must not exist or be empty.")

    def handle(self, *args, directory, **options):
        try:
            manifest = backup(directory, log=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {sum(manifest['database']['tables'].values())} rows and {len(manifest['files'])} files "
                f"to {directory}."
            )
        )
