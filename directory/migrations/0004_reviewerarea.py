"""ReviewerArea moves from `submissions` to `directory` (issue 11: the lifecycle desk needs it, and
directory may not import submissions). The table `submissions_reviewerarea` stays as it is: this
migration only tells Django's state that directory owns the model, and moves the model's content type
(and so its permissions and any admin log entries) to the directory app.
`submissions.0004_move_reviewerarea_to_directory` then drops it from submissions' state."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to_directory(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="directory", model="reviewerarea").exists():
        ContentType.objects.filter(app_label="submissions", model="reviewerarea").update(app_label="directory")


def content_type_to_submissions(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="submissions", model="reviewerarea").exists():
        ContentType.objects.filter(app_label="directory", model="reviewerarea").update(app_label="submissions")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0003_centerpage_name_sort_key"),
        ("submissions", "0003_reviewer_area"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ReviewerArea",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="directory.area",
                                verbose_name="area",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reviewer_areas",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="reviewer",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "reviewer area",
                        "verbose_name_plural": "reviewer areas",
                        "db_table": "submissions_reviewerarea",
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "area"), name="one_reviewer_area_per_user_area")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_directory, content_type_to_submissions),
    ]
