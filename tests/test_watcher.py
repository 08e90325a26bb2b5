"""On PostgreSQL, cache hits take the data generation from notifications, not from a query."""

import time

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from codes import cache
from codes.watcher import watcher
from tests.factories import StatusCodeFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's LISTEN/NOTIFY"),
]


def eventually(condition, seconds=5.0):
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def heard():
    return watcher.generation(connection.alias, cache.generation_query(connection.alias))


@pytest.fixture
def listening(settings):
    settings.CODES_CACHE_LISTEN = True
    StatusCodeFactory(number=404, phrase="Not Found")
    assert eventually(lambda: heard() == cache.current_generation())
    yield
    watcher.stop()


def other_server(*statements):
    """Run statements on a connection of their own, committed, as another server would."""
    database = connections.create_connection(connection.alias)
    try:
        with database.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        database.close()


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response, len(queries)


def test_a_hit_asks_the_database_nothing(listening):
    client = Client()
    for _ in range(2):
        client.get("/404/")
    response, queries = queries_for(client, "/404/")
    assert queries == 0 and "Not Found" in response.content.decode()


def test_a_change_through_another_server_is_heard(listening):
    client = Client()
    for _ in range(3):
        client.get("/404/")
    other_server(
        "UPDATE statuskb_statuscode SET phrase = 'Lost' WHERE number = 404",
        "UPDATE statuskb_datageneration SET value = value + 1 WHERE id = 1",
    )
    assert eventually(lambda: "Lost" in client.get("/404/").content.decode())


def test_a_change_in_this_process_is_seen_at_once(listening):
    client = Client()
    for _ in range(3):
        client.get("/404/")
    code = StatusCodeFactory._meta.model.objects.get(number=404)
    code.phrase = "Gone Missing"
    code.save()
    assert "Gone Missing" in client.get("/404/").content.decode()


def test_without_its_connection_each_hit_asks_the_database_until_it_is_back(listening):
    client = Client()
    for _ in range(2):
        client.get("/404/")
    other_server(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE application_name = 'statuskb-generation-watcher'"
    )
    assert eventually(lambda: heard() is None)
    response, queries = queries_for(client, "/404/")
    assert queries == 1 and "Not Found" in response.content.decode()
    assert eventually(lambda: heard() is not None)
    assert queries_for(client, "/404/")[1] == 0
