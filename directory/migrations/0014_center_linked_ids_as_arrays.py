"""The ids a center's links name as `directory.fields.IdListField`: an integer array on PostgreSQL (the
directory's facet counts unnest it ~2.5× faster than jsonb), JSON text on SQLite as before.

PostgreSQL has no cast from jsonb to integer[] (and allows no subquery in ALTER … USING), so the column is
converted through its text: [1, 2] → {1, 2}. On SQLite the column stays as it is: text holding a JSON array
was what the JSON field stored too (its JSON_VALID check still holds). Reversible."""

from django.db import migrations

import directory.fields

COLUMNS = ("industry_ids", "service_ids")


def _alter(schema_editor, *, to_array: bool):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        if to_array:
            using, type_ = f"translate({column}::text, '[]', '{{}}')::integer[]", "integer[]"
        else:
            using, type_ = f"to_jsonb({column})", "jsonb"
        schema_editor.execute(f"ALTER TABLE directory_centerpage ALTER COLUMN {column} TYPE {type_} USING {using}")


def to_arrays(apps, schema_editor):
    _alter(schema_editor, to_array=True)


def to_json(apps, schema_editor):
    _alter(schema_editor, to_array=False)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0013_center_linked_ids"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(to_arrays, to_json)],
            state_operations=[
                migrations.AlterField(
                    model_name="centerpage",
                    name="industry_ids",
                    field=directory.fields.IdListField(verbose_name="industry ids"),
                ),
                migrations.AlterField(
                    model_name="centerpage",
                    name="service_ids",
                    field=directory.fields.IdListField(verbose_name="service ids"),
                ),
            ],
        ),
    ]
