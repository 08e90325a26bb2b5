from django.core.management.base import BaseCommand, CommandError

from codes.groups import create_groups


class Command(BaseCommand):
    help = "Create the Editors and Reviewers groups with their permissions (safe to run again)."

    def handle(self, *args, **options):
        try:
            groups = create_groups()
        except LookupError as error:
            raise CommandError(str(error)) from error
        for name, group in groups.items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
