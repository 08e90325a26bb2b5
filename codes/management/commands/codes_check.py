import sys

from django.core.management.base import BaseCommand, CommandError

from codes import checker


class Command(BaseCommand):
    help = (
        "Check the head of one HTTP response, read from standard input (curl -si URL | "
        "manage.py codes_check), against the rules of its status code. Prints each finding; "
        "exits 1 when a MUST, a MUST NOT or a definition is broken, 2 when the input is not a "
        "response."
    )

    def add_arguments(self, parser):
        parser.add_argument("--method", default="", help="The request's method (GET, HEAD...).")
        parser.add_argument(
            "--content",
            choices=["yes", "no"],
            help="Whether content followed the head, when the input does not show it.",
        )

    def handle(self, *args, method, content, **options):
        # Enough bytes for the longest text the checker takes, in any encoding, and one more: a
        # longer input reaches the checker too long, and is refused with its message.
        text = sys.stdin.buffer.read(4 * checker.MAX_TEXT + 1).decode("utf-8", errors="replace")
        try:
            report = checker.check(text, method.upper(), {"yes": True, "no": False}.get(content))
        except checker.CheckError as error:
            raise CommandError(str(error), returncode=2) from error
        response = report.response
        self.stdout.write(f"HTTP/{response.version} {response.number} {response.phrase}".rstrip())
        for note in report.notes:
            self.stdout.write(f"  note: {note}")
        for finding in report.findings:
            rule = finding.rule
            style = {
                checker.Outcome.HELD: self.style.SUCCESS,
                checker.Outcome.BROKEN: self.style.ERROR,
            }.get(finding.outcome, str)
            self.stdout.write(
                style(f"{finding.outcome.upper():12} {rule.level:10} {rule.topic}")
                + f"  [{rule.source.slug} §{rule.section}]\n"
                + f"{'':24}{finding.explanation}"
            )
        if report.code is None:
            self.stdout.write(f"No rules are known for {response.number}.")
        if report.breaks_requirement:
            broken = [f.rule.topic for f in report.findings if f.breaks_requirement]
            raise CommandError(f"Broken: {'; '.join(broken)}.", returncode=1)
