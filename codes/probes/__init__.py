"""What the software installed here sends and names for each number, read from the software
itself, and how that compares with the dataset's implementation rows.

Each probe returns a Reading: the version it ran and, per number it knows, the reason phrase it
sends and the constants that name it. Servers are started and asked for every number; runtimes
and frameworks are asked through their own tables. A probe whose software is not installed
raises NotHere.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


class NotHere(Exception):
    """The software a probe needs is not installed on this machine."""


@dataclass(frozen=True)
class Named:
    """What an implementation does with one number: the phrase it sends, the constants that
    name it, and, for servers, the number it answers with (None: it closes the connection)."""

    phrase: str = ""
    constants: frozenset[str] = frozenset()
    sends: int | None = 0  # 0: the number itself

    def __str__(self):
        if self.sends is None:
            return "closes the connection without answering"
        parts = [f"phrase {self.phrase!r}"]
        if self.sends:
            parts.insert(0, f"answers {self.sends}")
        if self.constants:
            parts.append("constants " + ", ".join(sorted(self.constants)))
        return "; ".join(parts)


@dataclass
class Reading:
    version: str
    names: dict[int, Named] = field(default_factory=dict)
    # A server's status lines say nothing of the constants in its source: those rows rest on
    # their citations.
    reads_constants: bool = True


@dataclass(frozen=True)
class Difference:
    number: int
    expected: Named | None  # None: the dataset has no row holding at this version
    observed: Named | None  # None: the software does not know the number

    def __str__(self):
        expected = self.expected or "nothing"
        observed = self.observed or "nothing"
        return f"{self.number}: the dataset says {expected}, the software {observed}"


def expected_at(rows, version: str) -> dict[int, Named]:
    """What the rows say the implementation does at that version, per number."""
    expected: dict[int, Named] = {}
    for row in rows:
        if not row.holds_at(version):
            continue
        named = expected.get(row.number, Named())
        constants = named.constants | ({row.constant} - {""})
        if row.is_alias:
            expected[row.number] = Named(named.phrase, constants, named.sends)
        else:
            sends = None if row.closes_connection else (row.sends_instead or 0)
            expected[row.number] = Named(row.phrase, constants, sends)
    return expected


def compare(rows, reading: Reading, numbers) -> tuple[list[Difference], int]:
    """The numbers where the dataset and the software disagree, and how many rows agreed."""
    expected = expected_at(rows, reading.version)
    if not reading.reads_constants:
        expected = {
            number: replace(named, constants=frozenset()) for number, named in expected.items()
        }
    differences = [
        Difference(number, expected.get(number), reading.names.get(number))
        for number in sorted(numbers)
        if expected.get(number) != reading.names.get(number)
    ]
    agreed = sum(
        1
        for row in rows
        if row.number in numbers
        and row.holds_at(reading.version)
        and expected[row.number] == reading.names.get(row.number)
    )
    return differences, agreed
