from django.core.management.base import BaseCommand, CommandError

from codes.models import Implementation, numbers_with_pages, version_key
from codes.probes import NotHere, compare
from codes.probes.registry import CHECKED_HERE, readings


class Command(BaseCommand):
    help = (
        "Compare each implementation's rows with the software installed here (servers started "
        "on a loopback port, runtimes and frameworks through their own tables), for every number "
        "with a page; exit non-zero on any difference. Says which rows were verified live and "
        "which rest on their citations."
    )

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="*", help="Only these implementations.")
        parser.add_argument(
            "--python",
            action="append",
            default=[],
            metavar="EXECUTABLE",
            help="Also check http.HTTPStatus of this interpreter (repeatable).",
        )
        parser.add_argument(
            "--require-all",
            action="store_true",
            help="Fail when software that could be checked is not installed.",
        )

    def handle(self, *args, slugs, python, require_all, **options):
        numbers = numbers_with_pages()
        implementations = Implementation.objects.published().prefetch_related("codes")
        if slugs:
            implementations = implementations.filter(slug__in=slugs)
            if unknown := set(slugs) - {i.slug for i in implementations}:
                raise CommandError(f"No published implementation: {', '.join(sorted(unknown))}")
        problems = []
        for implementation in implementations:
            problems += self.verify(implementation, numbers, python, require_all)
        if problems:
            for problem in problems:
                self.stderr.write(f"- {problem}")
            raise CommandError(f"{len(problems)} difference(s) from the software here.")
        self.stdout.write(self.style.SUCCESS("Every row checked here agrees with the software."))

    def verify(self, implementation, numbers, pythons, require_all) -> list[str]:
        rows = [row for row in implementation.codes.all() if row.number in numbers]
        name = implementation.name
        if implementation.slug not in CHECKED_HERE:
            self.stdout.write(f"{name}: {len(rows)} rows rest on their citations.")
            return []
        try:
            found = readings(implementation.slug, numbers, pythons)
        except NotHere as missing:
            self.stdout.write(
                f"{name}: not checked ({missing}); {len(rows)} rows rest on citations."
            )
            return [f"{name}: {missing}"] if require_all else []
        problems = []
        live = set()
        for reading in found:
            if version_key(reading.version) < version_key(implementation.history_from):
                self.stdout.write(
                    f"{name} {reading.version}: older than the history the rows cover "
                    f"(from {implementation.history_from}); not compared."
                )
                continue
            differences, agreed = compare(rows, reading, numbers)
            live |= {row.pk for row in rows if row.holds_at(reading.version)}
            self.stdout.write(f"{name} {reading.version}: {agreed} rows verified live.")
            problems += [f"{name} {reading.version}: {difference}" for difference in differences]
            recorded = implementation.verified_version_list
            if reading.version in recorded:
                continue
            message = (
                f"{name} {reading.version} runs here, but the dataset says it was verified "
                f"against {implementation.verified_versions or 'no version'}"
            )
            if any(same_series(reading.version, version) for version in recorded):
                # A distribution's patch release of a recorded series (a security update): the
                # rows were just compared with it, so only the record lags.
                self.stdout.write(f"{message}; the rows agree with it: add the version.")
            else:
                problems.append(f"{message}: check the rows and add the version.")
        self.stdout.write(f"{name}: {len(rows) - len(live)} rows rest on their citations.")
        return problems


def same_series(version: str, other: str) -> bool:
    """Whether two versions differ in their last part only: 17.0.21 and 17.0.15."""
    key, other_key = version_key(version), version_key(other)
    return len(key) == len(other_key) > 1 and key[:-1] == other_key[:-1]
