import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from codes.backup import write_backup


class Command(BaseCommand):
    help = (
        "Write the whole knowledge base, with its history and the accounts it names, to a JSON "
        "file that codes_restore loads into an empty database."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to write (.json); replaced only when done.")

    def handle(self, *args, path, **options):
        target = Path(path)
        if target.suffix != ".json":
            raise CommandError(f"{path}: name the backup file *.json (codes_restore needs it).")
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent} is not a directory.")
        # Write beside the target and rename, so a failure never leaves half a backup behind.
        handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".partial")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                count = write_backup(stream)
            os.replace(temporary, target)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        self.stdout.write(self.style.SUCCESS(f"Wrote {count} records to {target}."))
