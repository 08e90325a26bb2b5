import datetime
import re

import pytest
from django.test import override_settings

from codes.models import Evidence, PublicationState, RegistryStatus, SourceKind
from tests import atom
from tests.factories import (
    AliasFactory,
    CitationFactory,
    HeaderFactory,
    SourceFactory,
    SpecReferenceFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
    VendorFactory,
)

pytestmark = pytest.mark.django_db

DRAFT = PublicationState.DRAFT


def page(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


@pytest.fixture
def not_found():
    code = StatusCodeFactory(
        number=404,
        phrase="Not Found",
        summary="Nothing at this address.",
        body="Use **404** when nothing is there.\n\n<script>alert(1)</script>",
    )
    gone = StatusCodeFactory(number=410, phrase="Gone")
    code.related_codes.add(gone)
    code.related_headers.add(HeaderFactory(name="Cache-Control", url="https://example.org/cc"))
    rfc = SourceFactory(slug="rfc9110", title="HTTP Semantics", kind=SourceKind.STANDARD)
    SpecReferenceFactory(
        code=code, source=rfc, section="15.5.5", url="https://www.rfc-editor.org/rfc/rfc9110"
    )
    AliasFactory(code=code, name="Nope Not Here", origin=rfc, note="An old name.")
    CitationFactory(source=rfc, status_code=code, name_used="Not Found")
    CitationFactory(
        source=SourceFactory(slug="blog", title="A blog"),
        status_code=code,
        name_used="Page Missing",
        disagrees=True,
        note="Calls it by another name.",
    )
    CitationFactory(
        source=SourceFactory(slug="hidden", title="Hidden draft source", state=DRAFT),
        status_code=code,
    )
    return code


def test_index_lists_classes_codes_and_marked_vendor_codes(client):
    StatusCodeFactory(number=404, phrase="Not Found", summary="Nothing here.")
    VendorExtensionFactory(vendor=VendorFactory(name="nginx"), number=444, phrase="No Response")
    StatusCodeFactory(number=405, phrase="Secret Draft", state=DRAFT)
    html = page(client, "/")
    assert "4xx Client error" in html
    assert "Not Found" in html and "Nothing here." in html
    assert "No Response" in html and "vendor: nginx" in html
    assert "Secret Draft" not in html
    assert '<label for="id_q">Search status codes</label>' in html


def test_lists_name_the_first_vendors_of_a_number_and_count_the_rest(client):
    StatusCodeFactory(number=400, phrase="Bad Request")
    for name in ("Delta", "Alpha", "Echo", "Charlie", "Bravo"):
        VendorExtensionFactory(vendor=VendorFactory(name=name), number=400, phrase=f"{name} 400")
    VendorExtensionFactory(vendor=VendorFactory(name="Zulu"), number=499, phrase="Gone Away")
    for path in ("/", "/4xx/"):
        html = page(client, path)
        assert "also vendor: Alpha, Bravo, Charlie and 2 more" in html
        assert "vendor: Zulu</span>" in html and "Delta" not in html


def test_class_page_lists_only_its_codes(client):
    StatusCodeFactory(number=404, phrase="Not Found")
    StatusCodeFactory(number=500, phrase="Internal Server Error")
    VendorExtensionFactory(number=499, phrase="Client Closed Request")
    html = page(client, "/4xx/")
    assert "Not Found" in html and "Client Closed Request" in html
    assert "Internal Server Error" not in html


@pytest.mark.parametrize("path", ["/6xx/", "/0xx/", "/4XX/"])
def test_unknown_class_is_404(client, path):
    page(client, path, status=404)


def test_number_page_shows_everything_about_a_code(client, not_found):
    html = page(client, "/404/")
    assert "<title>404 Not Found · HTTP status codes</title>" in html
    assert '<meta name="description" content="Nothing at this address.">' in html
    assert '<link rel="canonical" href="http://testserver/404/">' in html
    assert "<strong>404</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;alert(1)" in html
    assert 'href="https://www.rfc-editor.org/rfc/rfc9110"' in html and "section 15.5.5" in html
    assert "Nope Not Here" in html and "An old name." in html
    assert 'href="/410/"' in html and 'href="/404/vs/410/"' in html
    assert "<code>Cache-Control</code>" in html
    assert 'class="disagrees"' in html and "Calls it by another name." in html
    assert "other name" in html
    assert "Hidden draft source" not in html


def test_number_page_flags(client):
    StatusCodeFactory(
        number=305,
        phrase="Use Proxy",
        is_deprecated=True,
        registry_status=RegistryStatus.REGISTERED,
    )
    StatusCodeFactory(number=418, phrase="(Unused)", registry_status=RegistryStatus.RESERVED)
    StatusCodeFactory(number=510, phrase="Not Extended", is_obsolete=True)
    assert "Deprecated" in page(client, "/305/")
    assert "Reserved (unused)" in page(client, "/418/")
    assert "Obsolete" in page(client, "/510/")


def test_number_page_shows_every_vendor_meaning(client):
    StatusCodeFactory(number=451, phrase="Unavailable For Legal Reasons")
    extension = VendorExtensionFactory(
        vendor=VendorFactory(name="Microsoft", slug="microsoft"),
        number=451,
        phrase="Redirect",
        product="Exchange ActiveSync",
        evidence=Evidence.VENDOR_DOCS,
        evidence_url="https://learn.microsoft.com/x",
    )
    CitationFactory(status_code=None, vendor_extension=extension, name_used="Redirect")
    html = page(client, "/451/")
    assert "Unavailable For Legal Reasons" in html
    assert "Microsoft: 451 Redirect" in html
    assert "Exchange ActiveSync" in html and 'href="https://learn.microsoft.com/x"' in html
    assert "Also used by vendors" in html


def test_vendor_only_number_has_a_page(client):
    VendorExtensionFactory(vendor=VendorFactory(name="nginx"), number=444, phrase="No Response")
    VendorExtensionFactory(vendor=VendorFactory(name="Other"), number=444, phrase="Other thing")
    html = page(client, "/444/")
    assert "444 has no standard meaning" in html and "2 vendors use it" in html
    assert "nginx: 444 No Response" in html and "Other: 444 Other thing" in html


@pytest.mark.parametrize("path", ["/299/", "/999/", "/42/", "/0/", "/123456/"])
def test_unknown_or_out_of_range_number_is_404(client, path):
    page(client, path, status=404)


def test_drafts_are_not_public(client):
    StatusCodeFactory(number=404, state=DRAFT)
    VendorExtensionFactory(number=444, state=DRAFT)
    VendorExtensionFactory(number=499, vendor=VendorFactory(state=DRAFT))
    for path in ("/404/", "/444/", "/499/"):
        page(client, path, status=404)


def test_number_with_leading_zero_redirects_permanently(client):
    StatusCodeFactory(number=404)
    response = client.get("/0404/")
    assert response.status_code == 301
    assert response["Location"] == "/404/"


def test_missing_trailing_slash_redirects_permanently(client):
    StatusCodeFactory(number=404)
    response = client.get("/404")
    assert response.status_code == 301
    assert response["Location"] == "/404/"


def test_compare_shows_two_codes_side_by_side(client):
    StatusCodeFactory(number=401, phrase="Unauthorized", body="Log in *first*.")
    StatusCodeFactory(number=403, phrase="Forbidden", body="No entry.")
    html = page(client, "/401/vs/403/")
    assert "<title>401 vs 403: Unauthorized or Forbidden" in html
    assert "<em>first</em>" in html and "No entry." in html


def test_compare_redirects_to_canonical_order(client):
    StatusCodeFactory(number=401)
    StatusCodeFactory(number=403)
    response = client.get("/403/vs/401/")
    assert (response.status_code, response["Location"]) == (301, "/401/vs/403/")
    response = client.get("/401/vs/401/")
    assert (response.status_code, response["Location"]) == (301, "/401/")


def test_compare_with_unknown_code_is_404(client):
    StatusCodeFactory(number=401)
    page(client, "/401/vs/499/", status=404)


def test_vendor_pages(client):
    microsoft = VendorFactory(name="Microsoft", slug="microsoft", summary="Makes IIS.")
    VendorExtensionFactory(vendor=microsoft, number=440, phrase="Login Time-out")
    VendorExtensionFactory(vendor=microsoft, number=451, phrase="Redirect")
    VendorExtensionFactory(vendor=microsoft, number=449, phrase="Hidden", state=DRAFT)
    StatusCodeFactory(number=451, phrase="Unavailable For Legal Reasons")
    VendorFactory(name="Secret", slug="secret", state=DRAFT)
    listing = page(client, "/vendors/")
    assert "Microsoft" in listing and "2 codes" in listing and "Secret" not in listing
    detail = page(client, "/vendors/microsoft/")
    assert "Login Time-out" in detail and "Redirect" in detail and "Hidden" not in detail
    assert "The standard meaning of 451 is" in detail
    page(client, "/vendors/secret/", status=404)
    page(client, "/vendors/nobody/", status=404)


def test_source_list_shows_kinds_counts_and_coverage_matrix(client, not_found):
    html = page(client, "/sources/")
    assert "Standard" in html and "Article" in html
    assert "1 disagreement" in html
    assert 'class="matrix"' in html and 'class="cell-disagrees"' in html
    assert "RFC9110" in html
    assert "Hidden draft source" not in html


def test_source_detail_shows_coverage_and_disagreements(client, not_found):
    html = page(client, "/sources/blog/")
    assert "Where it disagrees" in html and "Calls it by another name." in html
    assert "Page Missing" in html
    rfc = page(client, "/sources/rfc9110/")
    assert "We found nothing in it that disagrees" in rfc
    page(client, "/sources/hidden/", status=404)


def test_source_detail_shows_what_obsoletes_what(client):
    old = SourceFactory(slug="rfc2616", title="HTTP/1.1 (1999)")
    new = SourceFactory(slug="rfc7231", title="HTTP/1.1 Semantics")
    new.obsoletes.add(old)
    assert "Obsoleted by" in page(client, "/sources/rfc2616/")
    assert "Obsoletes" in page(client, "/sources/rfc7231/")


def test_etag_and_conditional_get(client, not_found):
    first = client.get("/404/")
    assert first.has_header("ETag")
    again = client.get("/404/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    changed = client.get("/404/", headers={"if-none-match": '"something-else"'})
    assert changed.status_code == 200


def test_sitemap_lists_numbers_classes_vendors_and_sources(client, not_found):
    VendorExtensionFactory(vendor=VendorFactory(slug="nginx"), number=444)
    xml = page(client, "/sitemap.xml")
    for path in (
        "/404/",
        "/444/",
        "/4xx/",
        "/vendors/nginx/",
        "/sources/rfc9110/",
        "/sources/",
        "/rules/",
        "/check/",
    ):
        assert f"<loc>http://testserver{path}</loc>" in xml
    assert "/sources/hidden/" not in xml


def test_atom_feed_lists_recent_changes(client, not_found):
    VendorExtensionFactory(vendor=VendorFactory(name="nginx"), number=444, phrase="No Response")
    StatusCodeFactory(number=499, phrase="Draft only", state=DRAFT)
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert "<title>404 Not Found</title>" in xml and "444 No Response (nginx)" in xml
    assert "Draft only" not in xml


def test_atom_feed_is_valid_atom(client, not_found):
    VendorExtensionFactory(vendor=VendorFactory(name="nginx", slug="nginx"), number=404)
    VendorExtensionFactory(vendor=VendorFactory(name="IIS", slug="iis"), number=404)
    response = client.get("/feed/")
    assert atom.problems(response.content) == []
    ids = re.findall(r"<entry>.*?<id>([^<]+)</id>", response.content.decode(), re.S)
    assert sorted(ids) == [
        "http://testserver/404/",
        "http://testserver/404/#ext-iis",
        "http://testserver/404/#ext-nginx",
        "http://testserver/410/",
    ]


def test_the_atom_checker_finds_what_is_missing():
    broken = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>not an iri</id>'
        b"<updated>2026-12-04 10:00</updated><entry><title>e</title><id>x:1</id>"
        b"<updated>2026-12-04T10:00:00Z</updated></entry><entry><title>f</title><id>x:1</id>"
        b"<updated>2026-12-04T10:00:00Z</updated><link href='http://e/'/></entry></feed>"
    )
    found = atom.problems(broken)
    assert any("no atom:author" in problem for problem in found)
    assert any("share an atom:id" in problem for problem in found)
    assert any("not an absolute IRI" in problem for problem in found)
    assert any("not an RFC 3339" in problem for problem in found)
    assert any("neither atom:content nor an alternate link" in problem for problem in found)


@pytest.mark.urls("statuskb.urls")
def test_robots_txt_points_to_the_sitemap(client, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [settings.REPO_DIR / "templates"]}]
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_site_404_page_is_a_real_page(client, settings):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [settings.REPO_DIR / "templates"]}]
    html = page(client, "/999/", status=404)
    assert "999 is not a status code number." in html
    assert 'role="search"' in html


def test_base_template_is_a_setting(client, not_found):
    with override_settings(CODES_BASE_TEMPLATE="tests/host_base.html"):
        html = page(client, "/404/")
    assert "HOST LAYOUT" in html and "Not Found" in html


def test_citation_checked_date_is_shown(client, not_found):
    assert f"Checked {datetime.date(2026, 11, 24):%Y-%m-%d}" in page(client, "/404/")


@override_settings(ROOT_URLCONF="tests.urls_pages_only")
def test_pages_work_without_the_api_mounted(client, not_found):
    for path in ("/http/", "/http/404/", "/http/4xx/", "/http/vendors/", "/http/sources/"):
        html = page(client, path)
        assert "/api/" not in html and 'href="/http/' in html
