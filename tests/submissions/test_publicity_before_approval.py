"""Art. 10 ("名单经公示无异议后"): a 公示 drafted from the desk keeps its applications; approval waits until
the period has ended and every objection against the entry has an outcome; an upheld objection stops
approval and is recorded with "not approved after publicity"; the public result is written from the data."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from directory.models import Revocation
from notices.models import PublicityNotice
from submissions.states import ApplicationState, ObjectionState
from tests.factories import application, objection

# One world for the module (a savepoint per test, the world read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_world_per_module")]


def draft_from_desk(world, as_user, count=2):
    apps = [
        application(
            world.round, world.nanchang_area, state=ApplicationState.IN_PUBLICITY, lead_unit_name=f"公示单位{i}"
        )
        for i in range(count)
    ]
    response = as_user(world.user("editor")).post(
        reverse("submissions_application:publicity_draft"), {"round": world.round.pk}
    )
    assert response.status_code == 302
    notice = PublicityNotice.objects.exclude(pk=world.publicity.pk).get()
    for app in apps:
        app.refresh_from_db()
    return notice, apps


def publish(notice, *, ended=True):
    """Publish the draft through Wagtail, with a period that has ended (or is still open)."""
    today = timezone.localdate()
    notice = PublicityNotice.objects.get(pk=notice.pk)
    notice.working_days = None
    notice.period_starts_on = today - dt.timedelta(days=10 if ended else 1)
    notice.period_ends_on = today - dt.timedelta(days=3) if ended else today + dt.timedelta(days=3)
    notice.save_revision().publish()
    return PublicityNotice.objects.get(pk=notice.pk)


def approve(client, app, note="公示无异议，予以认定。"):
    return client.post(
        reverse("submissions_application:inspect", args=[app.pk]),
        {"transition-action": "approve", "transition-note": note},
    )


def test_a_drafted_publicity_keeps_its_applications_through_publishing(world, as_user):
    notice, apps = draft_from_desk(world, as_user)
    entries = list(notice.entries.order_by("sort_order"))
    assert [a.publicity_entry_id for a in apps] == [e.pk for e in entries]
    assert [e.lead_unit_name for e in entries] == [a.lead_unit_name for a in apps]
    publish(notice)
    for app in apps:
        app.refresh_from_db()
    assert [a.publicity_entry_id for a in apps] == [e.pk for e in entries]


def test_approval_waits_for_publishing_and_the_end_of_the_period(world, as_user):
    notice, (app, _other) = draft_from_desk(world, as_user)
    client = as_user(world.user("editor"))

    unpublished = approve(client, app)
    assert unpublished.status_code == 400 and "has not been published" in unpublished.content.decode()

    notice = publish(notice, ended=False)
    still_open = approve(client, app)
    assert still_open.status_code == 400
    assert "Art. 10" in still_open.content.decode()
    assert notice.period_ends_on.strftime("%Y-%m-%d") in still_open.content.decode()
    app.refresh_from_db()
    assert app.state == ApplicationState.IN_PUBLICITY

    publish(notice, ended=True)
    assert approve(client, app).status_code == 302
    app.refresh_from_db()
    assert app.state == ApplicationState.APPROVED


def test_an_unanswered_objection_holds_approval_until_it_is_dismissed(world, as_user):
    notice, (app, other) = draft_from_desk(world, as_user)
    notice = publish(notice)
    pending = objection(notice, state=ObjectionState.INVESTIGATING)
    pending.entries.add(app.publicity_entry)
    client = as_user(world.user("editor"))

    inspect = client.get(reverse("submissions_application:inspect", args=[app.pk])).content.decode()
    assert 'id="publicity-check"' in inspect and pending.receipt_number in inspect
    refused = approve(client, app)
    assert refused.status_code == 400 and pending.receipt_number in refused.content.decode()
    assert approve(client, other).status_code == 302  # the objection is not against this one

    pending.state = ObjectionState.DISMISSED
    pending.save()
    assert approve(client, app).status_code == 302


def test_an_upheld_objection_stops_approval_and_is_recorded_when_not_approved(world, as_user):
    notice, (app, _other) = draft_from_desk(world, as_user)
    notice = publish(notice)
    upheld = objection(notice, state=ObjectionState.UPHELD)
    upheld.entries.add(app.publicity_entry)
    client = as_user(world.user("editor"))

    refused = approve(client, app)
    assert refused.status_code == 400
    assert "upheld" in refused.content.decode() and upheld.receipt_number in refused.content.decode()

    response = client.post(
        reverse("submissions_application:inspect", args=[app.pk]),
        {"transition-action": "reject_after_publicity", "transition-note": "异议成立。"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.state == ApplicationState.NOT_APPROVED
    assert upheld.receipt_number in app.history.get(action="reject_after_publicity").note


def test_approval_is_refused_for_a_banned_lead_unit_even_after_a_clean_publicity(world, as_user):
    notice, (app, _other) = draft_from_desk(world, as_user)
    publish(notice)
    Revocation.objects.create(
        center_name="旧中心",
        lead_unit_name=app.lead_unit_name,
        credit_code=app.lead_unit_credit_code,
        cause="false_materials",
        revoked_on=timezone.localdate(),
    )
    refused = approve(as_user(world.user("editor")), app)
    assert refused.status_code == 400 and "Art. 16" in refused.content.decode()


def test_an_application_on_no_publicity_cannot_be_approved(world, as_user):
    app = application(world.round, world.nanchang_area, state=ApplicationState.IN_PUBLICITY)
    refused = approve(as_user(world.user("editor")), app)
    assert refused.status_code == 400 and "on no 公示" in refused.content.decode()


def test_the_ended_publicity_page_states_the_result_from_the_objections(world, client, locales):
    notice = world.publicity
    notice.period_starts_on = timezone.localdate() - dt.timedelta(days=10)
    notice.period_ends_on = timezone.localdate() - dt.timedelta(days=2)
    notice.save_revision().publish()
    world.objection.state = ObjectionState.UPHELD
    world.objection.save()
    objection(notice, state=ObjectionState.DISMISSED)

    zh = client.get(notice.url).content.decode()
    assert "公示期内收到异议 2 件，其中成立 1 件" in zh
    english_page = notice.copy_for_translation(locales[1], copy_parents=True)
    english_page.title = "Publicity of the proposed 2025 centers"
    english_page.save_revision().publish()
    with translation.override("en"):
        english = client.get(english_page.get_url()).content.decode()
    assert "2 objections were received during the publicity period; 1 of them upheld." in english


def test_a_publicity_without_objections_says_so(world, client):
    notice = world.publicity
    notice.period_starts_on = timezone.localdate() - dt.timedelta(days=10)
    notice.period_ends_on = timezone.localdate() - dt.timedelta(days=2)
    notice.save_revision().publish()
    world.objection.delete()
    assert "公示期内未收到异议" in client.get(notice.url).content.decode()
