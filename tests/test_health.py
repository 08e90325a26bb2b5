"""Load balancer probes, and what readers get while the database is out of reach."""

import pytest
from django.db import OperationalError, connection
from django.test import Client

from tests.factories import StatusCodeFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing listens
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
    }
}


@pytest.fixture
def database_down(monkeypatch):
    def refuse():
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)


@pytest.fixture
def reader():
    return Client(raise_request_exception=False)


def test_liveness_answers_without_the_database(reader, database_down):
    response = reader.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readiness_checks_database_and_cache(reader):
    response = reader.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_readiness_fails_without_the_database(reader, database_down):
    response = reader.get("/readyz")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert response.json()["database"] == "unreachable"


def test_readiness_fails_without_the_cache(reader, settings):
    settings.CACHES = DEAD_REDIS
    response = reader.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unreachable"}


def test_pages_still_render_while_the_cache_is_down(reader, settings):
    StatusCodeFactory(number=404, phrase="Not Found")
    settings.CACHES = DEAD_REDIS
    for _ in range(3):
        response = reader.get("/404/")
        assert response.status_code == 200 and b"Not Found" in response.content


@pytest.mark.parametrize(
    ("path", "accept", "content_type"),
    [
        ("/404/", "text/html", "text/html; charset=utf-8"),
        ("/api/codes/404/", "application/json", "application/json"),
    ],
)
def test_a_database_outage_is_503_with_retry_after(
    reader, database_down, settings, path, accept, content_type
):
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [settings.REPO_DIR / "templates"]}]
    response = reader.get(path, headers={"accept": accept})
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    assert response["Content-Type"] == content_type
    assert b"try again" in response.content


def test_other_failures_stay_500(reader, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("codes.views.NumberDetailView.get_context_data", broken)
    response = reader.get("/404/")
    assert response.status_code == 500 and "Retry-After" not in response
