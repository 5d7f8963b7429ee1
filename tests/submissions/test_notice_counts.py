"""Public counts on notice pages: numbers and decided outcomes only, in a constant number of queries."""

import pytest
from django.template.loader import render_to_string

from submissions.models import Application, Objection
from submissions.states import ApplicationState, ObjectionState
from tests import factories

pytestmark = pytest.mark.django_db


def add_objections(notice, n, state=ObjectionState.RECEIVED):
    for i in range(n):
        Objection.objects.create(
            notice=notice,
            real_name=f"秘密姓名{i}",
            contact_name="x",
            phone="13900000000",
            email="x@example.com",
            facts_and_reasons="秘密的事实",
            state=state,
            receipt_number=f"YY-T-{state[:3]}{i}",
        )


def test_publicity_counts_show_outcomes_but_never_contents(open_publicity):
    add_objections(open_publicity, 3)
    add_objections(open_publicity, 2, ObjectionState.UPHELD)
    add_objections(open_publicity, 1, ObjectionState.DISMISSED)
    html = render_to_string("submissions/includes/notice_submissions.html", {"notice": open_publicity})
    assert "<dd>6</dd>" in html and "<dd>2</dd>" in html and "<dd>1</dd>" in html and "<dd>3</dd>" in html
    assert "秘密" not in html


def test_outcomes_are_hidden_until_something_is_decided(open_publicity):
    add_objections(open_publicity, 2)
    html = render_to_string("submissions/includes/notice_submissions.html", {"notice": open_publicity})
    assert "<dd>2</dd>" in html and "异议成立" not in html


def test_application_counts_leave_out_drafts(open_round):
    area = factories.area()
    for i, state in enumerate(
        [
            ApplicationState.DRAFT,
            ApplicationState.RECEIVED,
            ApplicationState.APPROVED,
            ApplicationState.PRELIMINARY_FAILED,
        ]
    ):
        Application.objects.create(
            notice=open_round,
            state=state,
            lead_unit_name="单位",
            lead_unit_credit_code=factories.credit_code(i),
            unit_type="university",
            area=area,
            kind="regional",
            contact_name="x",
            phone="13900000000",
            email="x@example.com",
            receipt_number=None if state == ApplicationState.DRAFT else f"SB-T-{i}",
        )
    from submissions.selectors import notice_submission_counts

    assert notice_submission_counts(open_round) == {
        "kind": "application",
        "received": 3,
        "approved": 1,
        "not_approved": 1,
        "in_progress": 1,
    }


@pytest.mark.parametrize("size", [2, 40])
def test_counts_take_one_query_whatever_the_number_of_objections(open_publicity, django_assert_max_num_queries, size):
    add_objections(open_publicity, size)
    with django_assert_max_num_queries(1):
        html = render_to_string("submissions/includes/notice_submissions.html", {"notice": open_publicity})
    assert f"<dd>{size}</dd>" in html
