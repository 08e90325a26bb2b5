"""On PostgreSQL, announce every new data generation to the processes listening (see
codes.watcher); other databases have nothing to do."""

from django.db import migrations

FORWARD = [
    """
    CREATE FUNCTION statuskb_datageneration_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('statuskb_generation', NEW.value::text);
        RETURN NEW;
    END
    $$
    """,
    """
    CREATE TRIGGER statuskb_datageneration_notify
    AFTER INSERT OR UPDATE ON statuskb_datageneration
    FOR EACH ROW EXECUTE FUNCTION statuskb_datageneration_notify()
    """,
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS statuskb_datageneration_notify ON statuskb_datageneration",
    "DROP FUNCTION IF EXISTS statuskb_datageneration_notify()",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("statuskb", "0005_fulltext")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
