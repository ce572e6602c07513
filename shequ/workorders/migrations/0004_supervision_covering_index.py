"""On PostgreSQL, a covering index of the open orders only (closed ones, the great majority, are left out) with
the unit, the stage and the two limits, so that a supervision page — open orders by stage and unit, yellow and red
read off the clock — is answered from the index alone (bench/README.md: a district with a million open orders).
SQLite, the single-office default, scans its scope index."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS workorders_open_scope ON workorders_workorder (division_code) "
    "INCLUDE (status, unit_id, yellow_at, red_at) WHERE status <> 'closed'"
)
DROP = "DROP INDEX IF EXISTS workorders_open_scope"


def run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("workorders", "0003_clock_read_not_stored")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
