"""Read queries compiled to SQL once per process, for the pages an uncached request builds.

Building and compiling a queryset costs Django far more than SQLite or PostgreSQL take to run
it: about half a millisecond a query, against tens of microseconds of SQL. A page that runs the
same few queries for every number compiles them once, with a marker where the number goes, and
afterwards only executes the SQL and turns the rows into dicts, through the same converters
Django applies to values() querysets (dates from SQLite, for example). On PostgreSQL the
statement can also be prepared on the server (see server_bound_cursor), which saves planning it.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack, nullcontext
from typing import NamedTuple

from django.db import connections
from django.db.models import QuerySet

# Values no query of the app means by itself; each marks where one parameter goes.
MARKERS = (32_101, 32_102)


class Compiled(NamedTuple):
    alias: str
    sql: str
    constants: list  # the parameters, markers included
    slots: list[int | None]  # for each parameter, the argument it takes, if any
    names: list[str]
    converters: dict


class PreparedQuery:
    """A values() queryset of one or two integer parameters, compiled once per database."""

    def __init__(self, build: Callable[..., QuerySet]):
        self.build = build
        self.arity = build.__code__.co_argcount
        self.compiled: Compiled | None = None

    def marked(self) -> QuerySet:
        return self.build(*MARKERS[: self.arity])

    def compile(self, queryset: QuerySet) -> Compiled:
        query = queryset.query
        alias = queryset.db
        compiler = query.get_compiler(alias)
        sql, params = compiler.as_sql()
        slots = [MARKERS.index(param) if param in MARKERS else None for param in params]
        missing = set(range(self.arity)) - set(slots)
        if missing:
            raise ValueError(f"The query does not use parameter {min(missing)}: {sql}")
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        columns = compiler.select[: compiler.col_count]
        converters = compiler.get_converters([column[0] for column in columns])
        return Compiled(alias, sql, params, slots, names, converters)

    def statement(self, *arguments: int) -> tuple[str, list]:
        """The SQL and its parameters for these arguments."""
        if self.compiled is None:
            # Compiled once: the database a read goes to is the router's, fixed per process.
            self.compiled = self.compile(self.marked())
        compiled = self.compiled
        params = [
            constant if slot is None else arguments[slot]
            for constant, slot in zip(compiled.constants, compiled.slots, strict=True)
        ]
        return compiled.sql, params

    def rows(self, *arguments: int) -> list[dict]:
        return read_together((self, arguments))[0]

    def as_dicts(self, rows: list[tuple], connection) -> list[dict]:
        names, converters = self.compiled.names, self.compiled.converters
        if converters:
            rows = [list(row) for row in rows]
            for row in rows:
                for index, (functions, expression) in converters.items():
                    for convert in functions:
                        row[index] = convert(row[index], expression, connection)
        return [dict(zip(names, row, strict=True)) for row in rows]


def read_together(*reads: tuple[PreparedQuery, tuple[int, ...]]) -> list[list[dict]]:
    """The rows of several prepared reads, each given as (query, arguments). On PostgreSQL with
    psycopg 3 they go in one round trip (pipeline mode): a page's reads wait on the network once,
    not once each."""
    if not reads:
        return []
    statements = [query.statement(*arguments) for query, arguments in reads]
    aliases = {query.compiled.alias for query, _ in reads}
    if len(aliases) != 1:
        raise ValueError(f"Reads from more than one database cannot go together: {aliases}")
    connection = connections[aliases.pop()]
    with ExitStack() as stack:
        cursors = [stack.enter_context(server_bound_cursor(connection)) for _ in statements]
        with pipeline(connection):
            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                cursor.execute(sql, params)
            fetched = [cursor.fetchall() for cursor in cursors]
    return [
        query.as_dicts(rows, connection) for (query, _), rows in zip(reads, fetched, strict=True)
    ]


def pipeline(connection):
    """psycopg 3's pipeline mode on PostgreSQL: statements are sent without waiting for the
    results of the ones before. Elsewhere nothing changes."""
    connection.ensure_connection()
    start = getattr(connection.connection, "pipeline", None)
    return start() if connection.vendor == "postgresql" and start else nullcontext()


def server_bound_cursor(connection):
    """On PostgreSQL with psycopg 3, a cursor that sends parameters apart from the SQL, so that
    psycopg can keep the statement prepared on the connection once the database's OPTIONS allow
    it (prepare_threshold); Django's own cursors put the values into the SQL text, which can
    never be prepared. Elsewhere, Django's cursor."""
    if connection.vendor == "postgresql":
        try:
            from django.db.backends.postgresql.base import ServerBindingCursor
        except ImportError:  # psycopg2
            return connection.cursor()
        connection.ensure_connection()
        raw = ServerBindingCursor(connection.connection)
        if connection.queries_logged:
            return connection.make_debug_cursor(raw)
        return connection.make_cursor(raw)
    return connection.cursor()


def prepared(build: Callable[..., QuerySet]) -> PreparedQuery:
    """Decorate a function that returns the values() queryset for its integer arguments."""
    return PreparedQuery(build)
