"""Art. 16 at every step the measures name: a revocation recorded after the lead unit applied stops the
city bureau's recommendation, expert review and approval in the desk, with a clear message (not a 500)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Revocation
from tests.factories import application

pytestmark = pytest.mark.django_db


def revoke(app, *, on=None):
    """A revocation of the lead unit's earlier center, recorded after it applied (cause (1): two years)."""
    return Revocation.objects.create(
        center_name="南昌旧促进中心",
        lead_unit_name=app.lead_unit_name,
        credit_code=app.lead_unit_credit_code,
        cause="two_fails",
        revoked_on=on or timezone.localdate(),
    )


def first_free_day(revocation) -> str:
    return revocation.ban_ends_on.strftime("%Y-%m-%d")


def test_city_reviewer_cannot_pass_a_banned_lead_unit(world, as_user):
    revocation = revoke(world.app_a)
    client = as_user(world.user("nanchang"))
    url = reverse("submissions_application:inspect", args=[world.app_a.pk])
    response = client.post(url, {"transition-action": "pass_preliminary", "transition-note": "同意推荐"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Art. 16" in body and first_free_day(revocation) in body
    world.app_a.refresh_from_db()
    assert world.app_a.state == "received" and not world.app_a.history.exists()

    # Failing it stays possible.
    response = client.post(url, {"transition-action": "fail_preliminary", "transition-note": "撤销后两年内不得推荐"})
    assert response.status_code == 302
    world.app_a.refresh_from_db()
    assert world.app_a.state == "preliminary_failed"


def test_batch_pass_refuses_the_banned_one_and_moves_the_rest(world, as_user):
    other = application(world.round, world.nanchang_area)
    revocation = revoke(world.app_a)
    client = as_user(world.user("nanchang"))
    done = client.post(
        reverse("submissions_application:batch"),
        {"id": [world.app_a.pk, other.pk], "action": "pass_preliminary", "note": "同意推荐"},
        follow=True,
    )
    assert done.status_code == 200
    messages = [str(m) for m in done.context["messages"]]
    assert any(world.app_a.receipt_number in m and "Art. 16" in m and first_free_day(revocation) in m for m in messages)
    world.app_a.refresh_from_db()
    other.refresh_from_db()
    assert world.app_a.state == "received" and other.state == "preliminary_passed"


@pytest.mark.parametrize(
    "state,action", [("preliminary_passed", "start_expert_review"), ("expert_review", "propose_for_publicity")]
)
def test_province_cannot_carry_a_banned_unit_through_expert_review(world, as_user, state, action):
    app = application(world.round, world.nanchang_area, state=state)
    revoke(app, on=timezone.localdate() - dt.timedelta(days=30))
    response = as_user(world.user("editor")).post(
        reverse("submissions_application:inspect", args=[app.pk]),
        {"transition-action": action, "transition-note": "继续"},
    )
    assert response.status_code == 400 and "Art. 16" in response.content.decode()
    app.refresh_from_db()
    assert app.state == state


def test_an_expired_ban_does_not_stop_the_step(world, as_user):
    revoke(world.app_a, on=timezone.localdate() - dt.timedelta(days=3 * 366))
    response = as_user(world.user("nanchang")).post(
        reverse("submissions_application:inspect", args=[world.app_a.pk]),
        {"transition-action": "pass_preliminary", "transition-note": "同意推荐"},
    )
    assert response.status_code == 302
