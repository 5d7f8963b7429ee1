"""A covering index of the search index's entries — (id, content_type_id, object_id) — on SQLite, through which
home.search's statements read each match's page type and page (SQLiteEngine.ENTRY_INDEX). The entries table
keeps each page's whole text in its rows, so reading a match's type from the table touched ~2.5× the pages."""

from django.db import migrations

INDEX = "search_entry_page_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{table}" ("id", "content_type_id", "object_id")')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0004_site_chrome_address_en"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop)]
