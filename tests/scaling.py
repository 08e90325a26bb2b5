"""Synthetic data on top of the shipped dataset, to see how pages behave with more of it.

`scale_up(factor)` adds records of every kind, so that there are about `factor` times as many
(its docstring says where that falls short). It is deterministic, uses bulk_create, and is
meant for query-count tests and benchmarks alike: call it inside a test (the test's
transaction rolls it back) or on a scratch database.
"""

from __future__ import annotations

import datetime
from itertools import count

from django.db import transaction

from codes.cache import invalidate
from codes.models import (
    Alias,
    Citation,
    Evidence,
    Header,
    Implementation,
    ImplementationCategory,
    ImplementationCode,
    PublicationState,
    RegistryStatus,
    Rule,
    RuleAspect,
    RuleCheck,
    RuleLevel,
    RuleParty,
    Source,
    SourceKind,
    SpecReference,
    StatusCode,
    Vendor,
    VendorExtension,
)

PUBLISHED = PublicationState.PUBLISHED
CHECKED_ON = datetime.date(2026, 1, 15)
FIRST_NUMBER, LAST_NUMBER = 100, 599


def scale_up(factor: int = 10) -> dict[str, int]:
    """Grow the data to about `factor` times its size; return how many rows of each were added.

    Sources, headers, vendors, vendor codes and citations grow `factor` times. Sources keep the
    existing mix of kinds, and each new standard obsoletes an older one. Status codes take the
    numbers no code or vendor code uses yet, so vendor-only numbers stay vendor-only; each class
    grows `factor` times as far as its free numbers allow (at 10, 63 codes become 409). Every
    code, new or existing, gets an alias, spec references, related codes and related headers,
    so those tables grow by their own ratios. Vendor codes go to old and new vendors alike, half
    of them on the numbers vendors already use (444, 451, 499, ...), the rest over 100-599.
    Citations cover codes and vendor codes from every source; one in ten disagrees.
    Implementations grow `factor` times; each existing one gains a row for one code in five it
    has none for, each new one for one code in 25, and one in five of those rows is a rename (an
    old row and a new one).
    Everything is published, and a third of the new summaries say "retry", for word searches.

    A factor of 1 adds nothing.
    """
    if factor < 1:
        raise ValueError("The factor must be at least 1.")
    extra = factor - 1
    added: dict[str, int] = {}
    if not extra:
        return added
    with transaction.atomic():
        sources = _add_sources(extra, added)
        headers = _add_headers(extra, added)
        codes = _add_codes(extra, sources, headers, added)
        extensions = _add_vendor_codes(extra, added)
        _add_citations(extra, codes, extensions, added)
        _add_implementations(extra, codes, added)
        invalidate()  # bulk_create sends no signals
    return added


def _add_sources(extra: int, added: dict) -> list[Source]:
    existing = list(Source.objects.order_by("pk"))
    new = Source.objects.bulk_create(
        Source(
            slug=f"synthetic-source-{i}",
            title=f"Synthetic source {i}",
            kind=model.kind,
            author=f"Author {i % 17}",
            publisher=f"Publisher {i % 5}",
            url=f"https://example.org/sources/{i}",
            published_on=datetime.date(2000 + i % 25, 1 + i % 12, 1),
            summary=f"A synthetic {model.kind} for scale tests.",
            state=PUBLISHED,
        )
        for i, model in enumerate(existing * extra)
    )
    added["sources"] = len(new)

    # Each new standard obsoletes the one before it, and every existing standard obsoletes one.
    standards = [source for source in new if source.kind == SourceKind.STANDARD]
    old_standards = [source for source in existing if source.kind == SourceKind.STANDARD]
    pairs = list(zip(standards[1:], standards, strict=False))
    pairs += list(zip(old_standards, standards[::-1], strict=False))
    through = Source.obsoletes.through
    through.objects.bulk_create(
        through(from_source_id=newer.pk, to_source_id=older.pk) for newer, older in pairs
    )
    added["obsoletes"] = len(pairs)
    return existing + new


def _add_headers(extra: int, added: dict) -> list[Header]:
    """The new headers only: attaching them cannot repeat a code's existing header."""
    existing = Header.objects.count()
    new = Header.objects.bulk_create(
        Header(
            name=f"X-Synthetic-{i}",
            summary=f"A synthetic header, number {i}.",
            url=f"https://example.org/headers/{i}" if i % 2 else "",
        )
        for i in range(existing * extra)
    )
    added["headers"] = len(new)
    return new


def _add_codes(extra: int, sources: list[Source], headers: list[Header], added: dict):
    existing = list(StatusCode.objects.order_by("number"))
    used = {code.number for code in existing}
    used |= set(VendorExtension.objects.values_list("number", flat=True))
    numbers = []
    for digit in range(1, 6):
        in_class = sum(1 for code in existing if code.number // 100 == digit)
        free = [n for n in range(digit * 100, digit * 100 + 100) if n not in used]
        wanted = min(len(free), in_class * extra)
        if wanted:
            numbers += free[:: len(free) // wanted][:wanted]
    registry_statuses = [RegistryStatus.UNREGISTERED, RegistryStatus.RESERVED]
    new = StatusCode.objects.bulk_create(
        StatusCode(
            number=number,
            phrase=f"Synthetic {number}",
            status_class_id=number // 100,
            summary=_summary(f"Synthetic code {number}", i),
            body=f"The synthetic code **{number}**.\n\n- one point\n- another point\n",
            registry_status=registry_statuses[i % 2],
            is_deprecated=i % 5 == 0,
            is_experimental=i % 7 == 0,
            state=PUBLISHED,
        )
        for i, number in enumerate(numbers)
    )
    added["status codes"] = len(new)
    codes = existing + new
    is_new = {code.pk for code in new}
    standards = [source for source in sources if source.kind == SourceKind.STANDARD]

    aliases = [
        Alias(
            code=code,
            name=f"Synthetic name {i}",
            origin=None if i % 4 == 0 else sources[i % len(sources)],
            note="A name from a synthetic source." if i % 2 else "",
        )
        for i, code in enumerate(codes)
    ]
    added["aliases"] = len(Alias.objects.bulk_create(aliases))

    references = [
        SpecReference(
            code=code,
            source=standards[(i + step) % len(standards)],
            section=f"{i % 20}.{step}",
            url=f"https://example.org/spec/{code.number}#{step}" if step else "",
            is_defining=step == 0,
        )
        for i, code in enumerate(codes)
        for step in range(2 if code.pk in is_new else 1)
    ]
    added["spec references"] = len(SpecReference.objects.bulk_create(references))

    # Every code gets a rule, new codes two (a third of them about a header
    # field), on 40 shared topics: the rules page groups codes by topic.
    aspects = RuleAspect.values
    rules = [
        Rule(
            code=code,
            topic=f"Synthetic topic {(i + step * 7) % 40}",
            aspect=aspects[step % len(aspects)],
            level=RuleLevel.values[(i + step) % len(RuleLevel.values)],
            party=RuleParty.values[i % len(RuleParty.values)],
            header=headers[i % len(headers)] if step % 3 == 0 else None,
            checked_by=RuleCheck.HEADER_PRESENT if step % 3 == 0 else RuleCheck.NONE,
            statement=f"A synthetic rule of {code.number}.",
            source=standards[(i + step) % len(standards)],
            section=f"{i % 20}.{step}",
            url=f"https://example.org/spec/{code.number}#rule-{step}",
        )
        for i, code in enumerate(codes)
        for step in range(2 if code.pk in is_new else 1)
    ]
    added["rules"] = len(Rule.objects.bulk_create(rules))

    # Each new code is related to the next new code and to an existing one; the relation is
    # symmetrical, so both directions are stored.
    links = {frozenset((a.pk, b.pk)) for a, b in zip(new, new[1:], strict=False)}
    links |= {frozenset((code.pk, existing[i % len(existing)].pk)) for i, code in enumerate(new)}
    through = StatusCode.related_codes.through
    rows = [
        through(from_statuscode_id=a, to_statuscode_id=b)
        for pair in links
        for a, b in (tuple(pair), tuple(pair)[::-1])
    ]
    added["related codes"] = len(through.objects.bulk_create(rows)) // 2

    through = StatusCode.related_headers.through
    rows = [
        through(statuscode_id=code.pk, header_id=headers[(i * 3 + step) % len(headers)].pk)
        for i, code in enumerate(codes)
        for step in range(2 if code.pk in is_new else 1)
    ]
    added["related headers"] = len(through.objects.bulk_create(rows))
    return codes


def _add_vendor_codes(extra: int, added: dict) -> list[VendorExtension]:
    existing_vendors = list(Vendor.objects.order_by("pk"))
    new_vendors = Vendor.objects.bulk_create(
        Vendor(
            slug=f"synthetic-vendor-{i}",
            name=f"Synthetic Vendor {i}",
            url=f"https://vendor{i}.example.org/",
            summary=f"A synthetic vendor, number {i}.",
            state=PUBLISHED,
        )
        for i in range(len(existing_vendors) * extra)
    )
    added["vendors"] = len(new_vendors)
    vendors = existing_vendors + new_vendors

    existing = list(VendorExtension.objects.order_by("pk"))
    taken = {(extension.vendor_id, extension.number) for extension in existing}
    favourites = sorted({extension.number for extension in existing})
    span = LAST_NUMBER - FIRST_NUMBER + 1
    new = []
    for i in range(len(existing) * extra):
        vendor = vendors[i % len(vendors)]
        if i % 2 == 0 and favourites:
            number = favourites[(i // 2) % len(favourites)]
        else:
            number = FIRST_NUMBER + (i * 37) % span
        while (vendor.pk, number) in taken:
            number = FIRST_NUMBER + (number - FIRST_NUMBER + 1) % span
        taken.add((vendor.pk, number))
        documented = i % 3 == 0
        new.append(
            VendorExtension(
                vendor=vendor,
                number=number,
                phrase=f"Synthetic {vendor.slug} {number}",
                product=f"Product {i % 13}" if i % 2 else "",
                summary=_summary(f"Synthetic vendor code {number}", i),
                body=f"What {vendor.name} means by **{number}**.",
                evidence=Evidence.VENDOR_DOCS if documented else Evidence.REPORTED,
                evidence_url=f"https://vendor.example.org/docs/{i}" if documented else "",
                is_deprecated=i % 6 == 0,
                state=PUBLISHED,
            )
        )
    added["vendor codes"] = len(VendorExtension.objects.bulk_create(new))
    return existing + new


def _add_citations(extra, codes, extensions, added) -> None:
    sources = list(Source.objects.order_by("pk"))
    existing = list(
        Citation.objects.values_list("source_id", "status_code_id", "vendor_extension_id")
    )
    taken = set(existing)
    subjects = [(code.pk, None) for code in codes] + [(None, ext.pk) for ext in extensions]
    wanted = len(existing) * extra
    citations: list[Citation] = []
    for round_ in count():
        if len(citations) >= wanted or round_ >= len(sources):
            break
        for j, (code_id, extension_id) in enumerate(subjects):
            if len(citations) >= wanted:
                break
            source = sources[(j * 11 + round_ * 17) % len(sources)]
            if (source.pk, code_id, extension_id) in taken:
                continue
            taken.add((source.pk, code_id, extension_id))
            n = len(citations)
            disagrees = n % 10 == 0
            citations.append(
                Citation(
                    source_id=source.pk,
                    status_code_id=code_id,
                    vendor_extension_id=extension_id,
                    name_used=f"Synthetic name {n % 7}" if n % 7 == 0 else "",
                    is_webdav=n % 11 == 0,
                    is_experimental=n % 13 == 0,
                    is_deprecated=n % 17 == 0,
                    url=f"https://example.org/cited/{n}" if n % 2 else "",
                    checked_on=CHECKED_ON,
                    note="Says something else." if disagrees else "",
                    disagrees=disagrees,
                )
            )
    added["citations"] = len(Citation.objects.bulk_create(citations))


def _add_implementations(extra: int, codes: list[StatusCode], added: dict) -> None:
    existing = list(Implementation.objects.order_by("pk"))
    categories = ImplementationCategory.values
    new = Implementation.objects.bulk_create(
        Implementation(
            slug=f"synthetic-implementation-{i}",
            name=f"Synthetic Implementation {i}",
            category=categories[i % len(categories)],
            language=f"Language {i % 7}",
            url=f"https://implementation{i}.example.org/",
            summary=f"A synthetic implementation, number {i}.",
            verified_versions="1.0" if i % 2 else "",
            state=PUBLISHED,
        )
        for i in range(len(existing) * extra)
    )
    added["implementations"] = len(new)
    covered = set(ImplementationCode.objects.values_list("implementation_id", "number"))
    rows = []
    is_new = {implementation.pk for implementation in new}
    for j, implementation in enumerate(existing + new):
        share = 25 if implementation.pk in is_new else 5
        for i, code in enumerate(codes):
            if (implementation.pk, code.number) in covered or (i + j) % share:
                continue
            renamed = i % 5 == 0
            rows.append(
                ImplementationCode(
                    implementation=implementation,
                    number=code.number,
                    phrase=f"Old {code.phrase}" if renamed else code.phrase,
                    constant=f"SYNTHETIC_{code.number}",
                    until="0.9" if renamed else "",
                    url=f"https://implementation.example.org/source#L{code.number}",
                )
            )
            if renamed:
                rows.append(
                    ImplementationCode(
                        implementation=implementation,
                        number=code.number,
                        phrase=code.phrase,
                        constant=f"SYNTHETIC_{code.number}_NEW",
                        since="1.0",
                        url=f"https://implementation.example.org/source#L{code.number}",
                    )
                )
    added["implementation codes"] = len(ImplementationCode.objects.bulk_create(rows))


def _summary(text: str, i: int) -> str:
    return f"{text}; clients may retry later." if i % 3 == 0 else f"{text}."
