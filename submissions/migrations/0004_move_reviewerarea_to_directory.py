"""ReviewerArea now belongs to `directory` (directory.0004_reviewerarea); its table
`submissions_reviewerarea` stays where it is, so this only removes the model from submissions' state."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_reviewerarea"),
        ("submissions", "0003_reviewer_area"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReviewerArea")],
            database_operations=[],
        ),
    ]
