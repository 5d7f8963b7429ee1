"""Credit codes at the public edge (issue 12, findings 2 and 7): typed in full width, with spaces of any
kind or in lower case, a code is accepted and stored normalised; a ban recorded in lower case refuses the
unit applying in upper case (Art. 16)."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from submissions.models import Application
from tests import factories
from tests.factories import application_data, apply_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "typed", ["９１３５０１００Ｍ０００１００Ｙ４３", "9135 0100\u3000M000 100Y43", "91350100m000100y43"]
)
def test_a_code_typed_as_people_type_it_is_accepted_and_stored_normalised(post, open_round, typed):
    response = post(apply_url(open_round), application_data(lead_unit_credit_code=typed))
    assert response.status_code == 302
    assert Application.objects.get().lead_unit_credit_code == factories.VALID_CODE


def test_the_form_keeps_no_maxlength_that_would_cut_a_spaced_code(client, open_round):
    body = client.get(apply_url(open_round)).content.decode()
    tag = re.search(r'<input[^>]*name="lead_unit_credit_code"[^>]*>', body).group(0)
    assert "maxlength" not in tag


def test_zeros_are_refused_beside_the_field_with_what_is_wrong(post, open_round):
    body = post(apply_url(open_round), application_data(lead_unit_credit_code="0" * 18)).content.decode()
    assert 'id="id_lead_unit_credit_code_error"' in body
    assert "registration authority" in body or "登记管理部门" in body
    assert not Application.objects.exists()


def test_a_ban_entered_in_lower_case_in_the_admin_refuses_the_upper_case_applicant(client, post, open_round):
    client.force_login(get_user_model().objects.create_superuser("revoker", "r@example.com", "pw"))
    today = dt.date.today()
    added = client.post(
        reverse("revocations:add"),
        {
            "center_name": "某某促进中心",
            "lead_unit_name": "福州某科技有限公司",
            "credit_code": "91350100m000100y43",
            "cause": "false_materials",
            "revoked_on": (today - dt.timedelta(days=30)).isoformat(),
            "evidence": "",
        },
    )
    assert added.status_code == 302
    client.logout()
    body = post(apply_url(open_round), application_data(lead_unit_credit_code=factories.VALID_CODE)).content.decode()
    assert 'id="id_lead_unit_credit_code_error"' in body
    assert "某某促进中心" in body
    assert not Application.objects.exists()
