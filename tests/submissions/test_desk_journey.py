"""Tried as a new user would: a 南昌 reviewer logs in, sees only 南昌 applications and passes one with a
note; the submitter's status page shows it; a provincial editor sends it to expert review, approves a
batch for publicity and drafts the 公示. Plus the demo desk a newcomer clicks through."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from directory.models import ReviewerArea
from notices.models import PublicityNotice
from submissions.models import Application, Objection
from submissions.states import ApplicationState
from tests.factories import ACCESS_CODE

pytestmark = pytest.mark.django_db

PASSWORD = "demo-test-password"


def log_in(client, username):
    client.logout()
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "log-in failed"
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(client.get("/admin/").wsgi_request.user)
    profile.preferred_language = "en"
    profile.save()


def test_review_journey(client, world, django_capture_on_commit_callbacks):
    # The 南昌 reviewer logs in and sees only 南昌's applications.
    log_in(client, "nanchang")
    listing = client.get(reverse("submissions_application:index")).content.decode()
    assert world.app_a.receipt_number in listing
    assert world.app_b.receipt_number not in listing and world.app_assigned.receipt_number not in listing

    # …opens one and passes it with a note.
    detail = reverse("submissions_application:inspect", args=[world.app_a.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail, {"transition-action": "pass_preliminary", "transition-note": "材料齐全，同意推荐。"}, follow=True
        )
    assert "材料齐全，同意推荐。" in response.content.decode()

    # The submitter checks the status page with receipt number and access code.
    client.logout()
    status = client.post(
        reverse("submissions:status"), {"receipt_number": world.app_a.receipt_number, "access_code": ACCESS_CODE}
    )
    with translation.override("zh-hans"):
        assert str(ApplicationState.PRELIMINARY_PASSED.label) in status.content.decode()

    # A provincial editor sends it to expert review…
    log_in(client, "editor")
    client.post(detail, {"transition-action": "start_expert_review", "transition-note": "提交专家评审。"})
    world.app_a.refresh_from_db()
    assert world.app_a.state == ApplicationState.EXPERT_REVIEW

    # …approves a batch after expert review (proposes them for publicity)…
    batch = reverse("submissions_application:batch")
    ids = [world.app_a.pk, world.app_assigned.pk]
    confirm = client.get(batch, {"id": ids, "action": "propose_for_publicity"})
    assert confirm.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(batch, {"id": ids, "action": "propose_for_publicity", "note": "专家评审通过。"})
    assert set(Application.objects.filter(pk__in=ids).values_list("state", flat=True)) == {"in_publicity"}

    # …and a draft 公示 listing both appears under the notices, not published.
    client.post(reverse("submissions_application:publicity_draft"), {"round": world.round.pk})
    draft = PublicityNotice.objects.get(live=False)
    names = {e.lead_unit_name for e in draft.entries.all()}
    assert names == {world.app_a.lead_unit_name, world.app_assigned.lead_unit_name}
    explorer = client.get(reverse("wagtailadmin_explore", args=[draft.get_parent().pk])).content.decode()
    assert draft.title in explorer


def test_the_demo_desk_loads_twice_without_duplicates(site_tree):
    from directory import demo as directory_demo
    from notices import demo as notices_demo
    from submissions.demo_desk import DEMO_ACCESS_CODE, load_desk

    context = dict(site_tree)
    directory_demo.load(context)
    notices_demo.load(context)
    first = load_desk(context)
    counts = (Application.objects.count(), Objection.objects.count(), ReviewerArea.objects.count())
    second = load_desk(context)
    assert first == second
    assert (Application.objects.count(), Objection.objects.count(), ReviewerArea.objects.count()) == counts
    assert counts[0] >= 5 and counts[1] >= 2 and counts[2] == 2
    assert DEMO_ACCESS_CODE in first
    states = set(Application.objects.values_list("state", flat=True))
    assert {"received", "preliminary_passed", "expert_review", "in_publicity"} <= states
    nanchang = site_tree["users"]["nanchang"]
    from submissions.review import applications_visible_to

    visible = applications_visible_to(nanchang)
    assert visible.exists() and all(a.area.division_code == "3601" for a in visible)
    assert all(re.fullmatch(r"SB-\d{4}-\d{6}", a.receipt_number) for a in Application.objects.all())
