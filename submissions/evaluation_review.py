"""The evaluation desk's rules (Art. 11–14): who sees which centers' materials, the initial evaluation
by the management unit, the province's re-check, and the bulletin drafted from the confirmed grades.

Row-level access: the province (provincial editors) sees every round's materials and every initial
result; a management unit (a city bureau through `ReviewerArea`, an industry center's recommending unit
through `ReviewerUnit`; `directory.management_units`) sees its own centers' materials only; an expert
reads the materials assigned to them. Nobody else, and never the public: grades stay here until the
bulletin is published. Every step is a history row and an audit-log entry.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from directory.management_units import centers_managed_by, centers_to_evaluate, management_units_of
from directory.models import Rating
from home.roles import EXPERT, PROVINCIAL_EDITOR, user_roles
from notices import drafting
from submissions import notifications
from submissions.models import EvaluationSubmission, StatusChange
from submissions.states import EvaluationState

EVALUATION_LOG_ACTION = "submissions.evaluation_step"
EVALUATION_STEP_LABELS = {
    "submit": gettext_lazy("Materials submitted"),
    "initial_evaluation": gettext_lazy("Initial evaluation (初评)"),
    "send_back": gettext_lazy("Returned for missing materials"),
    "assign_experts": gettext_lazy("Experts assigned"),
    "recheck_confirm": gettext_lazy("Re-check: grade confirmed"),
    "recheck_change": gettext_lazy("Re-check: grade changed"),
    "bulletin_drafted": gettext_lazy("Put on the draft bulletin"),
}

# --- Who sees what (Art. 11, 13) -------------------------------------------------------------------


def evaluations_visible_to(user) -> QuerySet[EvaluationSubmission]:
    """Art. 11, 13: the evaluation materials `user` may read. The province: all (it re-checks every
    result). A management unit: those of the centers it manages (`management_unit` as stored when the
    center submitted). An expert: those assigned to them. Anyone else: none. Several roles: the union. Drafts are the center's own: nobody on staff sees them."""
    roles = user_roles(user)
    received = EvaluationSubmission.objects.exclude(state=EvaluationState.DRAFT)
    if PROVINCIAL_EDITOR in roles:
        return received
    scope = Q(pk__in=[])
    units = management_units_of(user)
    if units:
        scope |= Q(management_unit__in=units)
    if EXPERT in roles:
        scope |= Q(assigned_experts=user)
    if scope == Q(pk__in=[]):
        return EvaluationSubmission.objects.none()
    return received.filter(scope).distinct()


def can_view_evaluation(user, submission: EvaluationSubmission) -> bool:
    """The Python check for `evaluations_visible_to`: one query, the same rule."""
    return submission.pk is not None and evaluations_visible_to(user).filter(pk=submission.pk).exists()


def can_use_evaluation_desk(user) -> bool:
    """Whoever takes part in the evaluation: the province, a management unit, an expert."""
    roles = user_roles(user)
    return bool(PROVINCIAL_EDITOR in roles or EXPERT in roles or management_units_of(user))


def can_initially_evaluate(user, submission: EvaluationSubmission) -> bool:
    """Art. 11, 13: the initial evaluation (初评) and returning materials for completion are the center's
    management unit's, and only its own (not the province's, not an expert's)."""
    return submission.management_unit.strip() in management_units_of(user)


def can_recheck(user) -> bool:
    """Art. 13: the province re-checks (复核) the initial results, assigns experts and drafts the bulletin."""
    return PROVINCIAL_EDITOR in user_roles(user)


# --- Steps ------------------------------------------------------------------------------------------


def _record(submission, *, action: str, from_state: str, note: str, by, grade: str = "") -> None:
    StatusChange.objects.create(
        evaluation=submission, action=action, from_state=from_state, to_state=submission.state, note=note, actor=by
    )
    log(
        instance=submission,
        action=EVALUATION_LOG_ACTION,
        user=by,
        data={"action": action, "from": from_state, "to": submission.state, "grade": grade, "note": note},
    )


def _ensure_grade(grade: str, field: str) -> None:
    """Art. 14: the result is one of the four grades 优秀, 良好, 合格, 不合格."""
    if grade not in Rating.values:
        raise ValidationError({field: _("Choose one of the four grades (Art. 14).")})


def _ensure_state(submission, *states) -> None:
    if submission.state not in states:
        raise ValidationError(
            _("This step is not possible now: the materials are “%(state)s”.")
            % {"state": submission.get_state_display()}
        )


@transaction.atomic
def evaluation_initial_evaluate(*, submission: EvaluationSubmission, grade: str, note: str, by) -> EvaluationSubmission:
    """Art. 13–14: the management unit checks the materials and proposes a grade (初评) with a note,
    reporting both to the province. Only the center's own management unit, only on submitted materials."""
    if not can_initially_evaluate(by, submission):
        raise PermissionDenied
    _ensure_state(submission, EvaluationState.SUBMITTED)
    _ensure_grade(grade, "grade")
    if not (note or "").strip():
        raise ValidationError({"note": _("Say on what the proposed grade rests.")})
    from_state = submission.state
    submission.proposed_grade = grade
    submission.initial_note = note.strip()
    submission.initially_evaluated_by = by
    submission.initially_evaluated_at = timezone.now()
    submission.state = EvaluationState.INITIALLY_EVALUATED
    submission.save()
    _record(
        submission, action="initial_evaluation", from_state=from_state, note=submission.initial_note, by=by, grade=grade
    )
    return submission


@transaction.atomic
def evaluation_send_back(*, submission: EvaluationSubmission, missing: str, by) -> EvaluationSubmission:
    """Art. 13: the management unit returns materials that are incomplete, telling the center what is
    missing (the reply it sees on the status page and by email). The center sends them again, complete,
    from its page while the window is open (`earlier_evaluation_for` then no longer counts these)."""
    if not can_initially_evaluate(by, submission):
        raise PermissionDenied
    _ensure_state(submission, EvaluationState.SUBMITTED)
    if not (missing or "").strip():
        raise ValidationError({"missing": _("Tell the center which materials are missing.")})
    from_state = submission.state
    submission.state = EvaluationState.RETURNED
    submission.reply = missing.strip()
    submission.save()
    _record(submission, action="send_back", from_state=from_state, note=submission.reply, by=by)
    notifications.send_status_changed(submission)
    return submission


@transaction.atomic
def evaluation_assign_experts(*, submission: EvaluationSubmission, experts, by) -> EvaluationSubmission:
    """Art. 13: the province may have experts help with the re-check; an assigned expert reads the
    center's materials and results, and decides nothing."""
    if not can_recheck(by):
        raise PermissionDenied
    experts = list(experts)
    submission.assigned_experts.set(experts)
    names = ", ".join(e.get_full_name() or e.get_username() for e in experts)
    _record(submission, action="assign_experts", from_state=submission.state, note=names, by=by)
    return submission


@transaction.atomic
def evaluation_recheck(*, submission: EvaluationSubmission, grade: str, reason: str, by) -> EvaluationSubmission:
    """Art. 13–14: the province re-checks (复核) an initial result: confirms the proposed grade or changes
    it, giving the reason when it changes it. Only initially evaluated materials; a grade re-checked
    already may be re-checked again (with its reason) until the bulletin is drafted."""
    if not can_recheck(by):
        raise PermissionDenied
    _ensure_state(submission, EvaluationState.INITIALLY_EVALUATED, EvaluationState.RECHECKED)
    _ensure_grade(grade, "grade")
    reason = (reason or "").strip()
    if grade != submission.proposed_grade and not reason:
        raise ValidationError({"reason": _("Give the reason for changing the proposed grade.")})
    from_state = submission.state
    submission.final_grade = grade
    submission.recheck_reason = reason
    submission.rechecked_by = by
    submission.rechecked_at = timezone.now()
    submission.state = EvaluationState.RECHECKED
    submission.save()
    action = "recheck_confirm" if grade == submission.proposed_grade else "recheck_change"
    _record(submission, action=action, from_state=from_state, note=reason, by=by, grade=grade)
    return submission


def confirmed_grades(notice) -> QuerySet[EvaluationSubmission]:
    """Art. 13–14: the results that go on the round's bulletin — re-checked materials with their
    confirmed grade, one per center, in the directory's order of area and name."""
    return (
        EvaluationSubmission.objects.filter(notice=notice, state=EvaluationState.RECHECKED)
        .exclude(final_grade="")
        .select_related("center", "center__area")
        .order_by("center__area__sort_order", "center__name_sort_key", "pk")
    )


@transaction.atomic
def evaluation_bulletin_from_round(*, notice, by):
    """Art. 14: draft the round's evaluation bulletin (`notices.drafting.evaluation_bulletin_draft`) with
    every confirmed grade. Nothing is published here: publishing the draft is what records the ratings
    and their consequences in the directory (Art. 15, 17), exactly as for a bulletin typed by hand."""
    if not can_recheck(by):
        raise PermissionDenied
    results = list(confirmed_grades(notice))
    if not results:
        raise ValidationError(_("No grade of this round has been re-checked yet."))
    bulletin = drafting.evaluation_bulletin_draft(
        year=notice.evaluation_year, ratings=[(s.center, s.final_grade) for s in results], actor=by
    )
    for submission in results:
        _record(submission, action="bulletin_drafted", from_state=submission.state, note=bulletin.title, by=by)
    return bulletin


# --- Dashboards --------------------------------------------------------------------------------------


def due_from_centers_of(user, notice) -> list[dict]:
    """Art. 12–13: for a management unit, every center it manages that is expected to submit in this
    round, with its standing materials (None when it has not submitted, or its materials were returned)."""
    centers = list(centers_managed_by(user, centers_to_evaluate()).order_by("area__sort_order", "name_sort_key"))
    standing = {
        s.center.translation_key: s
        for s in EvaluationSubmission.objects.filter(notice=notice)
        .exclude(state__in=[EvaluationState.RETURNED, EvaluationState.DRAFT])
        .select_related("center")
    }
    return [{"center": c, "submission": standing.get(c.translation_key)} for c in centers]


def progress_by_area(notice) -> list[dict]:
    """Art. 13: the round's progress per area for the province: centers expected, materials submitted,
    initially evaluated, re-checked (each counting the later steps too)."""
    expected = {
        (row["area__sort_order"], row["area__name"]): row["n"]
        for row in centers_to_evaluate().values("area__sort_order", "area__name").annotate(n=Count("pk")).order_by()
    }
    counts = (
        EvaluationSubmission.objects.filter(notice=notice)
        .exclude(state__in=[EvaluationState.RETURNED, EvaluationState.DRAFT])
        .values("center__area__sort_order", "center__area__name")
        .annotate(
            submitted=Count("pk"),
            initially_evaluated=Count(
                "pk", filter=Q(state__in=[EvaluationState.INITIALLY_EVALUATED, EvaluationState.RECHECKED])
            ),
            rechecked=Count("pk", filter=Q(state=EvaluationState.RECHECKED)),
        )
        .order_by()
    )
    by_area = {(row["center__area__sort_order"], row["center__area__name"]): row for row in counts}
    rows = []
    for key in sorted(set(expected) | set(by_area), key=lambda k: (k[0] or 0, k[1] or "")):
        row = by_area.get(key, {})
        rows.append(
            {
                "area": key[1] or "—",
                "expected": expected.get(key, 0),
                "submitted": row.get("submitted", 0),
                "initially_evaluated": row.get("initially_evaluated", 0),
                "rechecked": row.get("rechecked", 0),
            }
        )
    return rows
