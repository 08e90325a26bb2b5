import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from codes.models import (
    Citation,
    Evidence,
    PublicationState,
    StatusClass,
    StatusCode,
    Vendor,
    VendorExtension,
)
from tests.factories import (
    AliasFactory,
    CitationFactory,
    SourceFactory,
    SpecReferenceFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused_by_database(callable_):
    with pytest.raises(IntegrityError), transaction.atomic():
        callable_()


def test_status_classes_created_by_migration():
    assert list(StatusClass.objects.values_list("digit", "name")) == [
        (1, "Informational"),
        (2, "Successful"),
        (3, "Redirection"),
        (4, "Client error"),
        (5, "Server error"),
    ]
    assert StatusClass.objects.get(digit=4).label == "4xx"


@pytest.mark.parametrize("number", [99, 600, 0, 1000])
def test_status_code_number_out_of_range_is_invalid(number):
    code = StatusCode(number=number, phrase="Nope", status_class_id=4)
    with pytest.raises(ValidationError) as excinfo:
        code.full_clean()
    assert "number" in excinfo.value.message_dict


@pytest.mark.parametrize("number", [99, 600])
def test_status_code_number_out_of_range_is_refused_by_database(number):
    assert_refused_by_database(
        lambda: StatusCode.objects.create(number=number, phrase="Nope", status_class_id=4)
    )


def test_status_code_class_mismatch_is_invalid_with_clear_message():
    code = StatusCode(number=404, phrase="Not Found", status_class_id=5)
    with pytest.raises(ValidationError) as excinfo:
        code.full_clean()
    assert excinfo.value.message_dict["status_class"] == ["404 belongs to the 4xx class, not 5xx."]


def test_status_code_class_mismatch_is_refused_by_database():
    assert_refused_by_database(
        lambda: StatusCode.objects.create(number=404, phrase="Not Found", status_class_id=5)
    )


def test_status_code_matching_class_is_valid():
    StatusCode(number=599, phrase="Edge", status_class_id=5, summary="s").full_clean()


def test_status_code_duplicate_number_is_invalid_and_refused():
    StatusCodeFactory(number=404)
    duplicate = StatusCode(number=404, phrase="Again", status_class_id=4)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert "number" in excinfo.value.message_dict
    assert_refused_by_database(duplicate.save)


def test_status_code_unknown_state_is_refused_by_database():
    code = StatusCodeFactory.build(number=404, state="secret")
    with pytest.raises(ValidationError):
        code.full_clean()
    assert_refused_by_database(code.save)


def test_status_code_unknown_registry_status_is_refused_by_database():
    assert_refused_by_database(lambda: StatusCodeFactory(number=404, registry_status="maybe"))


def test_published_returns_only_published_entries():
    published = StatusCodeFactory(number=200, state=PublicationState.PUBLISHED)
    StatusCodeFactory(number=201, state=PublicationState.DRAFT)
    StatusCodeFactory(number=202, state=PublicationState.IN_REVIEW)
    assert list(StatusCode.objects.published()) == [published]


def test_in_class_filters_by_first_digit():
    StatusCodeFactory(number=200)
    not_found = StatusCodeFactory(number=404)
    assert list(StatusCode.objects.in_class(4)) == [not_found]


def test_related_codes_are_symmetrical():
    moved = StatusCodeFactory(number=301)
    permanent = StatusCodeFactory(number=308)
    moved.related_codes.add(permanent)
    assert list(permanent.related_codes.all()) == [moved]


def test_timestamps_are_set_on_create_and_bumped_on_save():
    code = StatusCodeFactory(number=404)
    first_modified = code.modified
    assert code.created <= first_modified
    code.phrase = "Not Found"
    code.save(update_fields=["phrase"])
    code.refresh_from_db()
    assert code.modified > first_modified


def test_vendor_extension_duplicate_per_vendor_is_invalid_and_refused():
    nginx = VendorFactory(slug="nginx", name="nginx")
    VendorExtensionFactory(vendor=nginx, number=499)
    duplicate = VendorExtension(vendor=nginx, number=499, phrase="Again")
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.messages == ["This vendor already has a code with that number."]
    assert_refused_by_database(duplicate.save)


def test_vendor_extension_same_number_for_another_vendor_is_fine():
    VendorExtensionFactory(number=499, vendor=VendorFactory(slug="nginx", name="nginx"))
    esri = VendorExtensionFactory.build(number=499, vendor=VendorFactory(slug="esri", name="Esri"))
    esri.full_clean()
    esri.save()
    assert VendorExtension.objects.filter(number=499).count() == 2


def test_vendor_extension_number_out_of_range_is_refused():
    vendor = VendorFactory()
    extension = VendorExtension(vendor=vendor, number=999, phrase="Nope")
    with pytest.raises(ValidationError) as excinfo:
        extension.full_clean()
    assert "number" in excinfo.value.message_dict
    assert_refused_by_database(extension.save)


@pytest.mark.parametrize("evidence", [Evidence.VENDOR_DOCS, Evidence.VENDOR_SOURCE])
def test_vendor_extension_vendor_evidence_needs_a_url(evidence):
    extension = VendorExtensionFactory.build(
        vendor=VendorFactory(), evidence=evidence, evidence_url=""
    )
    with pytest.raises(ValidationError) as excinfo:
        extension.full_clean()
    assert excinfo.value.messages == ["The vendor's documentation or source needs its URL."]
    assert_refused_by_database(extension.save)


def test_vendor_delete_is_protected_while_it_has_extensions():
    extension = VendorExtensionFactory()
    with pytest.raises(Exception, match="protected"):
        extension.vendor.delete()
    assert Vendor.objects.filter(pk=extension.vendor.pk).exists()


def test_citation_duplicate_per_source_and_code_is_invalid_and_refused():
    citation = CitationFactory()
    duplicate = Citation(
        source=citation.source,
        status_code=citation.status_code,
        checked_on=datetime.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.messages == ["This source already has a citation for that code."]
    assert_refused_by_database(duplicate.save)


def test_citation_duplicate_per_source_and_vendor_extension_is_refused():
    extension = VendorExtensionFactory()
    citation = CitationFactory(status_code=None, vendor_extension=extension)
    duplicate = Citation(
        source=citation.source, vendor_extension=extension, checked_on=citation.checked_on
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    assert_refused_by_database(duplicate.save)


def test_citation_needs_exactly_one_subject():
    source = SourceFactory()
    neither = Citation(source=source, checked_on=datetime.date(2026, 1, 1))
    both = Citation(
        source=source,
        status_code=StatusCodeFactory(number=404),
        vendor_extension=VendorExtensionFactory(),
        checked_on=datetime.date(2026, 1, 1),
    )
    for citation in (neither, both):
        with pytest.raises(ValidationError) as excinfo:
            citation.full_clean()
        assert excinfo.value.messages == [
            "A citation is about either a status code or a vendor extension."
        ]
        assert_refused_by_database(citation.save)


def test_citation_disagreement_needs_a_note():
    citation = CitationFactory.build(
        source=SourceFactory(), status_code=StatusCodeFactory(number=404), disagrees=True
    )
    with pytest.raises(ValidationError) as excinfo:
        citation.full_clean()
    assert excinfo.value.messages == ["Say in the note where the source disagrees."]
    assert_refused_by_database(citation.save)


def test_source_cannot_be_edited_before_it_was_published():
    source = SourceFactory.build(
        published_on=datetime.date(2024, 1, 2), edited_on=datetime.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        source.full_clean()
    assert excinfo.value.messages == ["A source cannot be edited before it was published."]
    assert_refused_by_database(source.save)


def test_source_delete_is_protected_while_cited():
    citation = CitationFactory()
    with pytest.raises(Exception, match="protected"):
        citation.source.delete()


def test_alias_duplicate_name_per_code_is_refused():
    alias = AliasFactory()
    duplicate = AliasFactory.build(code=alias.code, name=alias.name, origin=None)
    with pytest.raises(ValidationError) as excinfo:
        duplicate.full_clean()
    assert excinfo.value.messages == ["This code already has an alias with that name."]
    assert_refused_by_database(duplicate.save)


def test_spec_reference_duplicate_section_is_refused():
    reference = SpecReferenceFactory()
    duplicate = SpecReferenceFactory.build(
        code=reference.code, source=reference.source, section=reference.section
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    assert_refused_by_database(duplicate.save)


@pytest.mark.parametrize(
    ("factory", "expected"),
    [
        (lambda: StatusCodeFactory(number=404), (404,)),
        (lambda: SourceFactory(slug="rfc9110"), ("rfc9110",)),
        (lambda: VendorFactory(slug="nginx"), ("nginx",)),
        (
            lambda: VendorExtensionFactory(vendor=VendorFactory(slug="nginx"), number=444),
            ("nginx", 444),
        ),
        (lambda: AliasFactory(code=StatusCodeFactory(number=413), name="Old"), (413, "Old")),
        (
            lambda: CitationFactory(
                source=SourceFactory(slug="mdn"), status_code=StatusCodeFactory(number=308)
            ),
            ("mdn", 308),
        ),
        (
            lambda: CitationFactory(
                source=SourceFactory(slug="mdn"),
                status_code=None,
                vendor_extension=VendorExtensionFactory(
                    vendor=VendorFactory(slug="nginx"), number=499
                ),
            ),
            ("mdn", 499, "nginx"),
        ),
    ],
)
def test_natural_keys_round_trip(factory, expected):
    instance = factory()
    assert instance.natural_key() == expected
    manager = type(instance)._default_manager
    assert manager.get_by_natural_key(*expected) == instance


def test_string_representations():
    code = StatusCodeFactory(number=404, phrase="Not Found")
    extension = VendorExtensionFactory(vendor=VendorFactory(name="nginx"), number=444)
    assert str(code) == "404 Not Found"
    assert str(extension) == "444 Client Closed Request (nginx)"
    assert str(StatusClass.objects.get(digit=4)) == "4xx Client error"
    assert code.get_absolute_url() == "/404/"


def test_citations_in_number_order_mix_codes_and_vendor_codes():
    source = SourceFactory()
    CitationFactory(source=source, status_code=StatusCodeFactory(number=410))
    CitationFactory(
        source=source,
        status_code=None,
        vendor_extension=VendorExtensionFactory(number=444),
    )
    CitationFactory(source=source, status_code=StatusCodeFactory(number=404))
    ordered = Citation.objects.in_number_order()
    assert [citation.subject_number for citation in ordered] == [404, 410, 444]


def test_published_citations_leave_out_drafts_and_draft_vendors():
    source = SourceFactory()
    public = CitationFactory(source=source, status_code=StatusCodeFactory(number=404))
    CitationFactory(source=source, status_code=StatusCodeFactory(number=410, state="draft"))
    CitationFactory(
        source=source,
        status_code=None,
        vendor_extension=VendorExtensionFactory(vendor=VendorFactory(state="draft")),
    )
    CitationFactory(source=SourceFactory(state="draft"), status_code=public.status_code)
    assert list(Citation.objects.published()) == [public]


def test_vendor_extension_prominence_starts_at_one():
    extension = VendorExtensionFactory.build(vendor=VendorFactory(), prominence=0)
    with pytest.raises(ValidationError) as excinfo:
        extension.full_clean()
    assert "prominence" in excinfo.value.message_dict
    assert_refused_by_database(extension.save)
