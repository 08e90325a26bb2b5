"""The site's own HTTP, as RFC 9110, 9111 and 6585 have it: which answers caches may keep,
conditional requests on every page and resource, methods, bodies and redirects."""

import logging

import pytest
from django.test import Client, override_settings

from tests.factories import StatusCodeFactory, VendorExtensionFactory, VendorFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/4xx/", "/404/", "/404/vs/410/", "/vendors/", "/search/?q=found", "/feed/"]
PAGES += ["/sitemap.xml", "/api/codes/", "/api/codes/404/", "/api/export.json"]


@pytest.fixture
def kb():
    StatusCodeFactory(number=404, phrase="Not Found", summary="Nothing found here.")
    StatusCodeFactory(number=410, phrase="Gone")
    VendorExtensionFactory(vendor=VendorFactory(slug="nginx", name="nginx"), number=499)


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def not_stored(response) -> bool:
    return directives(response) == {"no-store"}


# Who may keep what: one row per status the app sends, and where it comes from.
@override_settings(CODES_PROXY_MAX_AGE=7)
@pytest.mark.parametrize(
    "method, path, status, shared",
    [
        ("get", "/404/", 200, True),
        ("get", "/0404/", 301, True),
        ("get", "/api/codes/404/", 200, True),
        ("get", "/api/codes/999/", 404, True),  # an unknown number, as briefly as a page
        ("get", "/api/codes/?page_size=0", 400, False),
        ("get", "/api/codes/?page=9", 404, True),
        ("post", "/404/", 405, False),
        ("post", "/feed/", 405, False),
        ("delete", "/api/classes/4/", 405, False),
        ("post", "/api/codes/", 401, False),
        ("get", "/api/codes/", 406, False),  # Accept: application/xml
    ],
)
def test_a_shared_cache_may_keep_only_what_is_the_same_for_everyone(
    client, kb, method, path, status, shared
):
    headers = {"accept": "application/xml"} if status == 406 else {}
    response = getattr(client, method)(path, headers=headers)
    assert response.status_code == status
    if shared:
        assert directives(response) == {"public", "max-age=0", "s-maxage=7"}
    else:
        assert not_stored(response), response.get("Cache-Control")


@override_settings(CODES_ANON_THROTTLE_RATE="2/minute")
def test_a_throttled_answer_is_never_stored(client, kb):
    answers = [client.get("/api/codes/") for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert not_stored(answers[2]) and answers[2].has_header("Retry-After")


def test_errors_for_signed_in_users_are_not_stored_either(superuser_api, kb):
    response = superuser_api.patch("/api/codes/404/", {"number": "x"}, format="json")
    assert response.status_code == 400
    assert not_stored(response)


def test_a_412_is_not_stored(superuser_api, kb):
    response = superuser_api.patch("/api/codes/404/", {}, format="json", HTTP_IF_MATCH='"stale"')
    assert response.status_code == 412 and not_stored(response)


# Conditional requests.
@pytest.mark.parametrize("cache_timeout", [0, 60], ids=["uncached", "cached"])
@pytest.mark.parametrize("path", PAGES)
def test_weak_and_star_if_none_match_give_304_cached_or_not(
    client, kb, settings, path, cache_timeout
):
    settings.CODES_CACHE_TIMEOUT = cache_timeout
    etag = client.get(path)["ETag"]
    assert etag.startswith('"')
    for validator in (etag, f"W/{etag}", "*", f'"other", W/{etag}'):
        response = client.get(path, headers={"if-none-match": validator})
        assert response.status_code == 304, (path, validator)
        assert response["ETag"] == etag
    assert client.get(path, headers={"if-none-match": '"other"'}).status_code == 200


@pytest.mark.parametrize("cache_timeout", [0, 60], ids=["uncached", "cached"])
@pytest.mark.parametrize("path", PAGES)
def test_head_carries_the_validators_of_get_and_answers_304(
    client, kb, settings, path, cache_timeout
):
    settings.CODES_CACHE_TIMEOUT = cache_timeout
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head.get("Last-Modified") == get.get("Last-Modified")
    assert client.head(path, headers={"if-none-match": f"W/{get['ETag']}"}).status_code == 304


def test_the_feed_answers_if_modified_since(client, kb):
    first = client.get("/feed/")
    assert first.has_header("ETag") and first.has_header("Last-Modified")
    again = client.get("/feed/", headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304
    older = "Mon, 01 Jan 2001 00:00:00 GMT"
    assert client.get("/feed/", headers={"if-modified-since": older}).status_code == 200


def test_export_etag_is_the_same_while_the_data_is(client, kb, settings):
    settings.CODES_CACHE_TIMEOUT = 0
    first = client.get("/api/export.json")
    assert client.get("/api/export.json")["ETag"] == first["ETag"]
    assert first.json()["updated"]
    StatusCodeFactory(number=418, phrase="I'm a teapot")
    assert client.get("/api/export.json")["ETag"] != first["ETag"]


def test_if_match_compares_strongly(superuser_api, kb):
    etag = superuser_api.get("/api/codes/404/")["ETag"]
    weak = superuser_api.patch(
        "/api/codes/404/", {"summary": "Weak."}, format="json", HTTP_IF_MATCH=f"W/{etag}"
    )
    assert weak.status_code == 412
    strong = superuser_api.patch(
        "/api/codes/404/", {"summary": "Strong."}, format="json", HTTP_IF_MATCH=etag
    )
    assert strong.status_code == 202  # a revision of the published code, for review
    assert strong.json()["content"]["fields"]["summary"] == "Strong."


@pytest.mark.parametrize("header", ["*", "current", '"other", current'])
def test_if_none_match_on_a_write_to_an_existing_resource_is_412(superuser_api, kb, header):
    etag = superuser_api.get("/api/codes/404/")["ETag"]
    body = superuser_api.get("/api/codes/404/").json()
    response = superuser_api.put(
        "/api/codes/404/",
        {**body, "summary": "Overwritten."},
        format="json",
        HTTP_IF_NONE_MATCH=header.replace("current", etag),
    )
    assert response.status_code == 412
    assert superuser_api.get("/api/codes/404/").json()["summary"] == "Nothing found here."


def test_if_none_match_with_another_tag_lets_a_write_through(superuser_api, kb):
    response = superuser_api.patch(
        "/api/codes/404/", {"summary": "Changed."}, format="json", HTTP_IF_NONE_MATCH='"other"'
    )
    assert response.status_code == 202


# Methods and bodies.
@pytest.mark.parametrize("path", ["/", "/404/", "/4xx/", "/search/?q=x", "/feed/", "/sitemap.xml"])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "FOO"])
def test_pages_answer_other_methods_with_405_and_allow(kb, path, method):
    browser = Client(enforce_csrf_checks=True)  # as a real client meets the CSRF middleware
    response = browser.generic(
        method, path, "a=1", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) >= {"GET", "HEAD"}
    assert b"This page answers only GET" in response.content  # RFC 9110 15.5: explained


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
@pytest.mark.parametrize(
    "content_type, body",
    [
        ("application/json", '{"summary": "' + "x" * 2000 + '"}'),
        ("application/x-www-form-urlencoded", "summary=" + "x" * 2000),
    ],
)
def test_a_body_over_the_limit_is_413_in_json(superuser_api, kb, caplog, content_type, body):
    with caplog.at_level(logging.INFO):
        response = superuser_api.generic(
            "PATCH", "/api/codes/404/", body, content_type=content_type
        )
    assert response.status_code == 413
    assert "1000" in response.json()["detail"]
    assert not_stored(response)
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_over_the_limit_to_a_session_signed_in_client_is_413_in_json(admin_client, kb):
    response = admin_client.patch(
        "/api/codes/404/", "summary=" + "x" * 2000, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
    assert "1000" in response.json()["detail"]


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
def test_a_form_over_the_limit_outside_the_api_is_413(client, kb):
    response = client.post("/admin/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    assert b"1000 bytes" in response.content


def test_a_bad_host_under_the_api_is_a_json_400(client, kb):
    response = client.get("/api/codes/", headers={"host": "evil.example", "accept": "*/*"})
    assert response.status_code == 400
    assert response.json()["detail"]


# Redirects go only where there is a page.
@pytest.mark.parametrize(
    "path, status, location",
    [
        ("/0404/", 301, "/404/"),
        ("/00499/", 301, "/499/"),
        ("/0418/", 404, None),
        ("/0999/", 404, None),
        ("/410/vs/404/", 301, "/404/vs/410/"),
        ("/404/vs/404/", 301, "/404/"),
        ("/418/vs/404/", 404, None),
        ("/404/vs/0418/", 404, None),
        ("/499/vs/499/", 404, None),  # compare takes standard codes only
    ],
)
def test_a_url_is_redirected_only_to_a_page_that_exists(client, kb, path, status, location):
    response = client.get(path)
    assert response.status_code == status
    if location:
        assert response["Location"] == location
        assert client.get(location).status_code == 200


# Pagination parameters.
@pytest.mark.parametrize(
    "query",
    [
        "page_size=null",
        "page_size=0",
        "page_size=-1",
        "page_size=1001",
        "page_size=1.5",
        "page_size=",
        "page=0",
        "page=x",
        "page=-1",
        "page=" + "9" * 50,
    ],
)
def test_an_invalid_page_or_page_size_is_400(client, kb, query):
    response = client.get(f"/api/codes/?{query}")
    assert response.status_code == 400
    parameter = query.split("=")[0]
    assert parameter in response.json()


def test_the_schema_states_the_limits_of_pages_and_filters(client):
    schema = client.get("/api/schema/?format=json").json()

    def parameter(path, name):
        operation = schema["paths"][path]["get"]
        return next(p for p in operation["parameters"] if p["name"] == name)["schema"]

    assert parameter("/api/codes/", "page_size") == {
        "type": "integer",
        "minimum": 1,
        "maximum": 1000,
    }
    assert parameter("/api/codes/", "page")["minimum"] == 1
    number = parameter("/api/vendor-extensions/", "number")
    assert (number["minimum"], number["maximum"]) == (100, 599)
    assert parameter("/api/codes/", "status_class")["pattern"]
