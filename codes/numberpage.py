"""What a number's page shows, as plain data: the standard code, if any, and every vendor
meaning, each with its citations. Read with prepared queries (codes.prepared), since this is
the page readers land on most, often straight from a search engine and past every cache."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F

from .models import (
    Alias,
    Evidence,
    Header,
    PublicationState,
    RegistryStatus,
    SourceKind,
    SpecReference,
    StatusCode,
    VendorExtension,
    citations_in_source_order,
    cited_by_published_sources,
)
from .prepared import prepared, read_together

CITATION_FIELDS = (
    "name_used",
    "url",
    "is_webdav",
    "is_experimental",
    "is_deprecated",
    "checked_on",
    "note",
    "disagrees",
)
SOURCE_FIELDS = {
    "source_slug": F("source__slug"),
    "source_title": F("source__title"),
    "source_kind": F("source__kind"),
}


@prepared
def published_code(number):
    return (
        StatusCode.objects.published()
        .filter(number=number)
        .values(
            "id",
            "number",
            "phrase",
            "summary",
            "body",
            "registry_status",
            "is_deprecated",
            "is_experimental",
            "is_obsolete",
            "state",
            "created",
            "modified",
            class_digit=F("status_class__digit"),
            class_name=F("status_class__name"),
        )
    )


@prepared
def references(code_id):
    return SpecReference.objects.filter(code_id=code_id).values(
        "section", "url", "is_defining", **SOURCE_FIELDS
    )


@prepared
def aliases(code_id):
    return Alias.objects.filter(code_id=code_id).values(
        "name", "note", origin_slug=F("origin__slug"), origin_title=F("origin__title")
    )


@prepared
def related_codes(code_id):
    return (
        StatusCode.objects.published().filter(related_codes__id=code_id).values("number", "phrase")
    )


@prepared
def related_headers(code_id):
    return Header.objects.filter(codes__id=code_id).values("name", "summary", "url")


@prepared
def code_citations(code_id):
    return (
        cited_by_published_sources()
        .filter(status_code_id=code_id)
        .values(*CITATION_FIELDS, **SOURCE_FIELDS)
    )


@prepared
def published_extensions(number):
    return (
        VendorExtension.objects.published()
        .filter(number=number)
        .values(
            "id",
            "number",
            "phrase",
            "product",
            "summary",
            "body",
            "evidence",
            "evidence_url",
            "is_deprecated",
            vendor_slug=F("vendor__slug"),
            vendor_name=F("vendor__name"),
        )
    )


@prepared
def citations_of_extensions(number):
    # Sources are checked in Python: given a condition on the source's state, SQLite without
    # planner statistics starts from every published source (36 ms at 100x data, not 6).
    return (
        citations_in_source_order()
        .filter(vendor_extension__in=VendorExtension.objects.published_ids(number))
        .values(
            "vendor_extension_id",
            *CITATION_FIELDS,
            **SOURCE_FIELDS,
            source_state=F("source__state"),
        )
    )


# What a code's page lists, each read by the code's id.
CODE_READS = {
    "references": references,
    "aliases": aliases,
    "related_codes": related_codes,
    "related_headers": related_headers,
    "citations": code_citations,
}


def with_labels(citations: list[dict], phrase: str) -> list[dict]:
    """Adds the source kind's label, and whether the source calls the meaning by another name
    than `phrase`."""
    for citation in citations:
        citation["source_kind_label"] = SourceKind(citation["source_kind"]).label
        name = citation["name_used"]
        citation["other_name"] = bool(name) and name.lower() != phrase.lower()
    return citations


def number_page(number: int, *, extension_citations: bool = True) -> dict | None:
    """The code and vendor meanings of a number as dicts, or None if it has neither (the API
    shows no citations of vendor meanings, and leaves them out)."""
    codes, extensions = read_together(
        (published_code, (number,)), (published_extensions, (number,))
    )
    if not codes and not extensions:
        return None
    code = codes[0] if codes else None
    # The rest in one go: what the code has, and what sources say of the vendor meanings.
    code_reads = CODE_READS if code else {}
    reads = [(query, (code["id"],)) for query in code_reads.values()]
    if extensions and extension_citations:
        reads.append((citations_of_extensions, (number,)))
    results = read_together(*reads)
    if code:
        code["registry_status_label"] = RegistryStatus(code["registry_status"]).label
        code.update(zip(code_reads, results, strict=False))
        with_labels(code["citations"], code["phrase"])
    for extension in extensions:
        extension["evidence_label"] = Evidence(extension["evidence"]).label
    if extensions and extension_citations:
        by_extension = defaultdict(list)
        for citation in results[-1]:
            if citation["source_state"] == PublicationState.PUBLISHED:
                by_extension[citation["vendor_extension_id"]].append(citation)
        for extension in extensions:
            extension["citations"] = with_labels(by_extension[extension["id"]], extension["phrase"])
    return {"code": code, "extensions": extensions}
