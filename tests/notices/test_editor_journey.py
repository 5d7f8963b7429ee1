"""An editor, as a new user would: creates a notice with an attachment, previews it, submits it for
review; another provincial editor approves; it is published, heads /notices/ and the feed."""

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from home.roles import PROVINCIAL_EDITORS
from notices.models import ApplicationNotice, PolicyNotice, PublicityNotice
from notices.workflows import ensure_notice_workflow
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def notices_index(site_tree):
    index = factories.notice_index(site_tree["home"])
    factories.policy_notice(site_tree["home"], title="较早的政策文件", published_on=timezone.localdate().replace(day=1))
    ensure_notice_workflow(index)
    return index


@pytest.fixture
def editor(site_tree):
    return site_tree["users"]["editor"]


@pytest.fixture
def reviewer(site_tree):
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user("reviewer2", password="pw-reviewer-2", is_staff=True)
    user.groups.add(Group.objects.get(name=PROVINCIAL_EDITORS))
    return user


def policy_form(document_id, **overrides):
    today = timezone.localdate().isoformat()
    data = {
        "title": "关于印发数字化转型促进中心运行评价指标的通知",
        "slug": "evaluation-indicators",
        "document_number": "赣工信规字〔2026〕2号",
        "published_on": today,
        "issuing_units": "江西省工业和信息化厅",
        "summary": "印发运行评价指标体系，请各地遵照执行。",
        "in_force_from": today,
        "body": streamfield([("paragraph", rich_text("<p>评价指标体系见附件。</p>"))]),
        "attachments": inline_formset([{"document": str(document_id), "caption": "评价指标体系（PDF）"}]),
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_editor_creates_previews_submits_and_a_reviewer_publishes(client, notices_index, editor, reviewer):
    client.force_login(editor)

    # 1. Upload the attachment in the document library.
    upload = client.post(
        reverse("wagtaildocs:add"),
        {"title": "评价指标体系", "file": SimpleUploadedFile("indicators.pdf", b"%PDF-1.4\n%indicators\n")},
    )
    assert upload.status_code == 302, upload.content.decode()[:2000]
    document = get_document_model().objects.get(title="评价指标体系")

    add_url = reverse("wagtailadmin_pages:add", args=("notices", "policynotice", notices_index.pk))
    assert client.get(add_url).status_code == 200

    # 2. Preview before saving.
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=("notices", "policynotice", notices_index.pk))
    check = client.post(preview_url, policy_form(document.pk))
    assert check.json()["is_valid"] is True
    preview = client.get(preview_url)
    assert "关于印发数字化转型促进中心运行评价指标的通知" in preview.content.decode()
    assert "评价指标体系（PDF）" in preview.content.decode()

    # 3. Submit for review: saved, not yet public.
    response = client.post(add_url, policy_form(document.pk, **{"action-submit": "Submit for review"}))
    assert response.status_code == 302
    page = PolicyNotice.objects.get(slug="evaluation-indicators")
    assert not page.live
    state = WorkflowState.objects.for_instance(page).get()
    assert state.workflow.name == "通知审核"
    assert client.get("/notices/evaluation-indicators/").status_code == 404

    # 4. Another provincial editor approves; approving the last task publishes.
    client.force_login(reviewer)
    task_state = page.current_workflow_task_state
    approve = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)), {"comment": "同意发布"}
    )
    assert approve.status_code == 302
    page.refresh_from_db()
    assert page.live

    # 5. The public sees it first in the listing and in the feed, with its attachment.
    client.logout()
    listing = client.get("/notices/").content.decode()
    first_card = listing.split('<li class="card">')[1]
    assert "关于印发数字化转型促进中心运行评价指标的通知" in first_card
    detail = client.get("/notices/evaluation-indicators/").content.decode()
    assert document.url in detail and "评价指标体系（PDF）" in detail
    feed = feedparser.parse(client.get("/notices/feed/").content)
    assert feed.entries[0].title == "关于印发数字化转型促进中心运行评价指标的通知"

    # 6. History records who did what.
    history = page.get_latest_revision()
    assert history is not None
    client.force_login(editor)
    assert client.get(reverse("wagtailadmin_pages:history", args=(page.pk,))).status_code == 200


def test_editor_cannot_publish_a_publicity_that_ends_before_it_starts(client, notices_index, editor):
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("notices", "publicitynotice", notices_index.pk))
    data = nested_form_data(
        {
            "title": "拟认定名单公示",
            "slug": "bad-publicity",
            "published_on": "2025-06-03",
            "issuing_units": "江西省工业和信息化厅",
            "summary": "",
            "period_starts_on": "2025-06-10",
            "working_days": "",
            "period_ends_on": "2025-06-09",
            "entries": inline_formset([{"proposed_name": "某促进中心", "lead_unit_name": "", "kind": ""}]),
            "objection_instructions": rich_text(""),
            "outcome": rich_text(""),
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "Publish",
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "公示结束日期不能早于开始日期" in body or "The period cannot end before it starts" in body
    assert not PublicityNotice.objects.filter(slug="bad-publicity").exists()


def test_editor_cannot_publish_a_window_that_closes_before_it_opens(client, notices_index, editor):
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("notices", "applicationnotice", notices_index.pk))
    data = nested_form_data(
        {
            "title": "申报通知",
            "slug": "bad-window",
            "published_on": "2025-06-03",
            "issuing_units": "江西省工业和信息化厅",
            "summary": "",
            "round_year": "2025",
            "window_opens_at": "2025-06-10 09:00",
            "window_closes_at": "2025-06-01 17:00",
            "accepts_regional": "on",
            "accepts_industry": "on",
            "requirements": rich_text(""),
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "Publish",
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "申报截止时间必须晚于开始时间" in body or "The window must close after it opens" in body
    assert not ApplicationNotice.objects.filter(slug="bad-window").exists()


def test_editor_cannot_rate_a_center_twice_on_one_bulletin(client, site_tree, notices_index, editor):
    center = factories.center(site_tree["home"], title="九江促进中心")
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("notices", "evaluationbulletin", notices_index.pk))
    data = nested_form_data(
        {
            "title": "2025年度评价结果",
            "slug": "bulletin-2025",
            "published_on": "2026-03-20",
            "issuing_units": "江西省工业和信息化厅",
            "summary": "",
            "evaluation_year": "2025",
            "ratings": inline_formset(
                [{"center": str(center.pk), "rating": "good"}, {"center": str(center.pk), "rating": "fail"}]
            ),
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "Publish",
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 200
    assert "九江促进中心" in response.content.decode() and "每个中心只能有一个评价等次" in response.content.decode()
    from notices.models import EvaluationBulletin

    assert not EvaluationBulletin.objects.filter(slug="bulletin-2025").exists()


def test_publishing_a_bulletin_tells_the_editor_what_the_directory_now_shows(client, site_tree, notices_index, editor):
    centers = [factories.center(site_tree["home"], title=f"促进中心{i}") for i in range(2)]
    client.force_login(editor)
    add_url = reverse("wagtailadmin_pages:add", args=("notices", "evaluationbulletin", notices_index.pk))
    data = nested_form_data(
        {
            "title": "2025年度评价结果",
            "slug": "bulletin-2025",
            "published_on": "2026-03-20",
            "issuing_units": "江西省工业和信息化厅",
            "summary": "",
            "evaluation_year": "2025",
            "ratings": inline_formset([{"center": str(c.pk), "rating": "good"} for c in centers]),
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "Publish",
        }
    )
    response = client.post(add_url, data, follow=True)
    assert response.status_code == 200
    assert "2025 年度 2 个中心的评价结果已在名录中显示" in response.content.decode()
