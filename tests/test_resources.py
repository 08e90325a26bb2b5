"""Import and export: validated by the models, all or nothing, in the history, per workflow."""

import pytest
import tablib

from codes.groups import EDITORS, create_groups
from codes.models import Citation, PublicationState, Revision, StatusCode, VendorExtension
from codes.resources import CitationResource, StatusCodeResource, VendorExtensionResource
from tests.factories import (
    CitationFactory,
    SourceFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("ed", is_staff=True)
    user.groups.add(create_groups()[EDITORS])
    return django_user_model.objects.get(pk=user.pk)


def rows(headers, *data):
    return tablib.Dataset(*data, headers=headers)


def test_good_codes_import_with_class_from_number_and_history(editor):
    dataset = rows(
        ["number", "phrase", "summary", "body", "related_codes"],
        [299, "Test", "One line.", "A body.", ""],
        [298, "Other", "One line.", "A body.", "299"],
    )
    result = StatusCodeResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True, user=editor
    )
    assert not result.has_errors() and not result.has_validation_errors()
    code = StatusCode.objects.get(number=298)
    assert code.status_class_id == 2
    assert list(code.related_codes.values_list("number", flat=True)) == [299]
    assert code.history.get().history_user == editor


def test_dry_run_writes_nothing(editor):
    dataset = rows(["number", "phrase"], [299, "Test"])
    result = StatusCodeResource().import_data(dataset, dry_run=True, user=editor)
    assert not result.has_errors()
    assert not StatusCode.objects.filter(number=299).exists()


def test_one_invalid_row_and_nothing_is_written(editor):
    dataset = rows(["number", "phrase"], [299, "Fine"], [999, "Out of range"], [298, "Fine too"])
    result = StatusCodeResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True, user=editor
    )
    assert result.has_validation_errors()
    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert "number" in invalid.error_dict
    assert not StatusCode.objects.filter(number__in=[298, 299]).exists()


def test_model_rules_are_checked_on_import(editor):
    VendorExtensionFactory(vendor=VendorFactory(slug="nginx"), number=444)
    dataset = rows(
        ["vendor", "number", "phrase", "evidence", "evidence_url"],
        ["nginx", 495, "SSL Certificate Error", "vendor-docs", ""],
    )
    result = VendorExtensionResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True, user=editor
    )
    assert result.has_validation_errors()
    assert "The vendor's documentation or source needs its URL." in str(
        result.invalid_rows[0].error_dict
    )
    assert not VendorExtension.objects.filter(number=495).exists()


def test_unknown_reference_is_a_row_error_and_nothing_is_written(editor):
    SourceFactory(slug="mdn")
    StatusCodeFactory(number=404)
    dataset = rows(
        ["source", "status_code", "vendor_extension", "name_used", "checked_on"],
        ["mdn", 404, "", "Not Found", "2026-11-24"],
        ["mdn", "", "nobody/499", "Gone", "2026-11-24"],
    )
    result = CitationResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True, user=editor
    )
    assert result.has_errors() or result.has_validation_errors()
    assert not Citation.objects.exists()


def test_editor_cannot_publish_by_import(editor):
    code = StatusCodeFactory(number=402, phrase="Payment", state=PublicationState.DRAFT)
    dataset = rows(["number", "phrase", "state"], [402, "Payment Required", "published"])
    StatusCodeResource().import_data(
        dataset, dry_run=False, rollback_on_validation_errors=True, user=editor
    )
    code.refresh_from_db()
    assert (code.phrase, code.state) == ("Payment Required", PublicationState.IN_REVIEW)


def test_an_import_that_changes_a_published_entry_makes_a_revision(editor, client):
    code = StatusCodeFactory(number=404, phrase="Not Found", summary="Published words.")
    citation = CitationFactory(status_code=code, note="Published note.")
    codes = rows(["number", "phrase", "summary"], [404, "Not Found", "Imported words."])
    result = StatusCodeResource().import_data(
        codes, dry_run=False, rollback_on_validation_errors=True, user=editor
    )
    assert not result.has_errors() and not result.has_validation_errors()
    citations = rows(
        ["id", "source", "status_code", "checked_on", "note"],
        [citation.pk, citation.source.slug, "404", "2026-12-04", "Imported note."],
    )
    result = CitationResource().import_data(
        citations, dry_run=False, rollback_on_validation_errors=True, user=editor
    )
    assert not result.has_errors() and not result.has_validation_errors(), result.invalid_rows

    page = client.get("/404/").content.decode()
    assert "Published words." in page and "Published note." in page
    [revision] = Revision.objects.all()  # both imports amend the editor's one revision
    assert revision.content["fields"]["summary"] == "Imported words."
    assert [part["fields"]["note"] for part in revision.content["parts"]["citations"]] == [
        "Imported note."
    ]


def test_export_round_trips_through_json(editor):
    code = StatusCodeFactory(number=404, phrase="Not Found")
    code.related_codes.add(StatusCodeFactory(number=410))
    exported = StatusCodeResource().export()
    assert exported.dict[0]["number"] == "404" and exported.dict[0]["related_codes"] == "410"
    reimported = tablib.Dataset().load(exported.json, format="json")
    result = StatusCodeResource().import_data(reimported, dry_run=True, user=editor)
    assert not result.has_errors() and not result.has_validation_errors()
