"""The full-text search indexes, declared in the models' Meta.indexes.

On PostgreSQL each is a GIN index of the same SearchVector that codes.search filters on, so
that the planner can use it. Other databases search with plain lookups and have no use for it:
there the index is left out (its statement is a comment), and migrations run unchanged.
"""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector

CONFIG = "english"
NOT_ON_THIS_DATABASE = "-- a full-text index exists on PostgreSQL only"


def search_document(*columns: str) -> SearchVector:
    return SearchVector(*columns, config=CONFIG)


class SearchIndex(GinIndex):
    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return NOT_ON_THIS_DATABASE
        return super().create_sql(model, schema_editor, using=using, **kwargs)

    def remove_sql(self, model, schema_editor, **kwargs):
        if schema_editor.connection.vendor != "postgresql":
            return NOT_ON_THIS_DATABASE
        return super().remove_sql(model, schema_editor, **kwargs)
