"""Prepared read queries: compiled once, then the same rows as the queryset they come from."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from codes.models import (
    StatusCode,
    cited_by_published_sources,
)
from codes.prepared import PreparedQuery, read_together
from tests.factories import (
    CitationFactory,
    StatusCodeFactory,
)

pytestmark = pytest.mark.django_db


def citations_in_class(digit):
    return (
        cited_by_published_sources()
        .filter(status_code__status_class_id=digit)
        .values("checked_on", "disagrees", "is_webdav", number=F("status_code__number"))
    )


def test_rows_are_the_querysets_own_values_with_dates_and_booleans_converted():
    for number, checked_on in ((404, datetime.date(2026, 1, 2)), (410, datetime.date(2025, 3, 4))):
        CitationFactory(status_code=StatusCodeFactory(number=number), checked_on=checked_on)
    CitationFactory(status_code=StatusCodeFactory(number=503), disagrees=True, note="Wrong.")
    query = PreparedQuery(citations_in_class)
    for digit in (4, 5, 2):
        rows = query.rows(digit)
        assert rows == list(citations_in_class(digit))
    assert query.rows(4)[0]["checked_on"] == datetime.date(2026, 1, 2)
    assert query.rows(5)[0]["disagrees"] is True


def test_a_query_is_built_and_compiled_once_then_only_executed():
    StatusCodeFactory(number=404)
    built = []

    def code(number):
        built.append(number)
        return StatusCode.objects.filter(number=number).values("phrase")

    query = PreparedQuery(code)
    query.rows(404)
    with CaptureQueriesContext(connection) as queries:
        assert query.rows(404) == list(code(404))
        query.rows(410)
    assert len(built) == 2  # once to prepare, once above to compare
    assert len(queries) == 3


def test_two_parameters_go_to_their_own_places():
    for number in (400, 404, 410, 451):
        StatusCodeFactory(number=number)

    def between(low, high):
        return StatusCode.objects.filter(number__gte=low, number__lt=high).values("number")

    query = PreparedQuery(between)
    assert [row["number"] for row in query.rows(401, 451)] == [404, 410]
    assert [row["number"] for row in query.rows(451, 500)] == [451]


def test_a_query_that_ignores_its_parameter_is_refused_when_first_used():
    query = PreparedQuery(lambda number: StatusCode.objects.values("number"))
    with pytest.raises(ValueError, match="does not use parameter 0"):
        query.rows(404)


def test_reads_together_give_each_its_own_rows_in_order():
    for number in (404, 410, 503):
        StatusCodeFactory(number=number)

    def in_class(digit):
        return StatusCode.objects.filter(status_class_id=digit).order_by("number").values("number")

    def code(number):
        return StatusCode.objects.filter(number=number).values("number")

    classes, codes = PreparedQuery(in_class), PreparedQuery(code)
    with CaptureQueriesContext(connection) as queries:
        results = read_together((classes, (4,)), (codes, (503,)), (classes, (2,)))
    assert results == [[{"number": 404}, {"number": 410}], [{"number": 503}], []]
    assert len(queries) == 3  # each read is still a query of its own, logged and counted
    assert read_together() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="psycopg's pipeline mode")
def test_postgresql_sends_reads_together_in_one_pipeline(monkeypatch):
    """Pipeline mode sends every statement before waiting for any result: one round trip."""
    from django.db.backends.postgresql.base import ServerBindingCursor

    StatusCodeFactory(number=404)
    code = PreparedQuery(lambda number: StatusCode.objects.filter(number=number).values("number"))
    statuses = []
    real_fetchall = ServerBindingCursor.fetchall

    def fetchall(cursor):
        statuses.append(cursor.connection.pgconn.pipeline_status)
        return real_fetchall(cursor)

    monkeypatch.setattr(ServerBindingCursor, "fetchall", fetchall)
    assert read_together((code, (404,)), (code, (410,))) == [[{"number": 404}], []]
    assert len(statuses) == 2
    assert 0 not in statuses  # libpq's PQ_PIPELINE_OFF


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_postgresql_keeps_the_statement_prepared_when_the_connection_allows_it():
    StatusCodeFactory(number=404, phrase="Not Found")
    query = PreparedQuery(lambda number: StatusCode.objects.filter(number=number).values("phrase"))

    def prepared_statements():
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements")
            return [statement for (statement,) in cursor.fetchall() if '"phrase"' in statement]

    connection.ensure_connection()
    threshold = connection.connection.prepare_threshold
    assert query.rows(404) == [{"phrase": "Not Found"}]
    assert prepared_statements() == []  # the connection does not allow it (Django's default)
    connection.connection.prepare_threshold = 0
    try:
        assert query.rows(404) == [{"phrase": "Not Found"}]
        (statement,) = prepared_statements()
    finally:
        connection.connection.prepare_threshold = threshold
    assert "$1" in statement  # the number is a parameter, not part of the text
    assert query.rows(410) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite divides by zero quietly")
def test_a_failing_read_among_others_raises_djangos_error_and_the_connection_recovers():
    from django.db import DatabaseError, transaction

    StatusCodeFactory(number=404)
    code = PreparedQuery(lambda number: StatusCode.objects.filter(number=number).values("number"))
    # It compiles, and fails only when PostgreSQL runs it, in the middle of the pipeline.
    broken = PreparedQuery(
        lambda number: (
            StatusCode.objects.filter(number=number)
            .extra(where=["1 / (number - number) = 1"])
            .values("number")
        )
    )
    with pytest.raises(DatabaseError, match="division by zero"), transaction.atomic():
        read_together((code, (404,)), (broken, (404,)), (code, (404,)))
    assert read_together((code, (404,)), (code, (410,))) == [[{"number": 404}], []]
