"""A trigram index on the residents' pinyin search keys, on PostgreSQL only (bench/README.md: the street-wide
`LIKE '% zh%'` search at ten million residents). SQLite keeps its plain scan within the street's code range."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

CREATE = "CREATE INDEX IF NOT EXISTS people_resident_pinyin_trgm ON people_resident USING gin (pinyin_keys gin_trgm_ops)"
DROP = "DROP INDEX IF EXISTS people_resident_pinyin_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("people", "0005_resident_order_index")]

    operations = [TrigramExtension(), migrations.RunPython(forwards, backwards)]
