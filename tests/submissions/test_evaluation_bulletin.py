"""The bulletin drafted from a round's confirmed grades (Art. 14), and that publishing it changes the
directory exactly as a bulletin typed by an editor does (ratings, reorganisation, revocation proposals;
Art. 15, 17). The public never sees materials or unpublished grades."""

import pytest
from django.urls import reverse
from wagtail.models import Page

from directory.models import CenterPage, CenterRating, CenterStatus, ReorganisationTask, RevocationProposal
from directory.services import center_record_rating
from notices.models import EvaluationBulletin
from submissions import evaluation_review as rules
from submissions.states import EvaluationState
from tests import factories as h

pytestmark = pytest.mark.django_db


def grade(evaluation, submission, *, proposed, final, unit):
    rules.evaluation_initial_evaluate(submission=submission, grade=proposed, note="初评意见", by=evaluation.user(unit))
    reason = "" if final == proposed else "复核调整"
    return rules.evaluation_recheck(submission=submission, grade=final, reason=reason, by=evaluation.user("editor"))


def test_one_action_drafts_the_bulletin_with_every_confirmed_grade_and_nothing_else(evaluation, as_user):
    nanchang = h.evaluation_submission(evaluation.round, evaluation.nanchang_center)
    ganzhou = h.evaluation_submission(evaluation.round, evaluation.ganzhou_center)
    h.evaluation_submission(evaluation.round, evaluation.industry_center)  # not yet evaluated: left off
    grade(evaluation, nanchang, proposed="good", final="excellent", unit="nanchang")
    grade(evaluation, ganzhou, proposed="fail", final="fail", unit="ganzhou")

    province = as_user(evaluation.user("editor"))
    response = province.post(reverse("submissions_evaluations:bulletin", args=[evaluation.round.pk]))

    bulletin = EvaluationBulletin.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "wagtailadmin_pages:edit", args=[bulletin.pk]
    )
    assert not bulletin.live and bulletin.evaluation_year == evaluation.round.evaluation_year
    assert {(r.center_id, r.rating) for r in bulletin.ratings.all()} == {
        (evaluation.nanchang_center.pk, "excellent"),
        (evaluation.ganzhou_center.pk, "fail"),
    }
    assert nanchang.history.last().action == "bulletin_drafted"
    # The draft changes nothing yet, and the public sees neither grades nor materials.
    assert CenterPage.objects.get(pk=evaluation.nanchang_center.pk).latest_rating == ""
    as_user(None)
    public = province.get(evaluation.nanchang_center.url).content.decode()
    assert "优秀" not in public and "excellent" not in public and "全年服务企业" not in public


def test_only_the_province_drafts_the_bulletin_and_not_without_confirmed_grades(evaluation, as_user):
    submission = h.evaluation_submission(evaluation.round, evaluation.nanchang_center)
    bureau = as_user(evaluation.user("nanchang"))
    bureau.post(reverse("submissions_evaluations:bulletin", args=[evaluation.round.pk]))
    province = as_user(evaluation.user("editor"))
    empty = province.post(reverse("submissions_evaluations:bulletin", args=[evaluation.round.pk]), follow=True)
    assert "No grade of this round has been re-checked yet." in empty.content.decode()
    assert not EvaluationBulletin.objects.exists()
    assert submission.state == EvaluationState.SUBMITTED


def _standing(centers) -> list:
    """What the directory says of each center: status, latest rating, ratings recorded, reorganisation
    tasks and revocation proposals (without ids, pages or dates that differ between two runs)."""
    rows = []
    for center in centers:
        center = CenterPage.objects.get(pk=center.pk)
        rows.append(
            (
                center.status,
                center.latest_rating,
                center.latest_rating_year,
                sorted(CenterRating.objects.filter(center_key=center.translation_key).values_list("year", "rating")),
                sorted(ReorganisationTask.objects.filter(center=center).values_list("rating_year", "closed")),
                sorted(RevocationProposal.objects.filter(center=center).values_list("cause", "rating_year", "state")),
            )
        )
    return rows


def test_publishing_the_drafted_bulletin_changes_the_directory_exactly_as_a_typed_one(evaluation):
    """Two sets of centers with the same past (one failed last year, one under reorganisation, one clean);
    one set is graded through the desk and its drafted bulletin published, the other gets the same grades
    on a bulletin typed by an editor. The directory ends the same for both."""
    year = evaluation.round.evaluation_year
    grades = ["fail", "pass", "good"]  # second fail in a row → revocation proposal; a pass ends reorganisation

    def centers(prefix):
        made = [
            h.center(
                evaluation.home,
                f"{prefix}促进中心{i}",
                area=evaluation.nanchang_area,
                management_unit="江西省电子信息行业协会",
            )
            for i in range(3)
        ]
        center_record_rating(center=made[0], year=year - 1, rating="fail", reason="上年通报")
        center_record_rating(center=made[1], year=year - 1, rating="fail", reason="上年通报")
        center_record_rating(center=made[2], year=year - 1, rating="good", reason="上年通报")
        return made

    desk_centers, typed_centers = centers("甲"), centers("乙")
    assert CenterPage.objects.get(pk=desk_centers[1].pk).status == CenterStatus.REORGANISING

    for center, value in zip(desk_centers, grades, strict=True):
        submission = h.evaluation_submission(evaluation.round, CenterPage.objects.get(pk=center.pk))
        grade(evaluation, submission, proposed=value, final=value, unit="industry")
    drafted = rules.evaluation_bulletin_from_round(notice=evaluation.round, by=evaluation.user("editor"))
    h.publish(Page.objects.get(pk=drafted.pk).specific)

    h.bulletin(evaluation.home, year=year, ratings=dict(zip(typed_centers, grades, strict=True)))

    desk, typed = _standing(desk_centers), _standing(typed_centers)
    assert desk == typed
    assert desk[0][1:3] == ("fail", year) and desk[0][5]  # the second fail proposes revocation (Art. 15 (1))
    assert desk[1][0] == CenterStatus.ACTIVE  # a pass after reorganisation ends it (Art. 17)
