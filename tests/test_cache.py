"""The optional server-side cache: anonymous reads are answered from Django's cache framework
without a query, any committed change to the data, by any path and through any server, is seen
on the next request, and a host's middleware and Vary headers keep their say.

These tests commit, as a site does: the cache learns of a change when its transaction commits.
"""

import gzip

import pytest
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.cache import get_cache_key

from codes import cache
from codes.models import PublicationState, StatusCode
from tests.factories import HeaderFactory, StatusCodeFactory, VendorExtensionFactory

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PATHS = [
    "/",
    "/404/",
    "/4xx/",
    "/vendors/",
    "/sources/",
    "/search/?q=found",
    "/feed/",
    "/sitemap.xml",
    "/api/codes/",
    "/api/codes/404/",
]


@pytest.fixture(autouse=True)
def cache_on(settings):
    settings.CODES_CACHE_TIMEOUT = 600


def get(client, path, **headers):
    """The response and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, headers=headers)
    return response, len(queries)


def stored(path) -> bool:
    request = RequestFactory().get(path)
    key = get_cache_key(request, cache.key_prefix(), "GET", cache=cache.the_cache())
    return key is not None and cache.the_cache().get(key) is not None


@pytest.fixture
def code():
    return StatusCodeFactory(number=404, phrase="Not Found", summary="Nothing here, found.")


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_anonymous_reads_are_served_from_the_cache_without_a_query(client, code, path):
    (first, first_queries), (second, second_queries) = get(client, path), get(client, path)
    assert first.status_code == second.status_code == 200
    assert first_queries > 0 and second_queries == 0
    assert first.content == second.content
    assert first["ETag"] == second["ETag"]
    assert first["Content-Type"] == second["Content-Type"]


def test_the_cache_is_off_unless_a_site_turns_it_on(client, code, settings):
    del settings.CODES_CACHE_TIMEOUT
    get(client, "/404/")
    assert get(client, "/404/")[1] > 0 and not stored("/404/")


def test_public_responses_may_be_kept_by_shared_caches(client, code, settings):
    settings.CODES_PROXY_MAX_AGE = 7
    for path in ("/404/", "/api/codes/404/"):
        for _ in range(2):  # stored, then from the cache
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
        pytest.param(lambda code: StatusCode.objects.get(pk=code.pk).save(), id="save"),
        pytest.param(lambda code: code.related_headers.add(HeaderFactory()), id="m2m"),
        pytest.param(lambda code: VendorExtensionFactory(number=404), id="other-model"),
        pytest.param(lambda code: code.delete(), id="delete"),
    ],
)
def test_any_committed_change_to_the_data_is_seen_on_the_next_read(client, code, change):
    get(client, "/404/")
    change(code)
    assert get(client, "/404/")[1] > 0


def test_an_edit_shows_at_once(client, code):
    assert b"Nothing here, found." in get(client, "/404/")[0].content
    code.summary = "Gone elsewhere."
    code.save()
    assert b"Gone elsewhere." in get(client, "/404/")[0].content
    code.state = PublicationState.DRAFT
    code.save()
    assert get(client, "/404/")[0].status_code == 404


def test_an_edit_made_through_another_server_shows_at_once(client, code):
    """Servers share the cache: a new version there is all another server's commit adds."""
    get(client, "/404/")
    StatusCode.objects.filter(pk=code.pk).update(summary="Changed elsewhere.")  # no signal
    assert b"Changed elsewhere." not in get(client, "/404/")[0].content
    cache.new_version()  # what the other server's commit did
    assert b"Changed elsewhere." in get(client, "/404/")[0].content


def test_responses_in_each_process_memory_follow_the_shared_version(client, code, settings):
    """Responses kept in a process's own memory, the version in the cache all servers share."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.CODES_CACHE_ALIAS, settings.CODES_CACHE_VERSION_ALIAS = "pages", "default"
    get(client, "/404/")
    assert get(client, "/404/")[1] == 0 and stored("/404/")
    assert cache.version_cache().get(cache.VERSION_KEY) is not None
    assert cache.the_cache().get(cache.VERSION_KEY) is None  # not where the responses are
    StatusCode.objects.filter(pk=code.pk).update(summary="Changed elsewhere.")
    cache.new_version()  # another server's commit, in the shared cache
    assert b"Changed elsewhere." in get(client, "/404/")[0].content


def test_the_version_moves_on_when_the_transaction_commits_not_before(code):
    before = cache.key_prefix()
    with transaction.atomic():
        for number in (410, 411, 412):
            StatusCodeFactory(number=number)
        assert cache.key_prefix() == before
    assert cache.key_prefix() != before


def test_signed_in_users_are_never_served_or_stored(client, code, admin_user):
    draft = StatusCodeFactory(number=499, phrase="Draft", state=PublicationState.DRAFT)
    staff = Client()
    staff.force_login(admin_user)
    for _ in range(2):
        response, queries = get(staff, "/api/codes/")
        assert queries > 0 and draft.phrase in response.content.decode()
        assert "private" in response["Cache-Control"]
        assert "Authorization" in response["Vary"] and "Cookie" in response["Vary"]
    get(client, "/api/codes/")
    assert draft.phrase not in get(client, "/api/codes/")[0].content.decode()
    assert get(staff, "/api/codes/")[1] > 0  # an anonymous copy now exists, but not for staff


def test_token_clients_are_never_served_from_the_cache(client, code):
    get(client, "/api/codes/")
    response, _ = get(client, "/api/codes/", authorization="Token nonsense")
    assert response.status_code == 401  # not the anonymous copy


def test_hosts_and_media_types_are_cached_apart(client, code, settings):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
    for _ in range(2):
        feed = get(client, "/feed/")[0].content
        mirrored = get(client, "/feed/", host="mirror.example")[0].content
        assert b"http://testserver/" in feed and b"http://mirror.example/" in mirrored
        as_json = get(client, "/api/codes/404/", accept="application/json")[0]
        as_html = get(client, "/api/codes/404/", accept="text/html")[0]
        assert as_json["Content-Type"] == "application/json"
        assert as_html["Content-Type"].startswith("text/html")


def test_only_successful_public_responses_are_stored(client, code):
    for path, status in (("/404/", 200), ("/999/", 404), ("/0404/", 301), ("/search/?q=", 200)):
        assert get(client, path)[0].status_code == status
        assert stored(path) == (path == "/404/" or path == "/search/?q="), path


def test_cached_anonymous_reads_do_not_count_against_the_throttle(client, code, settings):
    """Throttles guard the work behind a response; a cached one costs next to nothing."""
    settings.CODES_ANON_THROTTLE_RATE = "3/minute"
    assert [get(client, "/api/classes/")[0].status_code for _ in range(5)] == [200] * 5
    assert get(client, "/api/codes/404/")[0].status_code == 200
    assert get(client, "/api/vendors/")[0].status_code == 200
    assert get(client, "/api/codes/410/")[0].status_code == 429  # the fourth uncached read


# A host site's middleware runs on every request, cached or not, and what it varies on holds.


def test_a_host_that_gzips_serves_each_client_the_encoding_it_can_read(client, code, settings):
    settings.MIDDLEWARE = ["django.middleware.gzip.GZipMiddleware", *settings.MIDDLEWARE]
    zipped = get(client, "/404/", accept_encoding="gzip")[0]
    assert zipped["Content-Encoding"] == "gzip"
    assert b"Nothing here, found." in gzip.decompress(zipped.content)
    plain, queries = get(client, "/404/")
    assert queries == 0 and not plain.has_header("Content-Encoding")
    assert b"Nothing here, found." in plain.content


def test_a_host_with_languages_caches_each_language_apart(client, code, settings):
    settings.USE_I18N = True
    settings.LANGUAGES = [("en", "English"), ("fr", "French")]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1,
        "django.middleware.locale.LocaleMiddleware",
    )
    settings.MIDDLEWARE = middleware
    french = get(client, "/404/", accept_language="fr")[0]
    assert french["Content-Language"] == "fr"
    english, queries = get(client, "/404/", accept_language="en")
    assert english["Content-Language"] == "en" and queries > 0  # not the French copy
    assert get(client, "/404/", accept_language="fr")[1] == 0


class Maintenance:
    """A host's middleware that takes the site down for maintenance."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return HttpResponse("Back soon.", status=503)


def test_a_host_middleware_answering_first_is_never_bypassed(client, code, settings):
    get(client, "/404/")
    assert stored("/404/")
    settings.MIDDLEWARE = ["tests.test_cache.Maintenance", *settings.MIDDLEWARE]
    assert get(Client(), "/404/")[0].status_code == 503  # a client loads the middleware anew
