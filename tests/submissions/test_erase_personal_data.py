"""PIPL: personal data of objections closed beyond the retention period is erased; counts and outcomes stay."""

import datetime as dt
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from submissions.models import Attachment, Objection, StatusChange
from submissions.selectors import notice_submission_counts
from submissions.states import ObjectionState
from tests import factories
from tests.factories import objection_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def objections(post, open_publicity):
    url = open_publicity.url + "objection/"
    for n in range(3):
        post(
            url,
            {
                **objection_data(open_publicity, real_name=f"异议人{n}", email=f"p{n}@example.com"),
                "evidence": [factories.png()],
            },
        )
    old, recent, still_open = Objection.objects.order_by("pk")
    for objection, state, closed_days_ago in (
        (old, ObjectionState.UPHELD, 400),
        (recent, ObjectionState.DISMISSED, 10),
    ):
        change = StatusChange.objects.create(
            objection=objection,
            action="close",
            from_state="investigating",
            to_state=state,
            note=f"已联系{objection.real_name}",
        )
        StatusChange.objects.filter(pk=change.pk).update(at=timezone.now() - dt.timedelta(days=closed_days_ago))
        objection.state = state
        objection.save()
    return old, recent, still_open


def test_closed_objections_past_retention_lose_personal_data_and_files(
    objections, open_publicity, django_capture_on_commit_callbacks
):
    old, recent, still_open = objections
    before = notice_submission_counts(open_publicity)
    old_file = Attachment.objects.get(objection=old).file.name
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("erase_objection_personal_data", "--days", "365", stdout=out)
    assert "Erased personal data of 1 objection" in out.getvalue()
    old.refresh_from_db()
    assert (old.real_name, old.phone, old.email, old.facts_and_reasons, old.unit) == ("", "", "", "", "")
    assert old.personal_data_erased_at is not None and old.state == ObjectionState.UPHELD
    assert not Attachment.objects.filter(objection=old).exists()
    assert not storages["private"].exists(old_file)
    assert all(change.note == "" for change in old.history.all())
    assert old.entries.exists() and old.receipt_number
    for kept in (recent, still_open):
        kept.refresh_from_db()
        assert kept.real_name and kept.personal_data_erased_at is None
        assert Attachment.objects.filter(objection=kept).exists()
    assert notice_submission_counts(open_publicity) == before


def test_dry_run_erases_nothing_and_a_second_run_finds_nothing(objections):
    out = StringIO()
    call_command("erase_objection_personal_data", "--days", "365", "--dry-run", stdout=out)
    assert out.getvalue().startswith("1 ")
    assert not Objection.objects.filter(personal_data_erased_at__isnull=False).exists()
    call_command("erase_objection_personal_data", "--days", "365", stdout=StringIO())
    again = StringIO()
    call_command("erase_objection_personal_data", "--days", "365", stdout=again)
    assert "0 objection" in again.getvalue()


def test_retention_boundary_uses_the_setting(objections, settings):
    settings.OBJECTION_RETENTION_DAYS = 5
    call_command("erase_objection_personal_data", stdout=StringIO())
    assert Objection.objects.filter(personal_data_erased_at__isnull=False).count() == 2
