"""The WSGI fast path answers repeat anonymous reads from what the middleware stored, exactly
when the middleware would, and hands everything else to Django."""

from io import BytesIO

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError

from codes import cache
from codes.wsgi import CachedPagesApplication
from tests.factories import StatusCodeFactory

pytestmark = pytest.mark.django_db(transaction=True)


class CountingDjango:
    def __init__(self):
        self.handler = WSGIHandler()
        self.calls = 0

    def __call__(self, environ, start_response):
        self.calls += 1
        return self.handler(environ, start_response)


@pytest.fixture
def site():
    StatusCodeFactory(number=404, phrase="Not Found")
    django = CountingDjango()
    return django, CachedPagesApplication(django)


def get(app, path="/404/", **extra):
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SCRIPT_NAME": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(),
        "wsgi.errors": BytesIO(),
        **extra,
    }
    started = {}

    def start_response(status, headers):
        started.update(status=status, headers=dict(headers))

    body = b"".join(app(environ, start_response))
    return started["status"], started["headers"], body


def test_a_repeat_anonymous_read_never_reaches_django(site):
    django, app = site
    answers = [get(app) for _ in range(4)]
    assert django.calls == 2  # the first teaches the middleware, the second is stored
    assert len({body for _, _, body in answers}) == 1 and b"Not Found" in answers[0][2]
    assert answers[3][0] == "200 OK" and answers[3][1] == answers[1][1]


def test_a_matching_etag_gets_304_from_the_fast_path(site):
    django, app = site
    _, headers, _ = [get(app) for _ in range(2)][-1]
    status, not_modified, body = get(app, HTTP_IF_NONE_MATCH=headers["ETag"])
    assert (status, body, django.calls) == ("304 Not Modified", b"", 2)
    assert not_modified["ETag"] == headers["ETag"] and "Content-Type" not in not_modified


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_AUTHORIZATION": "Token abc"},
        {"HTTP_COOKIE": "sessionid=abc"},
        {"REQUEST_METHOD": "HEAD"},
    ],
)
def test_credentials_and_other_methods_go_to_django(site, extra):
    django, app = site
    for _ in range(2):
        get(app)
    get(app, **extra)
    assert django.calls == 3


def test_a_committed_change_goes_through_django_at_once(site):
    django, app = site
    for _ in range(3):
        get(app)
    code = StatusCodeFactory._meta.model.objects.get(number=404)
    code.phrase = "Lost"
    code.save()
    assert b"Lost" in get(app)[2] and django.calls == 3


def test_http_and_https_are_kept_apart(site, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    django, app = site
    for _ in range(2):
        get(app, HTTP_X_FORWARDED_PROTO="https")
    get(app, HTTP_X_FORWARDED_PROTO="https")
    assert django.calls == 2
    get(app, HTTP_X_FORWARDED_PROTO="http")
    assert django.calls == 3


def test_a_database_error_hands_the_request_to_django(site, monkeypatch):
    django, app = site
    for _ in range(2):
        get(app)

    def unreachable(connection):
        raise OperationalError("the database is down")

    monkeypatch.setattr(cache, "generation_for_hit", unreachable)
    status, _, _ = get(app)  # Django's own answer to the outage is tested elsewhere
    assert status.startswith("5") and django.calls == 3
