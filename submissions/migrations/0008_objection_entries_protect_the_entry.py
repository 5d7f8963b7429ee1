"""Objection.entries gets an explicit through model whose link to the entry is PROTECT: deleting a 公示
entry that an objection names is refused instead of silently detaching the objection. The table, its
columns and its rows stay as they are (state only), so every existing link is kept."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0004_published_on_defaults_to_china_today"),
        ("submissions", "0007_one_form_one_receipt"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ObjectionEntry",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "objection",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="entry_links",
                                to="submissions.objection",
                            ),
                        ),
                        (
                            "entry",
                            models.ForeignKey(
                                db_column="publicityentry_id",
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="objection_links",
                                to="notices.publicityentry",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "objection filed against it",
                        "verbose_name_plural": "objections filed against it",
                        "db_table": "submissions_objection_entries",
                        "unique_together": {("objection", "entry")},
                    },
                ),
                migrations.AlterField(
                    model_name="objection",
                    name="entries",
                    field=models.ManyToManyField(
                        related_name="objections",
                        through="submissions.ObjectionEntry",
                        to="notices.publicityentry",
                        verbose_name="entries objected to",
                    ),
                ),
            ],
        ),
    ]
