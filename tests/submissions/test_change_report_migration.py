"""The migration that moves change reports (Art. 17) from directory into submissions, run with data in
the tables: every report, its documents (same stored file names), its receipt and code, and the decide
permission arrive; nothing is lost."""

import datetime as dt

import pytest
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from submissions.models import ReceiptKind
from tests import factories as h

BEFORE = [("directory", "0004_reviewerarea"), ("submissions", "0005_change_reports")]
AFTER = [("directory", "0005_delete_change_reports"), ("submissions", "0006_copy_change_reports")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_change_reports_and_documents_move_to_submissions(site_tree, django_user_model):
    center = h.center(site_tree["home"], title="南昌市数字化转型促进中心", slug="nanchang-dtpc")
    staff = django_user_model.objects.create_user("decider", password="x")
    stored = storages["private"].save("change-reports/2025/02/consent.pdf", ContentFile(b"%PDF-1.4 consent"))
    try:
        apps = _migrate(BEFORE)
        OldReport = apps.get_model("directory", "ChangeReport")
        OldDocument = apps.get_model("directory", "ChangeReportDocument")
        Permission = apps.get_model("auth", "Permission")
        ContentType = apps.get_model("contenttypes", "ContentType")
        Group = apps.get_model("auth", "Group")
        common = {
            "center_id": center.pk,
            "kind": "name",
            "changed_on": dt.date(2025, 1, 31),
            "due_on": dt.date(2025, 2, 28),
            "reported_by": "center",
            "reporting_unit": "江西某某科技有限公司",
            "description": "更名",
            "management_unit_agreed": True,
            "contact_name": "王五",
            "phone": "13912345678",
            "email": "w@example.org",
        }
        pending = OldReport.objects.create(
            receipt_number=f"{ReceiptKind.CHANGE_REPORT}-2025-000001",
            access_code_hash=make_password("ABCD2345"),
            submitted_on=dt.date(2025, 3, 3),
            new_name="江西数智转型促进中心",
            **common,
        )
        OldDocument.objects.create(
            report=pending, file=stored, original_name="同意函.pdf", content_type="application/pdf", size=16
        )
        OldReport.objects.create(
            receipt_number=f"{ReceiptKind.CHANGE_REPORT}-2025-000002",
            access_code_hash=make_password("WXYZ6789"),
            submitted_on=dt.date(2025, 2, 10),
            state="rejected",
            reply="缺少管理单位同意函",
            decided_by_id=staff.pk,
            decided_at=dt.datetime(2025, 2, 12, 9, 0, tzinfo=dt.UTC),
            **common,
        )
        content_type, _ = ContentType.objects.get_or_create(app_label="directory", model="changereport")
        old_permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename="decide_changereport", defaults={"name": "Can confirm"}
        )
        group = Group.objects.create(name="Deciders")
        group.permissions.add(old_permission)

        apps = _migrate(AFTER)
        ChangeReport = apps.get_model("submissions", "ChangeReport")
        Attachment = apps.get_model("submissions", "Attachment")
        StatusChange = apps.get_model("submissions", "StatusChange")
        assert ChangeReport.objects.count() == 2
        first = ChangeReport.objects.get(receipt_number=f"{ReceiptKind.CHANGE_REPORT}-2025-000001")
        assert (first.center_id, first.state, first.new_name, first.due_on) == (
            center.pk,
            "pending",
            "江西数智转型促进中心",
            dt.date(2025, 2, 28),
        )
        assert first.public_id and first.submitted_at
        document = Attachment.objects.get(change_report=first)
        assert (document.file.name, document.original_name, document.size) == (stored, "同意函.pdf", 16)
        assert storages["private"].exists(document.file.name)
        second = ChangeReport.objects.get(receipt_number=f"{ReceiptKind.CHANGE_REPORT}-2025-000002")
        assert (second.state, second.reply, second.decided_by_id) == ("rejected", "缺少管理单位同意函", staff.pk)
        steps = list(StatusChange.objects.filter(change_report=second).order_by("pk").values_list("action", "to_state"))
        assert steps == [("submit", "pending"), ("return", "rejected")]
        Group = apps.get_model("auth", "Group")
        assert Group.objects.filter(
            name="Deciders",
            permissions__content_type__app_label="submissions",
            permissions__codename="decide_changereport",
        ).exists()
    finally:
        # Back to the newest schema (later migrations add columns the real models below read).
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
        storages["private"].delete(stored)

    # The real models and the lookup see the moved report with its code.
    from submissions.selectors import submission_for_receipt

    found = submission_for_receipt(receipt_number=f"{ReceiptKind.CHANGE_REPORT}-2025-000001", access_code="abcd2345")
    assert found is not None and found.attachments.count() == 1
