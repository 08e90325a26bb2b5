"""Checks of the whole knowledge base that no single model can make on its own."""

from __future__ import annotations

from http import HTTPStatus
from itertools import pairwise

from django.db.models import Count

from .claims import find_claim_problems
from .models import (
    Implementation,
    PublicationState,
    RegistryStatus,
    StatusCode,
    VendorExtension,
    numbers_with_pages,
    version_key,
)


def find_problems() -> list[str]:
    """Every problem of the curated dataset, one readable line each."""
    return [
        *published_code_problems(),
        *registered_code_problems(),
        *vendor_extension_problems(),
        *http_status_problems(),
        *implementation_problems(),
        *find_claim_problems(),
    ]


def published_code_problems() -> list[str]:
    problems = []
    codes = StatusCode.objects.published().annotate(citation_count=Count("citations"))
    for code in codes:
        if not code.summary.strip():
            problems.append(f"{code.number}: published without a summary")
        if not code.body.strip():
            problems.append(f"{code.number}: published without a body")
        if code.status_class_id != code.number // 100:
            problems.append(f"{code.number}: class {code.status_class_id}xx does not match")
        if not code.citation_count:
            problems.append(f"{code.number}: published without a citation")
    return problems


def registered_code_problems() -> list[str]:
    uncited = StatusCode.objects.filter(
        registry_status__in=[RegistryStatus.REGISTERED, RegistryStatus.TEMPORARY],
        references__isnull=True,
    )
    return [f"{code.number}: registered but has no spec reference" for code in uncited]


def find_warnings() -> list[str]:
    """What needs an editor's attention without making the dataset wrong: temporary
    registrations past their expiry, to read the registry again and record the renewal (its
    new dates) or the end (another registry status)."""
    temporary = StatusCode.objects.filter(registry_status=RegistryStatus.TEMPORARY)
    return [
        f"{code.number}: temporary registration expired on {code.registration_expires_on}; "
        f"renewal not confirmed as of {code.registration_checked_on}"
        for code in temporary
        if code.registration_expired
    ]


def vendor_extension_problems() -> list[str]:
    problems = []
    extensions = (
        VendorExtension.objects.filter(state=PublicationState.PUBLISHED)
        .select_related("vendor")
        .annotate(citation_count=Count("citations"))
    )
    for extension in extensions:
        label = f"{extension.vendor.slug} {extension.number}"
        if not extension.summary.strip():
            problems.append(f"{label}: published without a summary")
        if not extension.body.strip():
            problems.append(f"{label}: published without a body")
        if not extension.citation_count:
            problems.append(f"{label}: published without a citation")
        if not extension.vendor.is_published:
            problems.append(f"{label}: published under an unpublished vendor")
    return problems


def http_status_problems() -> list[str]:
    """Every member of Python's HTTPStatus is here, under its phrase or as an alias."""
    codes = {
        code.number: code
        for code in StatusCode.objects.filter(
            number__in=[status.value for status in HTTPStatus]
        ).prefetch_related("aliases")
    }
    problems = []
    for status in HTTPStatus:
        code = codes.get(status.value)
        if code is None:
            problems.append(f"{status.value}: in http.HTTPStatus but missing")
            continue
        names = {code.phrase.casefold(), *(alias.name.casefold() for alias in code.aliases.all())}
        if status.phrase.casefold() not in names:
            problems.append(
                f"{status.value}: http.HTTPStatus calls it {status.phrase!r}, "
                "neither its phrase nor an alias"
            )
    return problems


def implementation_problems() -> list[str]:
    """Implementation rows about numbers with a page, and never two current names for one number
    at once: at any version, one row says what an implementation sends (the others are aliases)."""
    pages = numbers_with_pages()
    problems = []
    for implementation in Implementation.objects.published().prefetch_related("codes"):
        name = implementation.slug
        if not implementation.summary.strip():
            problems.append(f"{name}: published without a summary")
        primaries: dict[int, list] = {}
        for row in implementation.codes.all():
            if row.number not in pages:
                problems.append(f"{name} {row.number}: no published page for the number")
            if not row.is_alias:
                primaries.setdefault(row.number, []).append(row)
        for number, rows in sorted(primaries.items()):
            rows.sort(key=lambda row: version_key(row.since))
            for earlier, later in pairwise(rows):
                if not earlier.until or version_key(earlier.until) >= version_key(later.since):
                    problems.append(
                        f"{name} {number}: {earlier.phrase or earlier.constant!r} "
                        f"({earlier.versions}) and {later.phrase or later.constant!r} "
                        f"({later.versions}) both hold at once; make one an alias or end it"
                    )
    return problems
