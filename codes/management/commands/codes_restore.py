from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from codes.backup import content_models


class Command(BaseCommand):
    help = (
        "Load a backup written by codes_backup into a database that holds no knowledge base "
        "yet (migrated, nothing loaded). All or nothing: a bad record loads nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A backup file written by codes_backup.")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, path, database, **options):
        occupied = [
            str(model._meta.verbose_name_plural)
            for model in content_models()
            if model._base_manager.using(database).exists()
        ]
        if occupied:
            raise CommandError(
                f"The database already holds {', '.join(occupied[:3])}: restore into an empty "
                "one (migrate a new database, then restore)."
            )
        if not path.endswith(".json"):
            raise CommandError(f"{path}: a backup file ends in .json.")
        try:
            # loaddata loads in one transaction, validates every record (codes.loading) and
            # resets the database's id sequences.
            call_command("loaddata", path, database=database, verbosity=0)
        except CommandError:
            raise
        except Exception as error:
            raise CommandError(
                f"{path} could not be restored; nothing was loaded. {error}"
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the knowledge base from {path}."))
