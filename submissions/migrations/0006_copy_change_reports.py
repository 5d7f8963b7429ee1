"""Copy every change report (Art. 17) and its documents from the directory tables into submissions.

Receipt numbers, access-code hashes, dates, decisions and replies are kept; each document becomes an
Attachment of its report with the same stored file name (the files are not moved). Each report gets
history rows for the steps it has taken (received; confirmed or returned). Holders of the old
`directory.decide_changereport` permission get `submissions.decide_changereport`. Reversible: going
back copies the rows to the directory tables again.
"""

import uuid

from django.conf import settings
from django.db import migrations

SUBMIT, CONFIRM, RETURN = "submit", "confirm", "return"
DECISIONS = {"confirmed": CONFIRM, "rejected": RETURN}
FIELDS = (
    "receipt_number",
    "access_code_hash",
    "center_id",
    "kind",
    "changed_on",
    "due_on",
    "submitted_on",
    "reported_by",
    "reporting_unit",
    "description",
    "new_name",
    "new_lead_unit_name",
    "new_lead_unit_credit_code",
    "management_unit_agreed",
    "contact_name",
    "phone",
    "email",
    "language",
    "state",
    "decided_by_id",
    "decided_at",
    "reply",
    "old_name",
)
PERMISSIONS = (("decide_changereport", "Can confirm or return change reports"),)


def _permission(apps, app_label, codename, name=None):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model="changereport")
    if name is None:
        return Permission.objects.filter(content_type=content_type, codename=codename).first()
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _copy_permissions(apps, source_app, target_app):
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    for codename, name in PERMISSIONS:
        old = _permission(apps, source_app, codename)
        if old is None:
            continue
        new = _permission(apps, target_app, codename, name)
        for group in Group.objects.filter(permissions=old):
            group.permissions.add(new)
        for user in User.objects.filter(user_permissions=old):
            user.user_permissions.add(new)


def forwards(apps, schema_editor):
    OldReport = apps.get_model("directory", "ChangeReport")
    OldDocument = apps.get_model("directory", "ChangeReportDocument")
    ChangeReport = apps.get_model("submissions", "ChangeReport")
    Attachment = apps.get_model("submissions", "Attachment")
    StatusChange = apps.get_model("submissions", "StatusChange")
    for old in OldReport.objects.order_by("pk").iterator():
        report = ChangeReport.objects.create(
            public_id=uuid.uuid4(), submitted_at=old.created_at, **{name: getattr(old, name) for name in FIELDS}
        )
        # auto_now_add / auto_now would stamp today: keep the original dates.
        ChangeReport.objects.filter(pk=report.pk).update(created_at=old.created_at, updated_at=old.decided_at or old.created_at)
        for document in OldDocument.objects.filter(report_id=old.pk).order_by("pk"):
            attachment = Attachment.objects.create(
                change_report=report,
                role="evidence",
                file=document.file.name,
                original_name=document.original_name,
                content_type=document.content_type,
                size=document.size,
            )
            Attachment.objects.filter(pk=attachment.pk).update(uploaded_at=old.created_at)
        submitted = StatusChange.objects.create(change_report=report, action=SUBMIT, to_state="pending")
        StatusChange.objects.filter(pk=submitted.pk).update(at=old.created_at)
        if old.state in DECISIONS:
            decided = StatusChange.objects.create(
                change_report=report,
                action=DECISIONS[old.state],
                from_state="pending",
                to_state=old.state,
                note=old.reply if old.state == "rejected" else "",
                actor_id=old.decided_by_id,
            )
            StatusChange.objects.filter(pk=decided.pk).update(at=old.decided_at or old.created_at)
    _copy_permissions(apps, "directory", "submissions")


def backwards(apps, schema_editor):
    OldReport = apps.get_model("directory", "ChangeReport")
    OldDocument = apps.get_model("directory", "ChangeReportDocument")
    ChangeReport = apps.get_model("submissions", "ChangeReport")
    Attachment = apps.get_model("submissions", "Attachment")
    for report in ChangeReport.objects.order_by("pk").iterator():
        old = OldReport.objects.create(**{name: getattr(report, name) for name in FIELDS})
        OldReport.objects.filter(pk=old.pk).update(created_at=report.created_at)
        for attachment in Attachment.objects.filter(change_report_id=report.pk).order_by("pk"):
            OldDocument.objects.create(
                report=old,
                file=attachment.file.name,
                original_name=attachment.original_name,
                content_type=attachment.content_type,
                size=attachment.size,
            )
    ChangeReport.objects.all().delete()  # cascades to its attachments and history rows; files stay
    _copy_permissions(apps, "submissions", "directory")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0004_reviewerarea"),
        ("submissions", "0005_change_reports"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
