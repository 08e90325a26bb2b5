from django.core.management.base import BaseCommand, CommandError

from codes.verification import find_problems, find_warnings


class Command(BaseCommand):
    help = (
        "Verify the curated dataset; exit non-zero with a list of problems. Warnings (such as a "
        "temporary registration past its expiry) are printed and do not fail."
    )

    def handle(self, *args, **options):
        for warning in find_warnings():
            self.stderr.write(self.style.WARNING(f"warning: {warning}"))
        problems = find_problems()
        if problems:
            for problem in problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(f"The dataset has {len(problems)} problem(s).")
        self.stdout.write(self.style.SUCCESS("The dataset is sound."))
