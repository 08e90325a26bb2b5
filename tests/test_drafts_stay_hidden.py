"""Nothing unpublished reaches the public: a draft of every curated kind, each tied to published
entries, and not one public page, API response, export, feed or sitemap shows it or counts it."""

import pytest

from codes.models import PublicationState, SourceKind
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

DRAFT = PublicationState.DRAFT
SECRET = "Unpublished"  # in the name of every draft, and of nothing else

PUBLIC = [
    "/",
    "/4xx/",
    "/404/",
    "/404/vs/410/",
    "/410/",
    "/vendors/",
    "/vendors/shown/",
    "/sources/",
    "/sources/shown-source/",
    "/search/?q=twelve",
    "/search/?q=meaning",
    "/search/?q=gone",
    "/feed/",
    "/sitemap.xml",
    "/api/codes/",
    "/api/codes/404/",
    "/api/codes/410/",
    "/api/classes/4/",
    "/api/vendors/",
    "/api/vendors/shown/",
    "/api/vendor-extensions/",
    "/api/vendor-extensions/?number=444",
    "/api/sources/",
    "/api/sources/shown-source/",
    "/api/export.json",
    "/api/export.csv",
]


@pytest.fixture
def knowledge_base():
    shown_source = SourceFactory(slug="shown-source", title="Shown Source")
    draft_source = SourceFactory(
        slug="draft-source", title=f"{SECRET} Source", kind=SourceKind.REFERENCE, state=DRAFT
    )
    shown_source.obsoletes.add(draft_source)
    code = StatusCodeFactory(number=404, phrase="Not Found", summary="Nothing here.")
    gone = StatusCodeFactory(number=410, phrase="Gone", summary="Gone for good.")
    code.related_codes.add(
        gone, StatusCodeFactory(number=411, phrase=f"{SECRET} Code", state=DRAFT)
    )
    AliasFactory(code=code, name="Object Not Found", origin=draft_source)
    SpecReferenceFactory(code=code, source=draft_source, section="9.9")
    CitationFactory(status_code=code, source=shown_source, name_used="Not Found")
    CitationFactory(status_code=code, source=draft_source, name_used=f"{SECRET} name")
    draft_code = StatusCodeFactory(number=412, phrase=f"{SECRET} Twelve", state=DRAFT)
    CitationFactory(status_code=draft_code, source=shown_source, name_used="Twelve")
    shown_vendor = VendorFactory(slug="shown", name="Shown Vendor")
    VendorExtensionFactory(vendor=shown_vendor, number=444, phrase="No Response")
    draft_extension = VendorExtensionFactory(
        vendor=shown_vendor, number=445, phrase=f"{SECRET} Meaning", state=DRAFT
    )
    CitationFactory(status_code=None, vendor_extension=draft_extension, source=shown_source)
    hidden_vendor = VendorFactory(slug="hidden", name=f"{SECRET} Vendor", state=DRAFT)
    VendorExtensionFactory(vendor=hidden_vendor, number=410, phrase=f"{SECRET} Vendor Code")


@pytest.mark.parametrize("path", PUBLIC)
def test_no_public_response_shows_a_draft(client, knowledge_base, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert SECRET.lower() not in response.content.decode().lower()
    assert "Twelve" not in response.content.decode()  # what the draft code's citation calls it


DRAFT_PAGES = ["/411/", "/412/", "/445/", "/vendors/hidden/", "/sources/draft-source/",
               "/api/codes/412/", "/api/vendors/hidden/", "/api/sources/draft-source/"]  # fmt: skip


@pytest.mark.parametrize("path", DRAFT_PAGES)
def test_drafts_have_no_page(client, knowledge_base, path):
    assert client.get(path).status_code == 404


def test_no_count_includes_a_draft(client, knowledge_base):
    sources = client.get("/sources/").content.decode()
    assert "1 code covered" in sources  # 404 only: not the draft 412, nor the draft vendor code
    vendors = client.get("/vendors/").content.decode()
    assert "1 code." in vendors  # 444 only
    search = client.get("/search/?q=gone").context["results"]
    assert [hit.number for hit in search.hits] == [410] and search.count == 1
    assert client.get("/api/codes/").json()["count"] == 2
    assert client.get("/api/vendor-extensions/").json()["count"] == 1
