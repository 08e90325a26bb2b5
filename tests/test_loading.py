"""A bad fixture fails to load with a message naming the record, and leaves nothing behind."""

import json

import pytest
from django.core.management import call_command

from codes.models import Citation, Source, StatusCode, Vendor, VendorExtension

pytestmark = pytest.mark.django_db

GOOD_SOURCE = {
    "model": "statuskb.source",
    "fields": {"slug": "rfc9110", "title": "HTTP Semantics", "kind": "standard"},
}
GOOD_CODE = {
    "model": "statuskb.statuscode",
    "fields": {"number": 404, "phrase": "Not Found", "status_class": 4},
}
GOOD_VENDOR = {"model": "statuskb.vendor", "fields": {"slug": "nginx", "name": "nginx"}}


def extension(vendor, number=499):
    return {
        "model": "statuskb.vendorextension",
        "fields": {"vendor": [vendor], "number": number, "phrase": "Client Closed Request"},
    }


def load(tmp_path, records):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(records))
    call_command("loaddata", str(path), verbosity=0)


def assert_nothing_loaded():
    assert not Source.objects.exists()
    assert not StatusCode.objects.exists()
    assert not Vendor.objects.exists()
    assert not VendorExtension.objects.exists()
    assert not Citation.objects.exists()


def test_good_records_load(tmp_path):
    load(tmp_path, [GOOD_SOURCE, GOOD_CODE, GOOD_VENDOR, extension("nginx")])
    assert StatusCode.objects.get().number == 404
    assert VendorExtension.objects.get().vendor.slug == "nginx"


def test_loading_twice_updates_instead_of_duplicating(tmp_path):
    load(tmp_path, [GOOD_SOURCE, GOOD_CODE])
    load(tmp_path, [GOOD_SOURCE, {**GOOD_CODE, "fields": {**GOOD_CODE["fields"], "summary": "s"}}])
    assert StatusCode.objects.get().summary == "s"


def test_wrong_class_fails_naming_the_record(tmp_path):
    wrong_class = {**GOOD_CODE, "fields": {**GOOD_CODE["fields"], "status_class": 5}}
    with pytest.raises(ValueError) as excinfo:
        load(tmp_path, [GOOD_SOURCE, wrong_class])
    message = str(excinfo.value)
    assert "bad.json" in message
    assert "statuskb.StatusCode [404] is invalid" in message
    assert "404 belongs to the 4xx class, not 5xx." in message
    assert_nothing_loaded()


def test_duplicate_number_fails_naming_the_record(tmp_path):
    with pytest.raises(ValueError, match=r"statuskb.StatusCode \[404\] appears more than once"):
        load(tmp_path, [GOOD_SOURCE, GOOD_CODE, GOOD_CODE])
    assert_nothing_loaded()


def test_duplicate_vendor_code_fails(tmp_path):
    with pytest.raises(ValueError, match=r"statuskb.VendorExtension \['nginx', 499\] appears"):
        load(tmp_path, [GOOD_VENDOR, extension("nginx"), extension("nginx")])
    assert_nothing_loaded()


def test_unknown_vendor_fails_naming_the_reference(tmp_path):
    with pytest.raises(ValueError) as excinfo:
        load(tmp_path, [GOOD_SOURCE, GOOD_CODE, GOOD_VENDOR, extension("nope")])
    assert "statuskb.VendorExtension [None, 499] refers to a vendor that does not exist" in str(
        excinfo.value
    )
    assert_nothing_loaded()


def test_broken_related_code_reference_fails(tmp_path):
    broken = {**GOOD_CODE, "fields": {**GOOD_CODE["fields"], "related_codes": [[999]]}}
    with pytest.raises(Exception, match="999") as excinfo:
        load(tmp_path, [GOOD_SOURCE, broken])
    assert "statuskb.statuscode" in str(excinfo.value)
    assert_nothing_loaded()


def test_out_of_range_number_fails(tmp_path):
    too_big = {**GOOD_CODE, "fields": {**GOOD_CODE["fields"], "number": 600}}
    with pytest.raises(ValueError, match=r"statuskb.StatusCode \[600\] is invalid: number: "):
        load(tmp_path, [GOOD_SOURCE, too_big])
    assert_nothing_loaded()


def test_citation_without_subject_fails(tmp_path):
    citation = {
        "model": "statuskb.citation",
        "fields": {"source": ["rfc9110"], "checked_on": "2026-11-24"},
    }
    with pytest.raises(ValueError, match="either a status code or a vendor extension"):
        load(tmp_path, [GOOD_SOURCE, GOOD_CODE, citation])
    assert_nothing_loaded()


def test_wrongly_typed_field_fails(tmp_path):
    wrong_type = {**GOOD_CODE, "fields": {**GOOD_CODE["fields"], "number": "four hundred"}}
    with pytest.raises(Exception, match="four hundred"):
        load(tmp_path, [GOOD_SOURCE, wrong_type])
    assert_nothing_loaded()


def test_malformed_json_fails(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('[{"model": "statuskb.source", ')
    with pytest.raises(Exception, match="broken.json"):
        call_command("loaddata", str(path), verbosity=0)
    assert_nothing_loaded()
