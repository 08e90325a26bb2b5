"""Every endpoint that reads JSON, and every query parameter, fed what no honest client sends:
the answer is a 4xx with a message saying what is wrong, never a 500 or a 503 (a client's
mistake must never look like a database outage), and nothing is written."""

import pytest
from django.test import override_settings

from codes.models import StatusCode
from tests.factories import SourceFactory, StatusCodeFactory, VendorExtensionFactory, VendorFactory

pytestmark = pytest.mark.django_db

MEGABYTE = 1024 * 1024

# Each aimed at a field every writable resource has (summary; the token endpoint's username is
# filled in for it), or at the number where the resource has one.
BODIES = {
    "deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "deep objects": b'{"summary":' * 50_000 + b"1" + b"}" * 50_000,
    "huge integer": b'{"summary": 1' + b"0" * 5000 + b"}",
    "NaN": b'{"summary": NaN}',
    "Infinity": b'{"summary": -Infinity}',
    "invalid UTF-8": b'{"summary": "\xff\xfe"}',
    "UTF-16": '{"summary": "x"}'.encode("utf-16"),
    "duplicate keys": b'{"summary": "a", "summary": "b"}',
    "one-megabyte string": b'{"summary": "' + b"x" * MEGABYTE + b'"}',
    "lone surrogate": b'{"summary": "\\ud800"}',
    "NUL in a string": b'{"summary": "a\\u0000b"}',
    "an object for a string": b'{"summary": {"$gt": 1}}',
    "a list for a string": b'{"summary": ["x"]}',
    "not an object": b'["summary", 404]',
    "a bare string": b'"404"',
    "null": b"null",
    "truncated": b'{"summary": "x',
}
NUMBER_BODIES = {
    "huge float": b'{"number": 1e999}',
    "negative number": b'{"number": -404}',
    "fraction": b'{"number": 404.5}',
}
# (method, path) of every operation that reads a JSON body.
WRITES = [
    ("post", "/api/codes/"),
    ("put", "/api/codes/404/"),
    ("patch", "/api/codes/404/"),
    ("post", "/api/vendors/"),
    ("patch", "/api/vendors/nginx/"),
    ("post", "/api/vendor-extensions/"),
    ("patch", "/api/vendor-extensions/nginx/499/"),
    ("post", "/api/sources/"),
    ("patch", "/api/sources/rfc9110/"),
    ("post", "/api/token/"),
]


@pytest.fixture
def kb():
    StatusCodeFactory(number=404, phrase="Not Found", summary="Nothing here.")
    VendorExtensionFactory(vendor=VendorFactory(slug="nginx", name="nginx"), number=499)
    SourceFactory(slug="rfc9110")


def assert_a_clear_client_error(response, case):
    assert 400 <= response.status_code < 500, (case, response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), case
    assert response.json(), case  # says what is wrong


def bodies_for(path: str) -> dict[str, bytes]:
    bodies = dict(BODIES)
    if path.startswith(("/api/codes/", "/api/vendor-extensions/")):
        bodies.update(NUMBER_BODIES)
    if path == "/api/token/":
        return {name: body.replace(b'"summary"', b'"username"') for name, body in bodies.items()}
    return bodies


@override_settings(CODES_LOGIN_THROTTLE_RATE=None, DATA_UPLOAD_MAX_MEMORY_SIZE=MEGABYTE)
@pytest.mark.parametrize("method, path", WRITES, ids=[f"{m} {p}" for m, p in WRITES])
def test_pathological_bodies_are_refused_clearly(superuser_api, kb, method, path):
    before = list(StatusCode.objects.values_list("number", "phrase", "summary"))
    for name, body in bodies_for(path).items():
        response = getattr(superuser_api, method)(path, body, content_type="application/json")
        assert_a_clear_client_error(response, name)
    assert list(StatusCode.objects.values_list("number", "phrase", "summary")) == before


# Query values as they arrive on the wire: percent-encoded, and not always UTF-8.
VALUES = {
    "very long": "x" * 100_000,
    "thousands of terms": "+".join(f"w{n}" for n in range(5000)),
    "thousands of commas": ",".join(["number"] * 5000),
    "NUL": "a%00b",
    "control characters": "%01%02%1b[31m",
    "invalid UTF-8": "%ff%fe%ed%a0%80",
    "huge number": "9" * 5000,
    "negative": "-1",
    "float": "4.04e2",
    "unicode digits": "%d9%a4%d9%a0%d9%a4",
    "empty": "",
}
PARAMETERS = {
    "/api/codes/": [
        "search",
        "ordering",
        "status_class",
        "registry_status",
        "is_deprecated",
        "vendor",
        "page",
        "page_size",
    ],
    "/api/vendor-extensions/": ["vendor", "number", "status_class", "evidence", "search"],
    "/api/sources/": ["kind", "search", "ordering"],
    "/api/vendors/": ["search", "ordering"],
}
QUERIES = [(path, name) for path, names in PARAMETERS.items() for name in names]


@pytest.mark.parametrize("path, name", QUERIES, ids=[f"{p}?{n}" for p, n in QUERIES])
def test_pathological_query_parameters_are_a_4xx_or_ignored(client, kb, path, name):
    for case, value in VALUES.items():
        response = client.get(f"{path}?{name}={value}")
        assert response.status_code < 500, (case, response.status_code, response.content[:300])
        if response.status_code >= 400:
            assert_a_clear_client_error(response, case)


@pytest.mark.parametrize("path", ["/search/?q=", "/feed/?x=", "/4xx/?page="])
def test_pathological_query_strings_on_pages_are_never_a_5xx(client, kb, path):
    for case, value in VALUES.items():
        assert client.get(path + value).status_code < 500, case
