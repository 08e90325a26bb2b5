from django.core.management.base import BaseCommand, CommandError

from codes.groups import create_groups


class Command(BaseCommand):
    help = (
        "Create the Status code editors and Status code reviewers groups with their "
        "permissions (safe to run again)."
    )

    def handle(self, *args, **options):
        try:
            groups = create_groups()
        except LookupError as error:
            raise CommandError(str(error)) from error
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
