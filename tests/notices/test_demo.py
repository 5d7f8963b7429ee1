"""The demo notices a newcomer sees first (docs/contract.md), loaded twice without duplicates."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import Locale, Page, WorkflowPage

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
def demo(demo_content):
    """The demo, loaded once for this module's tests (tests/conftest.py)."""


def test_demo_notices_match_the_contract(demo, client):
    today = timezone.localdate()
    now = timezone.now()
    measures = PolicyNotice.objects.get(locale__language_code="zh-hans", slug="management-measures-2024")
    assert measures.in_force_from == dt.date(2024, 10, 26)
    assert measures.document_number.startswith("赣工信规字〔2024〕")
    assert "第十五条" in str(measures.body)
    assert PolicyNotice.objects.filter(locale__language_code="en", translation_key=measures.translation_key).exists()

    applications = ApplicationNotice.objects.filter(locale__language_code="zh-hans", live=True)
    states = {n.slug: windows.notice_status(n, at=now).state for n in applications}
    assert states[f"application-{today.year}"] is windows.WindowState.APPLICATIONS_OPEN
    assert states[f"application-{today.year - 1}"] is windows.WindowState.CLOSED

    publicity = {n.slug: n for n in PublicityNotice.objects.filter(locale__language_code="zh-hans", live=True)}
    open_one = publicity[f"publicity-{today.year}"]
    assert open_one.period_starts_on == today - dt.timedelta(days=2)
    assert open_one.period_ends_on == today + dt.timedelta(days=5)
    assert open_one.entries.count() >= 3
    # The proposed list names new units only, never a center already recognised, and no placeholder "某".
    recognised = set(CenterPage.objects.filter(locale__language_code="zh-hans").values_list("title", flat=True))
    assert not open_one.entries.filter(center__isnull=False).exists()
    assert not {e.proposed_name for e in open_one.entries.all()} & recognised
    assert all("某" not in e.lead_unit_name and e.lead_unit_name for e in open_one.entries.all())
    # It came from a round whose window has closed; the ended one's round and published list are linked.
    assert windows.notice_status(open_one.round_notice, at=now).state is windows.WindowState.CLOSED
    ended = publicity[f"publicity-{today.year - 1}"]
    assert windows.notice_status(ended, at=now).state is windows.WindowState.ENDED
    assert ended.round_notice.slug == f"application-{today.year - 1}" and ended.list_notice.live
    listed_centers = {e.center.title for e in ended.entries.filter(center__isnull=False)}
    assert listed_centers == set(
        CenterPage.objects.filter(locale__language_code="zh-hans", batch_year=today.year - 1).values_list(
            "title", flat=True
        )
    )
    assert all(name in str(ended.list_notice.body) for name in listed_centers)

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
        assert WorkflowPage.objects.get(page=index).workflow.name == "通知审核"
    assert client.get("/notices/").status_code == 200
    assert client.get("/en/notices/").status_code == 200


# That a second load adds nothing (notices, ratings, workflows: every model) is checked once, in
# tests/home/test_foundation.py.


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


def test_every_demo_notice_has_its_english_version_in_english(demo, client):
    """Issue 16: the bulletin, the revocation and every other demo notice read in English, with the
    centers' English names and English rating words where they exist."""
    for page in Page.objects.live().filter(locale__language_code="zh-hans", depth__gt=1):
        english = page.get_translation_or_none(Locale.objects.get(language_code="en"))
        assert english is not None and english.live, page.title
    bulletin = EvaluationBulletin.objects.get(locale__language_code="en")
    body = client.get(bulletin.url).content.decode()
    assert "Digital Transformation Promotion Center" in body and "促进中心" not in body.split("Ratings for")[1]
    assert "优秀" not in body and "良好" not in body
    revocation = RevocationNotice.objects.get(locale__language_code="en")
    body = client.get(revocation.url).content.decode()
    assert "Jiujiang Textile" in body or "Jiujiang" in body.split("<dt>Center</dt>")[1][:300]
    for notice in NoticePage.objects.live().filter(locale__language_code="en"):
        body = client.get(notice.url).content.decode()
        issued_by = body.split("<dt>Issued by</dt><dd>")[1].split("</dd>")[0]
        assert issued_by.startswith("Department of Industry and Information Technology"), (notice.title, issued_by)
        assert not re.search(r"[\u4e00-\u9fff]", issued_by), (notice.title, issued_by)


def test_listed_names_are_punctuated_in_the_readers_language(demo, client):
    """Issue 16: 萍乡市、九江市 in Chinese, "Pingxiang, Jiujiang" in English; English table cells start with a
    capital (Industry, not industry)."""
    zh = PublicityNotice.objects.live().get(locale__language_code="zh-hans", title__contains="2026年度第一批")
    body = client.get(zh.url).content.decode()
    areas = body.split("<dt>涉及地区</dt>")[1].split("</dd>")[0]
    assert "、" in areas and ", " not in areas
    english = zh.get_translation(Locale.objects.get(language_code="en"))
    body = client.get(english.url).content.decode()
    areas = body.split("<dt>Areas concerned</dt>")[1].split("</dd>")[0]
    assert ", " in areas and "、" not in areas
    kinds = re.findall(r'<td data-label="Kind">([^<]*)</td>', body)
    assert kinds and all(kind[:1].isupper() for kind in kinds), kinds


def test_objections_name_the_entries_they_are_about(demo):
    """The upheld objection on the ended 公示 names the unit not approved after it, never a center the
    directory shows as recognised; objectors' units are real-looking names, not "某…"."""
    from submissions.models import Objection

    for objection in Objection.objects.all():
        assert "某" not in objection.unit
        if objection.state == "upheld":
            assert all(entry.center_id is None for entry in objection.entries.all())
