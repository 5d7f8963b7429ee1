"""The admin in Chinese (issue 16): workflow and task names read in Chinese in Wagtail's buttons
("提交通知审核", "批准并发布"), never "提交给Notice review" or "认定 和发布"; Art. 5 help text in the Chinese form
is Chinese."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Workflow
from wagtail.users.models import UserProfile

from notices.workflows import ensure_notice_workflow
from tests import factories

pytestmark = pytest.mark.django_db


def in_chinese(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "zh-hans"
    profile.save()
    client.force_login(user)
    return client


def test_the_workflow_buttons_read_in_chinese(client, site_tree):
    home = site_tree["home"]
    index = factories.notice_index(home)
    Workflow.objects.create(name="Moderators approval", active=True)  # as Wagtail's migration leaves it
    ensure_notice_workflow(index)
    notice = factories.policy_notice(home, slug="draft-policy")
    editor = in_chinese(client, site_tree["users"]["editor"])
    body = editor.get(reverse("wagtailadmin_pages:edit", args=(notice.pk,))).content.decode()
    assert "提交通知审核" in body
    assert "Notice review" not in body and "提交给" not in body
    assert not Workflow.objects.filter(name__in=["Notice review", "Moderators approval"]).exists()

    notice.save_revision(user=site_tree["users"]["editor"])
    Workflow.objects.get(name="通知审核").start(notice, site_tree["users"]["editor"])
    body = editor.get(reverse("wagtailadmin_pages:edit", args=(notice.pk,))).content.decode()
    assert "批准并发布" in body
    assert "认定 和发布" not in body and " 和发布" not in body


def test_the_application_step_is_still_called_recognise():
    from submissions.states import APPLICATION_TRANSITIONS

    with translation.override("zh-hans"):
        labels = {str(t.label) for t in APPLICATION_TRANSITIONS}
    assert "认定" in labels


def test_the_chinese_application_form_explains_each_condition_in_chinese(client, home):
    factories.area()
    notice = factories.application_notice(home, slug="apply-now")
    body = client.get(factories.apply_url(notice)).content.decode()
    assert "第五条（一）第1项" in body
    assert "Art. 5" not in body
