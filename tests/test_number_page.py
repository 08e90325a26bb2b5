"""The number page's data, read with prepared queries: what the ORM reads, published only."""

import pytest
from django.db import connection

from codes.models import PublicationState, RegistryStatus, StatusCode, VendorExtension
from codes.numberpage import citations_of_extensions, number_page
from tests.factories import (
    CitationFactory,
    SourceFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT


def plain_citations(citations):
    return [
        (citation.source.slug, citation.source.title, citation.name_used, citation.checked_on)
        for citation in citations
    ]


def expected_number_page(number):
    """The same page read the ORM's way (the queries the page used before)."""
    code = StatusCode.objects.published().with_detail().filter(number=number).first()
    extensions = VendorExtension.objects.published().with_detail().filter(number=number)
    return {
        "code": code
        and {
            "phrase": code.phrase,
            "class": (code.status_class.digit, code.status_class.name),
            "status": code.get_registry_status_display(),
            "references": [
                (ref.source.slug, ref.section, ref.is_defining) for ref in code.references.all()
            ],
            "aliases": [
                (alias.name, alias.origin and alias.origin.slug) for alias in code.aliases.all()
            ],
            "related": [(other.number, other.phrase) for other in code.related_codes.all()],
            "headers": [header.name for header in code.related_headers.all()],
            "citations": plain_citations(code.citations.all()),
        },
        "extensions": [
            (
                ext.vendor.slug,
                ext.phrase,
                ext.get_evidence_display(),
                plain_citations(ext.citations.all()),
            )
            for ext in extensions
        ],
    }


def read_number_page(number):
    page = number_page(number)
    if page is None:
        return None

    def citations(rows):
        return [
            (c["source_slug"], c["source_title"], c["name_used"], c["checked_on"]) for c in rows
        ]

    code = page["code"]
    return {
        "code": code
        and {
            "phrase": code["phrase"],
            "class": (code["class_digit"], code["class_name"]),
            "status": code["registry_status_label"],
            "references": [
                (ref["source_slug"], ref["section"], ref["is_defining"])
                for ref in code["references"]
            ],
            "aliases": [(alias["name"], alias["origin_slug"]) for alias in code["aliases"]],
            "related": [(other["number"], other["phrase"]) for other in code["related_codes"]],
            "headers": [header["name"] for header in code["related_headers"]],
            "citations": citations(code["citations"]),
        },
        "extensions": [
            (ext["vendor_slug"], ext["phrase"], ext["evidence_label"], citations(ext["citations"]))
            for ext in page["extensions"]
        ],
    }


def test_every_number_of_the_dataset_reads_as_the_orm_reads_it(dataset):
    numbers = set(StatusCode.objects.values_list("number", flat=True))
    numbers |= set(VendorExtension.objects.values_list("number", flat=True))
    assert len(numbers) > 80
    for number in sorted(numbers):
        assert read_number_page(number) == expected_number_page(number), number
    assert number_page(299) is None


def test_what_is_not_published_stays_off_the_number_page():
    code = StatusCodeFactory(number=290, registry_status=RegistryStatus.REGISTERED)
    code.related_codes.add(
        StatusCodeFactory(number=291, state=DRAFT), StatusCodeFactory(number=292)
    )
    CitationFactory(status_code=code, source=SourceFactory(slug="draft-one", state=DRAFT))
    CitationFactory(status_code=code, source=SourceFactory(slug="shown-one"))
    hidden_vendor = VendorFactory(state=DRAFT)
    VendorExtensionFactory(number=290, vendor=hidden_vendor)
    VendorExtensionFactory(number=290, state=DRAFT)
    shown = VendorExtensionFactory(number=290, vendor=VendorFactory(slug="shown-vendor"))
    CitationFactory(
        status_code=None, vendor_extension=shown, source=SourceFactory(slug="shown-two")
    )
    CitationFactory(
        status_code=None,
        vendor_extension=shown,
        source=SourceFactory(slug="draft-two", state=DRAFT),
    )
    StatusCodeFactory(number=293, state=DRAFT)

    page = read_number_page(290)
    assert page == expected_number_page(290)
    assert page["code"]["related"] == [(292, code.related_codes.get(number=292).phrase)]
    assert [citation[0] for citation in page["code"]["citations"]] == ["shown-one"]
    assert [(slug, [c[0] for c in cites]) for slug, _, _, cites in page["extensions"]] == [
        ("shown-vendor", ["shown-two"])
    ]
    assert number_page(293) is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, without statistics")
def test_citations_of_vendor_meanings_are_found_from_the_meanings_not_the_sources():
    sql, params = citations_of_extensions.statement(444)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " / ".join(row[3] for row in cursor.fetchall())
    assert plan.startswith("SEARCH statuskb_citation USING INDEX"), plan
    assert "vendor_extension_id=?" in plan.split(" / ")[0], plan


def test_a_citation_is_marked_when_its_source_uses_another_name_than_the_meaning():
    code = StatusCodeFactory(number=477, phrase="Not Found")
    extension = VendorExtensionFactory(number=477, phrase="Page Gone")
    names = {"": False, "not found": False, "Object Not Found": True, "page gone": True}
    for name in names:
        CitationFactory(status_code=code, name_used=name)
        CitationFactory(status_code=None, vendor_extension=extension, name_used=name)
    page = number_page(477)
    marks = {c["name_used"]: c["other_name"] for c in page["code"]["citations"]}
    assert marks == names
    marks = {c["name_used"]: c["other_name"] for c in page["extensions"][0]["citations"]}
    assert marks == {"": False, "not found": True, "Object Not Found": True, "page gone": False}
