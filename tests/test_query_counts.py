"""Every public page runs a fixed, small number of queries, however much data there is.

Each page's queries are counted on the shipped dataset, the data is grown about tenfold with
tests.scaling.scale_up, and they are counted again: a count that grows with the data is an N+1
query. The synthetic data is created once for all pages, inside the test, whose transaction rolls it
back; every page that fails is listed.
The server-side cache is off (its default): these are the queries of a first request
(tests/test_cache.py shows that a cached page runs none).
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scaling import scale_up

# One worker loads the shipped dataset once for the whole module (conftest's dataset fixture).
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("test_query_counts")]


# Page name: (path, the most queries it may run: its count when this was written).
PAGES = {
    "index": ("/", 3),
    "class": ("/4xx/", 3),
    "standard_and_vendor_number": ("/451/", 10),
    "vendor_only_number": ("/444/", 4),
    "compare": ("/401/vs/403/", 7),
    "vendor_list": ("/vendors/", 1),
    "vendor_detail": ("/vendors/nginx/", 3),
    "source_list": ("/sources/", 2),
    "implementation_list": ("/implementations/", 1),
    "implementation_detail": ("/implementations/nginx/", 4),
    "name_search": ("/search/?q=HttpStatus.PAYLOAD_TOO_LARGE", 5),
    "source_detail": ("/sources/mdn-http-status/", 4),
    "word_search": ("/search/?q=retry", 5),
    "rules": ("/rules/", 2),
    "rules_filtered": ("/rules/?aspect=header&level=MUST", 2),
    "sitemap": ("/sitemap.xml", 10),
    "feed": ("/feed/", 2),
    "api_code_list": ("/api/codes/", 2),
    "api_code_detail": ("/api/codes/451/", 9),
    "api_vendor_detail": ("/api/vendors/nginx/", 2),
    "api_vendor_extension_list": ("/api/vendor-extensions/", 3),
    "api_source_detail": ("/api/sources/mdn-http-status/", 3),
    "api_implementation_detail": ("/api/implementations/nginx/", 2),
    "api_implementation_codes": ("/api/implementation-codes/?number=413", 2),
    "api_export": ("/api/export.json", 14),
    "api_rules": ("/api/rules/?aspect=content", 2),
}


# Checks of a pasted response: (path, the most queries). The response is a 451 with a vendor
# meaning, a registered phrase and rules of every kind.
CHECKS = {"check_page": ("/check/", 6), "api_check": ("/api/check/", 6)}
CHECKED = "HTTP/1.1 451 Unavailable For Legal Reasons\r\nLink: <https://example.org>\r\n\r\n"


def fetch(client, path) -> tuple[int, bytes]:
    """The page's number of queries, and its content."""
    with CaptureQueriesContext(connection) as queries:
        if path == "/check/":
            response = client.post(path, {"response": CHECKED})
        elif path == "/api/check/":
            response = client.post(path, {"response": CHECKED}, "application/json")
        else:
            response = client.get(path, headers={"accept": "application/json"})
    assert response.status_code == 200, (path, response.status_code)
    return len(queries), response.content


def measure_every_page(client) -> dict[str, tuple[int, bytes]]:
    measured = {}
    for name, (path, _) in {**PAGES, **CHECKS}.items():
        cache.clear()  # no throttle counts carried from one page to the next
        fetch(client, path)  # Anything cached on a first request is cached now.
        measured[name] = fetch(client, path)
    return measured


def test_no_page_query_count_grows_with_the_data(dataset, client):
    """Growing the data is the slow part, so it is done once for all pages (the test's
    transaction rolls it back)."""
    small = measure_every_page(client)
    scale_up(10)
    big = measure_every_page(client)
    failures = []
    for name, (path, bound) in {**PAGES, **CHECKS}.items():
        (before, small_page), (after, big_page) = small[name], big[name]
        if big_page == small_page:
            failures.append(f"{path}: the synthetic data does not reach this page")
        if after != before:
            failures.append(f"{path}: {before} queries on the dataset, {after} on 10 times as much")
        if before > bound:
            failures.append(f"{path}: {before} queries, more than the {bound} expected")
    assert not failures, "\n".join(failures)
