"""The number page shows what is published and nothing else, and marks a source's other names."""

import pytest

from codes.models import Citation, PublicationState, RegistryStatus
from tests.factories import (
    CitationFactory,
    SourceFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT


def test_what_is_not_published_stays_off_the_number_page(client):
    code = StatusCodeFactory(number=290, registry_status=RegistryStatus.REGISTERED)
    code.related_codes.add(
        StatusCodeFactory(number=291, phrase="Drafted Relative", state=DRAFT),
        StatusCodeFactory(number=292, phrase="Published Relative"),
    )
    CitationFactory(status_code=code, source=SourceFactory(title="Draft Source One", state=DRAFT))
    CitationFactory(status_code=code, source=SourceFactory(title="Shown Source One"))
    VendorExtensionFactory(number=290, phrase="Hidden Vendor's", vendor=VendorFactory(state=DRAFT))
    VendorExtensionFactory(number=290, phrase="Drafted Meaning", state=DRAFT)
    shown = VendorExtensionFactory(number=290, phrase="Shown Meaning")
    CitationFactory(
        status_code=None, vendor_extension=shown, source=SourceFactory(title="Shown Source Two")
    )
    CitationFactory(
        status_code=None,
        vendor_extension=shown,
        source=SourceFactory(title="Draft Source Two", state=DRAFT),
    )
    StatusCodeFactory(number=293, state=DRAFT)

    page = client.get("/290/").content.decode()
    for shown_text in [
        "Published Relative",
        "Shown Source One",
        "Shown Meaning",
        "Shown Source Two",
    ]:
        assert shown_text in page
    for hidden in ["Drafted Relative", "Draft Source", "Hidden Vendor", "Drafted Meaning"]:
        assert hidden not in page
    assert client.get("/293/").status_code == 404


def test_a_citation_is_marked_when_its_source_uses_another_name_than_the_meaning(client):
    code = StatusCodeFactory(number=477, phrase="Not Found")
    extension = VendorExtensionFactory(number=477, phrase="Page Gone")
    names = {"": False, "not found": False, "Object Not Found": True, "page gone": True}
    for name in names:
        CitationFactory(status_code=code, name_used=name)
        CitationFactory(status_code=None, vendor_extension=extension, name_used=name)
    marks = {c.name_used: c.uses_another_name for c in Citation.objects.filter(status_code=code)}
    assert marks == names
    marks = {
        c.name_used: c.uses_another_name
        for c in Citation.objects.filter(vendor_extension=extension)
    }
    assert marks == {"": False, "not found": True, "Object Not Found": True, "page gone": False}
    assert client.get("/477/").content.decode().count("other name") == 2 + 2


def test_vendor_meanings_of_a_number_come_in_order_of_prominence(client):
    """Readers meet the meaning they most likely came for first; equal ranks go by vendor name."""
    for vendor, prominence in [("Alpha", 2), ("Zeta", 1), ("Beta", 2), ("Gamma", 4)]:
        VendorExtensionFactory(
            number=499,
            phrase=f"{vendor}'s meaning",
            vendor__name=vendor,
            vendor__slug=vendor.lower(),
            prominence=prominence,
        )
    expected = ["Zeta", "Alpha", "Beta", "Gamma"]

    page = client.get("/499/").content.decode()
    assert sorted(expected, key=lambda vendor: page.index(f"{vendor}&#x27;s meaning")) == expected
    listed = client.get("/4xx/").content.decode()
    shown = [vendor for vendor in expected if f"{vendor}&#x27;s meaning" in listed]
    assert (
        sorted(shown, key=lambda vendor: listed.index(f"{vendor}&#x27;s meaning")) == expected[:3]
    )
    api = client.get("/api/vendor-extensions/", {"number": 499}).json()["results"]
    assert [row["vendor"] for row in api] == [vendor.lower() for vendor in expected]
