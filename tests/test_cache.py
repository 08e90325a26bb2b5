"""The page cache: anonymous reads are answered from it with one small query, and any committed
change to the data, by any path and through any server, is seen on the next request.

These tests commit, as a site does: inside a test's transaction the cache stands aside.
"""

import pytest
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from codes import cache
from codes.localpages import LocalPages
from codes.models import DataGeneration, PublicationState, StatusCode
from tests.factories import (
    HeaderFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def get(client, path, **headers):
    """The response and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


def cached(client, path, **headers):
    """Ask twice: the process learns the request is cacheable, then stores the response."""
    for _ in range(2):
        response = client.get(path, headers=headers)
    return response


@pytest.fixture
def code():
    return StatusCodeFactory(number=404, phrase="Not Found", summary="Nothing here.")


@pytest.mark.parametrize("path", ["/", "/404/", "/4xx/", "/api/codes/", "/api/codes/404/"])
def test_anonymous_reads_are_served_from_the_cache(client, code, path):
    """A process learns from a first response that a request can be cached, stores the second
    and answers the third and later ones from the cache."""
    (first, first_queries), (second, _), (third, third_queries) = (get(client, path) for _ in "123")
    assert first.status_code == second.status_code == third.status_code == 200
    assert first_queries > 1 and third_queries == 1  # the data generation
    assert first.content == second.content == third.content
    assert first["ETag"] == third["ETag"]
    assert first["Content-Type"] == third["Content-Type"]


def test_requests_never_answered_publicly_cost_no_query(client, code):
    for _ in range(3):
        response, queries = get(client, "/admin/login/")
        assert response.status_code == 200 and queries == 0


def test_public_responses_may_be_kept_by_shared_caches(client, code, settings):
    settings.CODES_PROXY_MAX_AGE = 7
    for path in ("/404/", "/api/codes/404/"):
        response, _ = get(client, path)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=0", "s-maxage=7"}, path


def test_a_cached_page_answers_if_none_match_with_304(client, code):
    etag = cached(client, "/404/")["ETag"]
    response, queries = get(client, "/404/", if_none_match=etag)
    assert (response.status_code, queries, response.content) == (304, 1, b"")
    assert response["ETag"] == etag


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda code: code.__class__.objects.filter(pk=code.pk).get().save(), id="save"
        ),
        pytest.param(lambda code: code.related_headers.add(HeaderFactory()), id="m2m"),
        pytest.param(lambda code: VendorExtensionFactory(number=404), id="other-model"),
    ],
)
def test_any_change_to_the_data_is_seen_on_the_next_read(client, code, change):
    cached(client, "/404/")
    change(code)
    assert get(client, "/404/")[1] > 1


def test_an_edit_shows_at_once(client, code):
    assert b"Nothing here." in cached(client, "/404/").content
    code.summary = "Gone elsewhere."
    code.save()
    assert b"Gone elsewhere." in get(client, "/404/")[0].content
    code.state = PublicationState.DRAFT
    code.save()
    assert get(client, "/404/")[0].status_code == 404


def test_an_edit_made_by_another_server_shows_at_once(client, code):
    """Servers share the database: moving the generation on is all another server's save adds
    to the change."""
    cached(client, "/404/")
    StatusCode.objects.filter(pk=code.pk).update(summary="Changed elsewhere.")  # no signal
    assert b"Changed elsewhere." not in get(client, "/404/")[0].content
    cache.next_generation()  # what the other server's save did on commit
    assert b"Changed elsewhere." in get(client, "/404/")[0].content


def test_changes_inside_a_transaction_bypass_the_cache(client, code):
    cached(client, "/404/")
    with transaction.atomic():
        StatusCode.objects.filter(pk=code.pk).update(summary="Not committed yet.")
        response, queries = get(client, "/404/")
        assert b"Not committed yet." in response.content and queries > 1
        transaction.set_rollback(True)
    assert b"Not committed yet." not in get(client, "/404/")[0].content


def test_a_flushed_database_starts_a_generation_no_earlier_one_reaches(client, code):
    before = cache.current_generation()
    DataGeneration.objects.all().delete()
    assert cache.current_generation() > before


def test_signed_in_users_are_never_served_or_stored(client, code, admin_user):
    draft = StatusCodeFactory(number=499, phrase="Draft", state=PublicationState.DRAFT)
    staff = Client()
    staff.force_login(admin_user)
    for _ in range(2):
        response, queries = get(staff, "/api/codes/")
        assert queries > 1 and draft.phrase in response.content.decode()
        assert "private" in response["Cache-Control"]
        assert "Authorization" in response["Vary"] and "Cookie" in response["Vary"]
    assert draft.phrase not in cached(client, "/api/codes/").content.decode()
    assert get(staff, "/api/codes/")[1] > 1  # an anonymous copy now exists, but not for staff


def test_token_clients_are_never_served_from_the_cache(client, code):
    cached(client, "/api/codes/")
    response, _ = get(client, "/api/codes/", authorization="Token nonsense")
    assert response.status_code == 401  # not the anonymous copy


def test_hosts_and_media_types_are_cached_apart(client, code, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    feed = cached(client, "/feed/").content
    mirrored = cached(client, "/feed/", host="mirror.example").content
    assert b"http://testserver/" in feed and b"http://mirror.example/" in mirrored
    as_json = cached(client, "/api/codes/404/", accept="application/json")
    as_html = cached(client, "/api/codes/404/", accept="text/html")
    assert as_json["Content-Type"] == "application/json"
    assert as_html["Content-Type"].startswith("text/html")


def stored(path) -> bool:
    return cache.page_cache().get(cache.page_key(RequestFactory().get(path).META)) is not None


def test_only_successful_public_responses_are_stored(client, code):
    for path, status in (("/404/", 200), ("/999/", 404), ("/0404/", 301), ("/admin/", 302)):
        assert cached(client, path).status_code == status
        assert stored(path) == (status == 200), path


def test_responses_that_set_a_cookie_are_not_stored(client, code):
    response = client.get("/admin/login/")
    assert response.cookies and not stored("/admin/login/")


def test_a_timeout_of_zero_turns_the_cache_off(client, code, settings):
    settings.CODES_CACHE_TIMEOUT = 0
    cached(client, "/404/")
    assert get(client, "/404/")[1] > 1


def test_one_transaction_moves_the_generation_on_once_at_commit(code):
    before = cache.current_generation()
    with transaction.atomic():
        for number in (410, 411, 412):
            StatusCodeFactory(number=number)
        assert cache.current_generation() == before
    assert cache.current_generation() == before + 1


def test_cached_anonymous_reads_do_not_count_against_the_throttle(client, code, settings):
    """Throttles guard the work behind a response; a cached one costs next to nothing."""
    settings.CODES_ANON_THROTTLE_RATE = "3/minute"
    assert [get(client, "/api/classes/")[0].status_code for _ in range(5)] == [200] * 5
    assert get(client, "/api/codes/404/")[0].status_code == 200
    assert get(client, "/api/codes/410/")[0].status_code == 429


def test_each_process_keeps_a_bounded_amount_of_responses():
    pages = LocalPages(max_bytes=25)
    for key in ("a", "b", "a"):
        pages.keep(key, (1, 200, [], b"x" * 10, None))
    assert (sorted(pages.entries), pages.bytes) == (["a", "b"], 20)
    pages.keep("c", (1, 200, [], b"x" * 10, None))  # over the budget: start again
    assert (sorted(pages.entries), pages.bytes) == (["c"], 10)
