"""The evaluation desk (Art. 11–14): who sees which centers' materials and who takes which step — the
center, management unit A vs B, an industry center's recommending unit, an expert, the province — the
grade flow with its history and audit log, and the dashboards."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from submissions import evaluation_review as rules
from submissions.states import EvaluationState
from tests import factories as h

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


@pytest.fixture
def materials(evaluation):
    """Materials from each of the three centers."""
    return {
        "nanchang": h.evaluation_submission(evaluation.round, evaluation.nanchang_center),
        "ganzhou": h.evaluation_submission(evaluation.round, evaluation.ganzhou_center),
        "industry": h.evaluation_submission(evaluation.round, evaluation.industry_center),
    }


def detail(submission):
    return reverse("submissions_evaluations:detail", args=[submission.pk])


# Who may read which center's materials (and its files) in the desk.
MATRIX = {
    None: set(),  # the public, the center itself: never through the desk
    "nanchang": {"nanchang"},  # management unit A: its area's regional center only
    "ganzhou": {"ganzhou"},  # management unit B
    "industry": {"industry"},  # the industry center's recommending unit, not the regional ones in its area
    "expert": set(),  # nothing until assigned
    "editor": {"nanchang", "ganzhou", "industry"},  # the province
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_the_permission_matrix_for_materials_and_their_files(evaluation, materials, as_user, who):
    client = as_user(evaluation.user(who) if who else None)
    for name, submission in materials.items():
        allowed = name in MATRIX[who]
        page = client.get(detail(submission))
        file = client.get(reverse("submissions_attachment", args=[submission.attachments.get().pk]))
        public_file = client.get(f"/submissions/files/{submission.attachments.get().pk}/")
        if allowed:
            assert page.status_code == 200, (who, name)
            assert file.status_code == 200 and public_file.status_code == 200
        else:
            assert page.status_code in (302, 403, 404), (who, name)
            assert file.status_code in (302, 403, 404) and public_file.status_code == 404, (who, name)


def test_an_assigned_expert_reads_only_the_assigned_materials_and_decides_nothing(evaluation, materials, as_user):
    expert = evaluation.user("expert")
    rules.evaluation_assign_experts(submission=materials["ganzhou"], experts=[expert], by=evaluation.user("editor"))
    client = as_user(expert)
    assert client.get(detail(materials["ganzhou"])).status_code == 200
    assert client.get(detail(materials["nanchang"])).status_code == 404
    refused = client.post(detail(materials["ganzhou"]), {"action": "initial", "grade": "good", "note": "好"})
    assert refused.status_code in (302, 403) and refused.get("Location") != detail(materials["ganzhou"])
    materials["ganzhou"].refresh_from_db()
    assert materials["ganzhou"].state == EvaluationState.SUBMITTED
    with pytest.raises(PermissionDenied):
        rules.evaluation_initial_evaluate(submission=materials["ganzhou"], grade="good", note="好", by=expert)
    with pytest.raises(PermissionDenied):
        rules.evaluation_recheck(submission=materials["ganzhou"], grade="good", reason="", by=expert)


def test_management_unit_b_cannot_evaluate_unit_as_center_and_the_province_makes_no_initial_evaluation(
    evaluation, materials
):
    with pytest.raises(PermissionDenied):
        rules.evaluation_initial_evaluate(
            submission=materials["nanchang"], grade="good", note="n", by=evaluation.user("ganzhou")
        )
    with pytest.raises(PermissionDenied):
        rules.evaluation_initial_evaluate(
            submission=materials["nanchang"], grade="good", note="n", by=evaluation.user("editor")
        )
    with pytest.raises(PermissionDenied):
        rules.evaluation_recheck(
            submission=materials["nanchang"], grade="good", reason="", by=evaluation.user("nanchang")
        )


def test_the_grade_flow_initial_evaluation_then_recheck_with_history_and_audit_log(evaluation, materials, as_user):
    submission = materials["nanchang"]
    bureau = as_user(evaluation.user("nanchang"))
    missing_note = bureau.post(detail(submission), {"action": "initial", "grade": "good", "note": ""})
    assert missing_note.status_code == 400  # the note is required, beside the field
    response = bureau.post(detail(submission), {"action": "initial", "grade": "good", "note": "服务成效较好"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.state, submission.proposed_grade) == (EvaluationState.INITIALLY_EVALUATED, "good")

    province = as_user(evaluation.user("editor"))
    changed_without_reason = province.post(
        detail(submission), {"action": "recheck", "grade": "excellent", "reason": ""}
    )
    assert changed_without_reason.status_code == 400
    assert "Give the reason for changing the proposed grade." in changed_without_reason.content.decode()
    province.post(detail(submission), {"action": "recheck", "grade": "excellent", "reason": "专家复核认为成效突出"})
    submission.refresh_from_db()
    assert (submission.state, submission.final_grade) == (EvaluationState.RECHECKED, "excellent")

    steps = list(submission.history.values_list("action", "to_state", "actor__username"))
    assert steps == [
        ("submit", "submitted", None),
        ("initial_evaluation", "initially_evaluated", "nanchang"),
        ("recheck_change", "rechecked", "editor"),
    ]
    logged = ModelLogEntry.objects.filter(object_id=str(submission.pk), action=rules.EVALUATION_LOG_ACTION)
    assert sorted(e.data["action"] for e in logged) == ["initial_evaluation", "recheck_change"]
    page = province.get(detail(submission)).content.decode()
    assert "专家复核认为成效突出" in page


def test_confirming_the_proposed_grade_needs_no_reason(evaluation, materials):
    submission = rules.evaluation_initial_evaluate(
        submission=materials["industry"], grade="pass", note="基本达标", by=evaluation.user("industry")
    )
    rules.evaluation_recheck(submission=submission, grade="pass", reason="", by=evaluation.user("editor"))
    assert submission.history.last().action == "recheck_confirm"


def test_an_unknown_grade_is_refused(evaluation, materials):
    with pytest.raises(ValidationError):
        rules.evaluation_initial_evaluate(
            submission=materials["nanchang"], grade="superb", note="n", by=evaluation.user("nanchang")
        )


def test_sending_back_tells_the_center_what_is_missing_and_lets_it_submit_again(
    evaluation, materials, as_user, post, django_capture_on_commit_callbacks
):
    submission = materials["ganzhou"]
    with django_capture_on_commit_callbacks(execute=True):
        as_user(evaluation.user("ganzhou")).post(
            detail(submission), {"action": "send_back", "missing": "缺少年度服务台账"}
        )
    submission.refresh_from_db()
    assert submission.state == EvaluationState.RETURNED and submission.reply == "缺少年度服务台账"
    assert mail.outbox and submission.receipt_number in mail.outbox[-1].subject
    as_user(None)
    data = h.evaluation_data(evaluation.ganzhou_center, materials=h.pdf("补充材料.pdf"))
    assert post(evaluation.ganzhou_center.url + "evaluation/", data).status_code == 302


def test_the_management_unit_sees_what_is_due_and_who_has_not_submitted(evaluation, as_user):
    h.evaluation_submission(evaluation.round, evaluation.nanchang_center)
    page = as_user(evaluation.user("nanchang")).get(reverse("submissions_evaluations:index"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "南昌区域数字化转型促进中心" in text
    assert "赣州区域数字化转型促进中心" not in text  # unit B's center
    assert "电子信息行业数字化转型促进中心" not in text  # an industry center in 南昌, but not the bureau's
    other = as_user(evaluation.user("industry")).get(reverse("submissions_evaluations:index")).content.decode()
    assert "电子信息行业数字化转型促进中心" in other and "not submitted" in other


def test_the_province_sees_progress_per_area(evaluation, materials):
    rules.evaluation_initial_evaluate(
        submission=materials["nanchang"], grade="good", note="n", by=evaluation.user("nanchang")
    )
    rows = {row["area"]: row for row in rules.progress_by_area(evaluation.round)}
    assert rows["南昌市"] == {"area": "南昌市", "expected": 2, "submitted": 2, "initially_evaluated": 1, "rechecked": 0}
    assert rows["赣州市"]["submitted"] == 1 and rows["赣州市"]["initially_evaluated"] == 0


def test_staff_without_a_part_in_the_evaluation_are_refused(evaluation, as_user):
    clerk = h.UserFactory(username="clerk", permissions=["access_admin"])
    assert as_user(clerk).get(reverse("submissions_evaluations:index")).status_code in (302, 403)
    assert as_user(evaluation.user("handler")).get(reverse("submissions_evaluations:index")).status_code in (302, 403)
