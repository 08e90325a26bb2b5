from django.core.management.base import BaseCommand, CommandError

from codes.verification import find_problems


class Command(BaseCommand):
    help = "Verify the curated dataset; exit non-zero with a list of problems."

    def handle(self, *args, **options):
        problems = find_problems()
        if problems:
            for problem in problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(f"The dataset has {len(problems)} problem(s).")
        self.stdout.write(self.style.SUCCESS("The dataset is sound."))
