"""Full-text indexes for word search (see codes.fulltext): a GIN expression index on
PostgreSQL, an FTS5 shadow table kept in step by triggers on SQLite, nothing elsewhere.

A later migration that makes SQLite rebuild one of these tables (most column changes do) drops
its triggers with the old table: it must run this migration's SQLite statements again."""

from django.db import migrations

# (table, columns) as in codes.fulltext.COLUMNS; a migration keeps its own copy.
TABLES = [
    ("statuskb_statuscode", ["phrase", "summary", "body"]),
    ("statuskb_vendorextension", ["phrase", "product", "summary", "body"]),
]


def postgresql(table, columns):
    document = "to_tsvector('english', " + " || ' ' || ".join(columns) + ")"
    return [f"CREATE INDEX {table}_fulltext ON {table} USING gin ({document})"], [
        f"DROP INDEX IF EXISTS {table}_fulltext"
    ]


def sqlite(table, columns):
    shadow = f"{table}_fulltext"
    names = ", ".join(columns)
    new = ", ".join(f"new.{column}" for column in columns)
    old = ", ".join(f"old.{column}" for column in columns)
    delete = f"INSERT INTO {shadow} ({shadow}, rowid, {names}) VALUES ('delete', old.id, {old});"
    insert = f"INSERT INTO {shadow} (rowid, {names}) VALUES (new.id, {new});"
    forward = [
        f"CREATE VIRTUAL TABLE {shadow} USING fts5({names}, content='{table}', "
        f"content_rowid='id', tokenize='porter unicode61')",
        f"CREATE TRIGGER {shadow}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {shadow}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {shadow}_update AFTER UPDATE ON {table} BEGIN {delete} {insert} END",
        f"INSERT INTO {shadow} ({shadow}) VALUES ('rebuild')",
    ]
    backward = [
        f"DROP TRIGGER IF EXISTS {shadow}_{event}" for event in ("insert", "delete", "update")
    ] + [f"DROP TABLE IF EXISTS {shadow}"]
    return forward, backward


BUILDERS = {"postgresql": postgresql, "sqlite": sqlite}


def run(schema_editor, backward):
    builder = BUILDERS.get(schema_editor.connection.vendor)
    if builder is None:
        return
    for table, columns in TABLES:
        for statement in builder(table, columns)[backward]:
            schema_editor.execute(statement)


def create(apps, schema_editor):
    run(schema_editor, backward=False)


def drop(apps, schema_editor):
    run(schema_editor, backward=True)


class Migration(migrations.Migration):
    dependencies = [("statuskb", "0004_data_generation")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
