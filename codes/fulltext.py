"""Full-text matching of words for search: on PostgreSQL, text search on a stored tsvector
column `fulltext` with a GIN index (migration 0007); on SQLite, FTS5 through a shadow table that
triggers keep in step with every write (migration 0005). On any other database, words are
matched with icontains.
"""

from __future__ import annotations

import re

from django.db import connections
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from .models import StatusCode, VendorExtension

WORD = re.compile(r"[^\W_]+")

# The text columns searched in each table: what migrations 0005 (SQLite) and 0007 (PostgreSQL)
# index, and what other databases match with icontains.
COLUMNS = {
    StatusCode: ["phrase", "summary", "body"],
    VendorExtension: ["phrase", "product", "summary", "body"],
}


def words_of(query: str) -> list[str]:
    """The letters-and-digits runs of a query, which is what both engines index."""
    return WORD.findall(query.lower())


def shadow_table(model) -> str:
    return f"{model._meta.db_table}_fulltext"


def matching(queryset: QuerySet, words: list[str]) -> Q:
    """A condition true for rows whose text has every word, each as a word or a word's start
    ("retr" finds "retry"); PostgreSQL also matches other forms of a word ("retries")."""
    if not words:
        return Q(pk__in=[])
    model = queryset.model
    vendor = connections[queryset.db].vendor
    if vendor == "postgresql":
        query = " & ".join(f"{word}:*" for word in words)
        table = model._meta.db_table
        sql = f"SELECT id FROM {table} WHERE fulltext @@ to_tsquery('english', %s)"
        return Q(pk__in=RawSQL(sql, [query]))
    if vendor == "sqlite":
        query = " ".join(f'"{word}"*' for word in words)
        table = shadow_table(model)
        return Q(pk__in=RawSQL(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [query]))
    condition = Q()
    for word in words:
        condition &= Q.create(
            [(f"{column}__icontains", word) for column in COLUMNS[model]], connector=Q.OR
        )
    return condition
