"""Art. 9 by kind (one center per area, one per industry, centers under reorganisation included) as the
reviewer sees the flag in the desk, and one submitted application per lead unit per round as the
applicant meets it on the form."""

import pytest
from django.urls import reverse

from directory.models import CenterKind, CenterStatus
from submissions.models import Application
from tests import factories
from tests.factories import apply_url

pytestmark = pytest.mark.django_db

FLAGGED = "Art. 9: this area or industry already has a center."
NOT_FLAGGED = "Art. 9: no existing center in this area or industry."


def flag_in_desk(client, world) -> str:
    """Log in as the provincial editor and read the Art. 9 line of the newest application."""
    application = Application.objects.exclude(state="draft").order_by("-pk").first()
    client.force_login(world.user("editor"))
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(world.user("editor"))
    profile.preferred_language = "en"
    profile.save()
    body = client.get(reverse("submissions_application:inspect", args=[application.pk])).content.decode()
    return FLAGGED if FLAGGED in body else NOT_FLAGGED if NOT_FLAGGED in body else "?"


@pytest.fixture
def reorganising_regional(world):
    return factories.center(
        world.home,
        "南昌市区域型数字化转型促进中心",
        kind=CenterKind.REGIONAL,
        area=world.nanchang_area,
        status=CenterStatus.REORGANISING,
    )


def test_regional_application_is_flagged_by_a_regional_center_under_reorganisation(
    client, post, world, reorganising_regional
):
    response = post(apply_url(world.round), factories.application_data(area=world.nanchang_area.pk))
    assert response.status_code == 302
    assert flag_in_desk(client, world) == FLAGGED


def test_a_revoked_regional_center_does_not_flag(client, post, world, reorganising_regional):
    reorganising_regional.status = CenterStatus.REVOKED
    reorganising_regional.save()
    post(apply_url(world.round), factories.application_data(area=world.nanchang_area.pk))
    assert flag_in_desk(client, world) == NOT_FLAGGED


def test_industry_application_is_not_flagged_by_a_regional_center_serving_the_industry(
    client, post, world, reorganising_regional
):
    # The regional center serves 电子信息 and 稀土; an industry application for 稀土 is not its duplicate.
    response = post(apply_url(world.round, CenterKind.INDUSTRY), factories.application_data(CenterKind.INDUSTRY))
    assert response.status_code == 302
    assert flag_in_desk(client, world) == NOT_FLAGGED


def test_industry_application_is_flagged_by_an_industry_center_of_that_industry(client, post, world):
    factories.center(
        world.home,
        "稀土行业数字化转型促进中心",
        kind=CenterKind.INDUSTRY,
        area=world.ganzhou_area,
        industries=[factories.industry("rare-earth", "稀土")],
        status=CenterStatus.REORGANISING,
    )
    post(apply_url(world.round, CenterKind.INDUSTRY), factories.application_data(CenterKind.INDUSTRY))
    assert flag_in_desk(client, world) == FLAGGED


def test_a_second_application_from_the_same_lead_unit_is_refused_beside_the_code(post, open_round):
    first = post(apply_url(open_round), factories.application_data())
    assert first.status_code == 302
    earlier = Application.objects.get()

    # Drafts are free…
    draft = post(apply_url(open_round), factories.application_data(action="draft", construction_plan=None))
    assert draft.status_code == 302
    # …a second submission is not.
    second = post(apply_url(open_round), factories.application_data(proposed_name="另一个中心"))
    body = second.content.decode()
    assert second.status_code == 200
    assert 'id="id_lead_unit_credit_code_error"' in body
    assert earlier.receipt_number in body
    assert f'href="{reverse("submissions:status")}"' in body
    assert Application.objects.exclude(state="draft").count() == 1
    assert 'value="另一个中心"' in body  # the rest of the input is kept


def test_the_database_refuses_a_second_submitted_application_too(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        factories.application(world.round, world.nanchang_area, lead_unit_credit_code=world.app_a.lead_unit_credit_code)
    factories.application(
        world.round,
        world.nanchang_area,
        state="draft",
        receipt_number=None,
        lead_unit_credit_code=world.app_a.lead_unit_credit_code,
    )
