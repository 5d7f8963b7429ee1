"""The demo notices a newcomer sees first (docs/contract.md), loaded twice without duplicates."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import WorkflowPage

from directory.models import CenterPage, CenterRating, CenterStatus
from notices import windows
from notices.models import (
    ApplicationNotice,
    EvaluationBulletin,
    NoticeIndexPage,
    NoticePage,
    PolicyNotice,
    PublicityNotice,
    RevocationNotice,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_notices_match_the_contract(demo, client):
    today = timezone.localdate()
    now = timezone.now()
    measures = PolicyNotice.objects.get(locale__language_code="zh-hans", slug="management-measures-2024")
    assert measures.in_force_from == dt.date(2024, 10, 26)
    assert measures.document_number.startswith("赣工信规字〔2024〕")
    assert "第十五条" in str(measures.body)
    assert PolicyNotice.objects.filter(locale__language_code="en", translation_key=measures.translation_key).exists()

    applications = ApplicationNotice.objects.filter(locale__language_code="zh-hans", live=True)
    states = {n.round_year: windows.notice_status(n, at=now).state for n in applications}
    assert states[today.year] is windows.WindowState.APPLICATIONS_OPEN
    assert states[today.year - 1] is windows.WindowState.CLOSED

    publicity = {n.slug: n for n in PublicityNotice.objects.filter(locale__language_code="zh-hans", live=True)}
    open_one = publicity[f"publicity-{today.year}"]
    assert open_one.period_starts_on == today - dt.timedelta(days=2)
    assert open_one.period_ends_on == today + dt.timedelta(days=5)
    assert open_one.entries.count() >= 3
    assert open_one.entries.filter(center__isnull=False).exists()
    assert open_one.entries.filter(center__isnull=True).exists()
    ended = publicity[f"publicity-{today.year - 1}"]
    assert windows.notice_status(ended, at=now).state is windows.WindowState.ENDED

    bulletin = EvaluationBulletin.objects.get(locale__language_code="zh-hans")
    assert bulletin.evaluation_year == today.year - 1
    centers = CenterPage.objects.filter(locale__language_code="zh-hans")
    assert bulletin.ratings.count() == centers.filter(batch_year__lte=today.year - 1).count() > 0
    assert (
        CenterRating.objects.filter(source_page_id=bulletin.pk, year=today.year - 1).count() == bulletin.ratings.count()
    )

    revocation = RevocationNotice.objects.get(locale__language_code="zh-hans")
    assert revocation.center.status == CenterStatus.REVOKED

    for index in NoticeIndexPage.objects.all():
        assert WorkflowPage.objects.get(page=index).workflow.name == "Notice review"
    assert client.get("/notices/").status_code == 200
    assert client.get("/en/notices/").status_code == 200


def test_loading_the_demo_twice_adds_nothing(demo):
    counts = (NoticePage.objects.count(), CenterRating.objects.count(), WorkflowPage.objects.count())
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (NoticePage.objects.count(), CenterRating.objects.count(), WorkflowPage.objects.count()) == counts


def test_the_closed_publicity_result_agrees_with_its_objections(demo, client):
    """Issue 12, item 9: the ended 公示 must not say no objection was received while objections show; its
    result is written from the objections' counts."""
    from submissions.models import Objection

    checked = 0
    for notice in PublicityNotice.objects.filter(locale__language_code="zh-hans", live=True):
        if not windows.publicity_has_ended(notice.period_starts_on, notice.period_ends_on, at=timezone.now()):
            continue
        count = Objection.objects.filter(notice__translation_key=notice.translation_key).count()
        page = client.get(notice.url).content.decode()
        if count:
            checked += 1
            assert "未收到异议" not in page
            assert re.search(rf"收到异议\s*{count}\s*件", page)
    assert checked
