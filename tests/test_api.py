import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from codes.models import PublicationState, StatusCode, VendorExtension
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


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


def user_with(django_user_model, *codenames, name="editor"):
    user = django_user_model.objects.create_user(name, password="pw")
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def editor_api(django_user_model):
    client = APIClient()
    user = user_with(
        django_user_model,
        *(
            f"{action}_{model}"
            for action in ("view", "add", "change", "delete")
            for model in ("statuscode", "vendor", "vendorextension", "source")
        ),
    )
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def reader_api(django_user_model):
    client = APIClient()
    client.force_authenticate(user_with(django_user_model, name="reader"))
    return client


@pytest.fixture
def kb():
    """A small knowledge base: 404 with its relations, 451 with a vendor meaning, drafts."""
    not_found = StatusCodeFactory(number=404, phrase="Not Found", body="*gone*")
    gone = StatusCodeFactory(number=410, phrase="Gone", is_deprecated=False)
    not_found.related_codes.add(gone)
    not_found.related_headers.add(HeaderFactory(name="Cache-Control"))
    rfc = SourceFactory(slug="rfc9110", title="HTTP Semantics", kind="standard")
    SpecReferenceFactory(code=not_found, source=rfc, section="15.5.5")
    AliasFactory(code=not_found, name="Old Name", origin=rfc)
    CitationFactory(source=rfc, status_code=not_found)
    StatusCodeFactory(number=451, phrase="Unavailable For Legal Reasons")
    StatusCodeFactory(number=305, phrase="Use Proxy", is_deprecated=True)
    StatusCodeFactory(number=402, phrase="Secret Draft", state=DRAFT)
    microsoft = VendorFactory(slug="microsoft", name="Microsoft")
    VendorExtensionFactory(vendor=microsoft, number=451, phrase="Redirect")
    VendorExtensionFactory(vendor=VendorFactory(slug="nginx", name="nginx"), number=444)
    VendorExtensionFactory(vendor=microsoft, number=449, phrase="Draft Retry", state=DRAFT)
    return not_found


def numbers(response):
    return [item["number"] for item in response.json()["results"]]


def test_code_list_is_paginated_and_public(api, kb):
    response = api.get("/api/codes/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4
    assert numbers(response) == [305, 404, 410, 451]
    assert body["results"][0]["url"] == "http://testserver/api/codes/305/"
    assert body["results"][0]["html_url"] == "http://testserver/305/"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status_class=4", [404, 410, 451]),
        ("status_class=3xx", [305]),
        ("is_deprecated=true", [305]),
        ("registry_status=registered", [305, 404, 410, 451]),
        ("vendor=microsoft", [451]),
        ("search=legal", [451]),
        ("search=old+name", [404]),
        ("ordering=-number", [451, 410, 404, 305]),
        ("page_size=2", [305, 404]),
        ("page_size=2&page=2", [410, 451]),
    ],
)
def test_code_list_filters_search_ordering_and_pages(api, kb, query, expected):
    assert numbers(api.get(f"/api/codes/?{query}")) == expected


@pytest.mark.parametrize(
    "query",
    ["status_class=9", "status_class=xx", "is_deprecated=maybe", "registry_status=nope"],
)
def test_code_list_rejects_bad_filters_with_field_errors(api, kb, query):
    response = api.get(f"/api/codes/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()


def test_code_list_page_size_is_a_setting(api, kb):
    with override_settings(CODES_PAGE_SIZE=1):
        assert numbers(api.get("/api/codes/")) == [305]


def test_code_detail_has_everything(api, kb):
    body = api.get("/api/codes/404/").json()
    assert body["phrase"] == "Not Found" and body["status_class"] == 4
    assert body["body_html"] == "<p><em>gone</em></p>\n"
    assert body["aliases"] == [{"name": "Old Name", "origin": "rfc9110", "note": ""}]
    assert body["references"][0]["source"] == "rfc9110"
    assert body["references"][0]["section"] == "15.5.5"
    assert body["related_codes"] == [410]
    assert body["related_headers"] == ["Cache-Control"]
    assert body["citations"][0]["source"] == "rfc9110"
    assert body["vendor_meanings"] == []


def test_code_detail_lists_every_vendor_meaning(api, kb):
    meanings = api.get("/api/codes/451/").json()["vendor_meanings"]
    assert [(m["vendor"], m["phrase"]) for m in meanings] == [("microsoft", "Redirect")]
    assert meanings[0]["url"] == "http://testserver/api/vendor-extensions/microsoft/451/"


@pytest.mark.parametrize("path", ["/api/codes/999/", "/api/codes/444/", "/api/codes/402/"])
def test_unknown_vendor_only_and_draft_codes_are_404(api, kb, path):
    assert api.get(path).status_code == 404


def test_users_who_may_see_drafts_see_them(editor_api, reader_api, kb):
    assert editor_api.get("/api/codes/402/").status_code == 200
    assert 402 in numbers(editor_api.get("/api/codes/"))
    assert reader_api.get("/api/codes/402/").status_code == 404
    assert editor_api.get("/api/vendor-extensions/microsoft/449/").status_code == 200


def test_classes(api, kb):
    classes = api.get("/api/classes/").json()
    assert [c["label"] for c in classes] == ["1xx", "2xx", "3xx", "4xx", "5xx"]
    assert api.get("/api/classes/4/").json()["name"] == "Client error"
    assert api.get("/api/classes/6/").status_code == 404


def test_vendors(api, kb):
    slugs = [v["slug"] for v in api.get("/api/vendors/").json()["results"]]
    assert slugs == ["microsoft", "nginx"]
    detail = api.get("/api/vendors/microsoft/").json()
    assert [e["number"] for e in detail["extensions"]] == [451]
    assert api.get("/api/vendors/nobody/").status_code == 404


def test_vendor_extensions(api, kb):
    listing = api.get("/api/vendor-extensions/").json()
    assert [(e["vendor"], e["number"]) for e in listing["results"]] == [
        ("nginx", 444),
        ("microsoft", 451),
    ]
    assert api.get("/api/vendor-extensions/?number=451").json()["count"] == 1
    assert api.get("/api/vendor-extensions/?vendor=nginx").json()["count"] == 1
    detail = api.get("/api/vendor-extensions/microsoft/451/").json()
    assert detail["phrase"] == "Redirect"
    assert api.get("/api/vendor-extensions/microsoft/499/").status_code == 404


def test_sources_with_coverage(api, kb):
    assert api.get("/api/sources/?kind=standard").json()["count"] == 1
    detail = api.get("/api/sources/rfc9110/").json()
    assert detail["coverage"] == [
        {
            "number": 404,
            "vendor": None,
            "name_used": "Not Found",
            "disagrees": False,
            "note": "",
            "url": "",
        }
    ]


def test_export_json_has_the_whole_published_dataset(api, kb):
    body = api.get("/api/export.json").json()
    assert [code["number"] for code in body["codes"]] == [305, 404, 410, 451]
    assert [e["number"] for e in body["vendor_extensions"]] == [444, 451]
    assert {v["slug"] for v in body["vendors"]} == {"microsoft", "nginx"}
    assert body["codes"][3]["vendor_meanings"][0]["vendor"] == "microsoft"


def test_export_csv_has_a_row_per_meaning(api, kb):
    response = api.get("/api/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(row["number"], row["vendor"]) for row in rows] == [
        ("305", ""),
        ("404", ""),
        ("410", ""),
        ("444", "nginx"),
        ("451", ""),
        ("451", "microsoft"),
    ]
    assert rows[1]["defined_in"] == "rfc9110 15.5.5"


# Writes


def test_anonymous_writes_are_401_and_readers_403(api, reader_api, kb):
    payload = {"number": 499, "phrase": "X"}
    response = api.post("/api/codes/", payload, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert reader_api.post("/api/codes/", payload, format="json").status_code == 403
    assert reader_api.delete("/api/codes/404/").status_code == 403
    assert StatusCode.objects.filter(number=404).exists()


def test_editor_creates_a_code_whose_class_follows_its_number(editor_api, kb):
    response = editor_api.post(
        "/api/codes/",
        {"number": 499, "phrase": "Client Gone", "related_codes": [404], "state": "draft"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    code = StatusCode.objects.get(number=499)
    assert code.status_class_id == 4
    assert list(code.related_codes.values_list("number", flat=True)) == [404]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"number": 600, "phrase": "Too big"}, "number"),
        ({"number": 404, "phrase": "Duplicate"}, "number"),
        ({"number": 499}, "phrase"),
        ({"number": 499, "phrase": "X", "related_codes": [999]}, "related_codes"),
        ({"number": 499, "phrase": "X", "related_headers": ["Nope"]}, "related_headers"),
        ({"number": 499, "phrase": "X", "registry_status": "maybe"}, "registry_status"),
        ({"number": "four", "phrase": "X"}, "number"),
    ],
)
def test_invalid_writes_are_400_with_field_messages(editor_api, kb, payload, field):
    response = editor_api.post("/api/codes/", payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not StatusCode.objects.filter(phrase__in=["Too big", "X"]).exists()


def test_vendor_extension_uniqueness_comes_from_the_model(editor_api, kb):
    response = editor_api.post(
        "/api/vendor-extensions/",
        {"vendor": "microsoft", "number": 451, "phrase": "Again"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "This vendor already has a code with that number."
    ]


def test_vendor_docs_evidence_needs_a_url(editor_api, kb):
    response = editor_api.post(
        "/api/vendor-extensions/",
        {"vendor": "nginx", "number": 495, "phrase": "SSL", "evidence": "vendor-docs"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "The vendor's documentation or source needs its URL."
    ]


def test_editor_updates_drafts_and_deletes_them_but_not_published_entries(editor_api, kb):
    response = editor_api.patch("/api/codes/402/", {"summary": "Pay up."}, format="json")
    assert response.status_code == 200
    assert StatusCode.objects.get(number=402).summary == "Pay up."
    assert editor_api.delete("/api/codes/402/").status_code == 204
    assert not StatusCode.objects.filter(number=402).exists()
    # Taking a published entry off the site is a reviewer's action.
    assert editor_api.delete("/api/codes/410/").status_code == 403
    assert StatusCode.objects.filter(number=410).exists()


def test_editor_cannot_publish_through_the_api(editor_api, kb):
    response = editor_api.post(
        "/api/codes/", {"number": 499, "phrase": "New", "state": "published"}, format="json"
    )
    assert response.status_code == 403
    assert not StatusCode.objects.filter(number=499).exists()
    assert editor_api.patch("/api/codes/402/", {"state": "published"}).status_code == 403
    assert editor_api.patch("/api/codes/410/", {"state": "draft"}).status_code == 403


def test_an_api_change_to_a_published_code_is_a_revision_for_review(editor_api, kb, api):
    before = api.get("/api/codes/410/").json()["summary"]
    response = editor_api.patch("/api/codes/410/", {"summary": "Gone for good."}, format="json")
    assert response.status_code == 202
    assert response.json()["status"] == "pending"
    assert response.json()["content"]["fields"]["summary"] == "Gone for good."
    code = StatusCode.objects.get(number=410)
    assert (code.state, code.summary) == (PublicationState.PUBLISHED, before)
    assert api.get("/api/codes/410/").json()["summary"] == before
    invalid = editor_api.patch("/api/codes/410/", {"phrase": ""}, format="json")
    assert invalid.status_code == 400


def test_reviewer_publishes_through_the_api(django_user_model, kb):
    from codes.groups import REVIEWERS, create_groups

    reviewer = django_user_model.objects.create_user("rev")
    reviewer.groups.add(create_groups()[REVIEWERS])
    client = APIClient()
    client.force_authenticate(reviewer)
    response = client.patch("/api/codes/402/", {"state": "published"}, format="json")
    assert response.status_code == 200
    code = StatusCode.objects.get(number=402)
    assert (code.state, code.published_by) == (PublicationState.PUBLISHED, reviewer)


def test_deleting_what_others_depend_on_is_a_409(superuser_api, kb):
    response = superuser_api.delete("/api/vendors/microsoft/")
    assert response.status_code == 409
    assert "Other records depend on this one" in response.json()["detail"]
    assert VendorExtension.objects.filter(vendor__slug="microsoft").exists()


WRITES = [
    ("post", "/api/codes/", {"number": 499, "phrase": "New"}),
    ("patch", "/api/codes/410/", {"summary": "Changed"}),
    ("delete", "/api/codes/410/", None),
    ("post", "/api/vendors/", {"slug": "acme", "name": "Acme"}),
    ("patch", "/api/vendors/nginx/", {"summary": "Changed"}),
    ("post", "/api/vendor-extensions/", {"vendor": "nginx", "number": 497, "phrase": "New"}),
    ("patch", "/api/vendor-extensions/nginx/444/", {"summary": "Changed"}),
    ("delete", "/api/vendor-extensions/nginx/444/", None),
    ("post", "/api/sources/", {"slug": "new", "title": "New", "kind": "article"}),
    ("patch", "/api/sources/rfc9110/", {"summary": "Changed"}),
]
# Every entry WRITES changes is published: a change becomes a revision (202), and taking it off
# the site is for reviewers (403).
EDITOR_ON_PUBLISHED = {"post": 201, "patch": 202, "delete": 403}


@pytest.mark.parametrize("role", ["anonymous", "reader", "editor"])
@pytest.mark.parametrize(
    ("method", "path", "payload"), WRITES, ids=[f"{m} {p}" for m, p, _ in WRITES]
)
def test_write_permission_matrix(api, reader_api, editor_api, kb, role, method, path, payload):
    client = {"anonymous": api, "reader": reader_api, "editor": editor_api}[role]
    response = getattr(client, method)(path, payload, format="json")
    expected = {"anonymous": 401, "reader": 403, "editor": EDITOR_ON_PUBLISHED[method]}[role]
    assert response.status_code == expected, response.content


def test_token_endpoint_trades_credentials_for_a_token(api, django_user_model):
    user = django_user_model.objects.create_user("ed", password="s3cret")
    response = api.post("/api/token/", {"username": "ed", "password": "s3cret"}, format="json")
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user=user).key
    wrong = api.post("/api/token/", {"username": "ed", "password": "nope"}, format="json")
    assert wrong.status_code == 400


# HTTP semantics


@pytest.mark.parametrize(
    "path", ["/api/codes/", "/api/codes/404/", "/api/sources/rfc9110/", "/api/export.csv"]
)
def test_every_read_has_an_etag_and_answers_304(api, kb, path):
    first = api.get(path)
    assert first.has_header("ETag")
    again = api.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_stale_if_match_is_412_and_fresh_if_match_writes(editor_api, kb):
    etag = editor_api.get("/api/codes/402/")["ETag"]
    StatusCode.objects.filter(number=402).update(summary="Changed meanwhile.")
    stale = editor_api.patch(
        "/api/codes/402/", {"summary": "Mine"}, format="json", HTTP_IF_MATCH=etag
    )
    assert stale.status_code == 412
    assert StatusCode.objects.get(number=402).summary == "Changed meanwhile."
    fresh_etag = editor_api.get("/api/codes/402/")["ETag"]
    fresh = editor_api.patch(
        "/api/codes/402/", {"summary": "Mine"}, format="json", HTTP_IF_MATCH=fresh_etag
    )
    assert fresh.status_code == 200
    assert fresh["ETag"] != fresh_etag
    assert editor_api.delete("/api/codes/402/", HTTP_IF_MATCH=etag).status_code == 412


def test_unsupported_method_is_405_with_allow(api, kb):
    response = api.delete("/api/classes/4/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


def test_unservable_accept_is_406(api, kb):
    assert api.get("/api/codes/", HTTP_ACCEPT="application/xml").status_code == 406


def test_unsupported_content_type_is_415(editor_api, kb):
    response = editor_api.post("/api/codes/", "<code/>", content_type="application/xml")
    assert response.status_code == 415


def test_anonymous_throttle_is_429_with_retry_after(api, kb):
    with override_settings(CODES_ANON_THROTTLE_RATE="2/minute"):
        paths = ["/api/classes/", "/api/classes/4/", "/api/codes/404/"]
        assert [api.get(path).status_code for path in paths] == [200, 200, 429]
        assert int(api.get("/api/codes/410/")["Retry-After"]) > 0


def test_schema_and_docs_are_served_by_the_site(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/codes/",
        "/api/codes/{number}/",
        "/api/classes/",
        "/api/vendors/{slug}/",
        "/api/vendor-extensions/",
        "/api/sources/{slug}/",
        "/api/export.json",
    ):
        assert path in paths
    docs = api.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in docs
    assert "cdn" not in docs.lower()


def test_pages_link_to_the_same_data_in_the_api(client, kb):
    html = client.get("/404/").content.decode()
    assert 'rel="alternate" type="application/json" href="/api/codes/404/"' in html
    vendor_only = client.get("/444/").content.decode()
    assert 'href="/api/vendor-extensions/?number=444"' in vendor_only
