"""Throttles key on the address the deployment's proxies vouch for, and the token endpoint
limits guesses per address and per username."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from tests.factories import StatusCodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb():
    StatusCodeFactory(number=404, phrase="Not Found")


def read(client, **headers):
    return client.get("/api/codes/", headers=headers).status_code


@override_settings(CODES_ANON_THROTTLE_RATE="3/minute")
def test_without_trusted_proxies_x_forwarded_for_is_ignored(client, kb):
    statuses = [read(client, x_forwarded_for=f"10.0.0.{n}") for n in range(4)]
    assert statuses == [200, 200, 200, 429]


@override_settings(CODES_ANON_THROTTLE_RATE="3/minute", CODES_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_address_it_appended_counts(client, kb):
    # What a client writes itself comes before the proxy's own entry, and changes nothing.
    spoofed = [read(client, x_forwarded_for=f"10.9.9.{n}, 192.0.2.1") for n in range(4)]
    assert spoofed == [200, 200, 200, 429]
    assert read(client, x_forwarded_for="192.0.2.2") == 200  # another reader, behind the proxy


@override_settings(CODES_ANON_THROTTLE_RATE="3/minute", CODES_TRUSTED_PROXIES=2)
def test_with_more_trusted_proxies_than_entries_the_first_entry_counts(client, kb):
    assert [read(client, x_forwarded_for="192.0.2.7") for _ in range(4)][-1] == 429
    assert read(client, x_forwarded_for="192.0.2.8") == 200


def attempt(username, password="wrong", address="192.0.2.1"):
    client = APIClient(HTTP_X_FORWARDED_FOR=address)
    return client.post("/api/token/", {"username": username, "password": password}, format="json")


@override_settings(CODES_LOGIN_THROTTLE_RATE="3/hour", CODES_TRUSTED_PROXIES=1)
def test_token_guesses_are_limited_per_address(django_user_model):
    django_user_model.objects.create_user("alice", password="right")
    assert [attempt(f"user{n}").status_code for n in range(3)] == [400, 400, 400]
    refused = attempt("alice", "right")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Too many attempts" in refused.json()["detail"]
    assert refused["Cache-Control"] == "no-store"
    assert attempt("alice", "right", address="192.0.2.9").status_code == 200


@override_settings(CODES_LOGIN_THROTTLE_RATE="3/hour", CODES_TRUSTED_PROXIES=1)
def test_token_guesses_are_limited_per_username_from_any_address(django_user_model):
    django_user_model.objects.create_user("alice", password="right")
    guesses = [attempt("alice", address=f"198.51.100.{n}").status_code for n in range(3)]
    assert guesses == [400, 400, 400]
    assert attempt("ALICE", "right", address="203.0.113.5").status_code == 429
    assert attempt("bob", address="203.0.113.5").status_code == 400


def test_reads_do_not_count_against_the_token_endpoint(client, kb, settings, django_user_model):
    settings.CODES_LOGIN_THROTTLE_RATE = "2/hour"
    django_user_model.objects.create_user("alice", password="right")
    for _ in range(5):
        read(client)
    assert attempt("alice", "right").status_code == 200
