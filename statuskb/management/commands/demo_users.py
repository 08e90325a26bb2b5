from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from codes.groups import EDITORS, REVIEWERS, create_groups

DEMO_USERS = [("editor", EDITORS), ("reviewer", REVIEWERS)]


class Command(BaseCommand):
    help = (
        "Create the demo users 'editor' and 'reviewer' (password = user name) for a local demo. "
        "Never run this on a public site."
    )

    def handle(self, *args, **options):
        groups = create_groups()
        User = get_user_model()
        for username, group in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
            user.is_staff = True
            user.set_password(username)
            user.save()
            user.groups.set([groups[group]])
            self.stdout.write(f"{group[:-1]}: log in at /admin/ as {username} / {username}")
