"""The page cache: anonymous reads are answered from it without a query, and any change to the
data, by any path, is seen on the next request."""

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from codes import cache
from codes.models import PublicationState, StatusCode
from tests.factories import (
    HeaderFactory,
    StatusCodeFactory,
    VendorExtensionFactory,
)

pytestmark = pytest.mark.django_db


def get(client, path, **headers):
    """The response and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


@pytest.fixture
def code():
    return StatusCodeFactory(number=404, phrase="Not Found", summary="Nothing here.")


@pytest.mark.parametrize("path", ["/", "/404/", "/4xx/", "/api/codes/", "/api/codes/404/"])
def test_a_second_anonymous_read_is_served_from_the_cache(client, code, path):
    first, first_queries = get(client, path)
    second, second_queries = get(client, path)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0 and second_queries == 0
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert second["Content-Type"] == first["Content-Type"]


def test_public_responses_may_be_kept_by_shared_caches(client, code, settings):
    settings.CODES_PROXY_MAX_AGE = 7
    for path in ("/404/", "/api/codes/404/"):
        response, _ = get(client, path)
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=0", "s-maxage=7"}, path


def test_a_cached_page_answers_if_none_match_with_304(client, code):
    etag = get(client, "/404/")[0]["ETag"]
    response, queries = get(client, "/404/", if_none_match=etag)
    assert (response.status_code, queries, response.content) == (304, 0, b"")
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
    get(client, "/404/")
    change(code)
    assert get(client, "/404/")[1] > 0


def test_an_edit_shows_at_once(client, code):
    assert b"Nothing here." in get(client, "/404/")[0].content
    code.summary = "Gone elsewhere."
    code.save()
    assert b"Gone elsewhere." in get(client, "/404/")[0].content
    code.state = PublicationState.DRAFT
    code.save()
    assert get(client, "/404/")[0].status_code == 404


def test_an_edit_made_by_another_server_shows_at_once(client, code):
    """Servers share only the cache: a new generation there is all another server does."""
    get(client, "/404/")
    StatusCode.objects.filter(pk=code.pk).update(summary="Changed elsewhere.")
    assert get(client, "/404/")[1] == 0  # this server has not heard of the change yet
    cache.new_generation()  # what the other server's save did
    assert b"Changed elsewhere." in get(client, "/404/")[0].content


def test_signed_in_users_are_never_served_or_stored(client, code, admin_user):
    draft = StatusCodeFactory(number=499, phrase="Draft", state=PublicationState.DRAFT)
    staff = Client()
    staff.force_login(admin_user)
    for _ in range(2):
        response, queries = get(staff, "/api/codes/")
        assert queries > 0 and draft.phrase in response.content.decode()
        assert "private" in response["Cache-Control"]
        assert "Authorization" in response["Vary"] and "Cookie" in response["Vary"]
    assert draft.phrase not in get(client, "/api/codes/")[0].content.decode()
    assert get(staff, "/api/codes/")[1] > 0  # an anonymous copy now exists, but not for staff


def test_token_clients_are_never_served_from_the_cache(client, code):
    get(client, "/api/codes/")
    response, queries = get(client, "/api/codes/", authorization="Token nonsense")
    assert response.status_code == 401 and queries > 0


def test_hosts_and_media_types_are_cached_apart(client, code, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    feed = get(client, "/feed/")[0].content
    mirrored = client.get("/feed/", headers={"host": "mirror.example"}).content
    assert b"http://testserver/" in feed and b"http://mirror.example/" in mirrored
    as_json = get(client, "/api/codes/404/", accept="application/json")[0]
    as_html = get(client, "/api/codes/404/", accept="text/html")[0]
    assert as_json["Content-Type"] == "application/json"
    assert as_html["Content-Type"].startswith("text/html")


def stored(path) -> bool:
    return cache.page_cache().get(cache.page_key(RequestFactory().get(path))) is not None


def test_only_successful_public_responses_are_stored(client, code):
    for path, status in (("/404/", 200), ("/999/", 404), ("/0404/", 301), ("/admin/", 302)):
        assert get(client, path)[0].status_code == status
        assert stored(path) == (status == 200), path


def test_responses_that_set_a_cookie_are_not_stored(client, code):
    response = client.get("/admin/login/")
    assert response.cookies and not stored("/admin/login/")


def test_a_timeout_of_zero_turns_the_cache_off(client, code, settings):
    settings.CODES_CACHE_TIMEOUT = 0
    get(client, "/404/")
    assert get(client, "/404/")[1] > 0


def test_a_change_renews_the_generation_again_at_commit(django_capture_on_commit_callbacks, code):
    """Another server may render from the old data between the save and the commit: the
    generation renewed at commit leaves whatever it stored behind."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        code.save()
        during = cache.page_cache().get(cache.GENERATION_KEY)
    assert callbacks
    assert cache.page_cache().get(cache.GENERATION_KEY) != during
