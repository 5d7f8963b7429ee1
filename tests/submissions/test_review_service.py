"""The transition service: every legal step is taken and recorded, every illegal one is refused."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from wagtail.models import ModelLogEntry

from submissions import review
from submissions.models import Application, StatusChange
from submissions.states import (
    APPLICATION_TRANSITIONS,
    OBJECTION_TRANSITIONS,
    ApplicationState,
    ObjectionState,
)
from tests import factories
from tests.factories import application, objection

# One world for the module (built once, a savepoint per test):
# every step starts from the same accounts, areas, round and 公示.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_world_per_module")]

# Who takes each role's steps in the world: a nanchang application for the city reviewer.
ACTOR_FOR_ROLE = {"city_reviewer": "nanchang", "provincial_editor": "editor", "objection_handler": "handler"}


def _take(world, submission, name, actor, capture, *, note="理由充分", reply=""):
    with capture(execute=True):
        return review.submission_transition(submission=submission, action=name, actor=actor, note=note, reply=reply)


@pytest.mark.parametrize("transition", APPLICATION_TRANSITIONS, ids=lambda t: t.name)
def test_every_legal_application_step_moves_records_and_emails(world, transition, django_capture_on_commit_callbacks):
    app = application(world.round, world.nanchang_area, state=transition.source, email="unit@example.org")
    if transition.name == "approve":  # Art. 10: approval follows a 公示 that has ended without objection
        today = timezone.localdate()
        ended = factories.publicity_notice(
            world.home, starts_on=today - dt.timedelta(days=10), ends_on=today - dt.timedelta(days=3)
        )
        app.publicity_entry = ended.entries.first()
        app.save()
    actor = world.user(ACTOR_FOR_ROLE[transition.role])
    change = _take(world, app, transition.name, actor, django_capture_on_commit_callbacks, note="符合条件")

    app.refresh_from_db()
    assert app.state == transition.target
    assert (change.actor, change.from_state, change.to_state, change.note) == (
        actor,
        transition.source,
        transition.target,
        "符合条件",
    )
    assert list(app.history.values_list("action", flat=True)) == [transition.name]
    entry = ModelLogEntry.objects.get(object_id=str(app.pk), action=review.TRANSITION_LOG_ACTION)
    assert entry.user == actor and entry.data["to"] == transition.target
    assert [m.to for m in mail.outbox] == [["unit@example.org"]]
    assert app.receipt_number in mail.outbox[0].subject


@pytest.mark.parametrize("transition", OBJECTION_TRANSITIONS, ids=lambda t: t.name)
def test_every_legal_objection_step_moves_records_and_emails(world, transition, django_capture_on_commit_callbacks):
    obj = objection(world.publicity, state=transition.source, email="objector@example.org")
    _take(
        world,
        obj,
        transition.name,
        world.user("handler"),
        django_capture_on_commit_callbacks,
        reply="经核实，情况属实。",
    )

    obj.refresh_from_db()
    assert obj.state == transition.target
    assert obj.history.get().actor == world.user("handler")
    assert [m.to for m in mail.outbox] == [["objector@example.org"]]


ILLEGAL_APPLICATION_CASES = [
    (t, state) for t in APPLICATION_TRANSITIONS for state in ApplicationState.values if state != t.source
]


@pytest.mark.parametrize(
    ("transition", "state"), ILLEGAL_APPLICATION_CASES, ids=[f"{t.name}-from-{s}" for t, s in ILLEGAL_APPLICATION_CASES]
)
def test_every_application_step_from_a_wrong_state_is_refused(
    world, transition, state, django_capture_on_commit_callbacks
):
    app = application(world.round, world.nanchang_area, state=state)
    with pytest.raises(review.TransitionRefused):
        _take(world, app, transition.name, world.user("admin"), django_capture_on_commit_callbacks)
    app.refresh_from_db()
    assert app.state == state
    assert not app.history.exists() and not mail.outbox


ILLEGAL_OBJECTION_CASES = [
    (t, state) for t in OBJECTION_TRANSITIONS for state in ObjectionState.values if state != t.source
]


@pytest.mark.parametrize(
    ("transition", "state"), ILLEGAL_OBJECTION_CASES, ids=[f"{t.name}-from-{s}" for t, s in ILLEGAL_OBJECTION_CASES]
)
def test_every_objection_step_from_a_wrong_state_is_refused(
    world, transition, state, django_capture_on_commit_callbacks
):
    obj = objection(world.publicity, state=state)
    with pytest.raises(review.TransitionRefused):
        _take(world, obj, transition.name, world.user("handler"), django_capture_on_commit_callbacks, reply="答复")
    obj.refresh_from_db()
    assert obj.state == state and not obj.history.exists()


@pytest.mark.parametrize(
    ("username", "action", "state"),
    [
        ("editor", "pass_preliminary", ApplicationState.RECEIVED),  # the city bureau's step (Art. 8)
        ("editor", "fail_preliminary", ApplicationState.RECEIVED),
        ("nanchang", "start_expert_review", ApplicationState.PRELIMINARY_PASSED),  # the province's (Art. 9)
        ("nanchang", "approve", ApplicationState.IN_PUBLICITY),
        ("handler", "pass_preliminary", ApplicationState.RECEIVED),
        ("expert", "start_expert_review", ApplicationState.PRELIMINARY_PASSED),
        ("expert", "propose_for_publicity", ApplicationState.EXPERT_REVIEW),
        ("clerk", "pass_preliminary", ApplicationState.RECEIVED),
    ],
)
def test_a_role_that_does_not_own_the_step_is_refused(
    world, username, action, state, django_capture_on_commit_callbacks
):
    app = application(world.round, world.nanchang_area, state=state)
    app.assigned_experts.add(world.user("expert"))
    with pytest.raises(review.TransitionRefused):
        _take(world, app, action, world.user(username), django_capture_on_commit_callbacks)
    app.refresh_from_db()
    assert app.state == state and not mail.outbox


@pytest.mark.parametrize("username", ["editor", "nanchang", "expert", "clerk"])
def test_only_handlers_move_objections(world, username, django_capture_on_commit_callbacks):
    with pytest.raises(review.TransitionRefused):
        _take(world, world.objection, "investigate", world.user(username), django_capture_on_commit_callbacks)
    world.objection.refresh_from_db()
    assert world.objection.state == ObjectionState.RECEIVED


def test_a_city_reviewer_cannot_move_another_areas_application(world, django_capture_on_commit_callbacks):
    with pytest.raises(review.TransitionRefused):
        _take(world, world.app_b, "pass_preliminary", world.user("nanchang"), django_capture_on_commit_callbacks)
    world.app_b.refresh_from_db()
    assert world.app_b.state == ApplicationState.RECEIVED
    # …while the reviewer of that area can.
    _take(world, world.app_b, "pass_preliminary", world.user("ganzhou"), django_capture_on_commit_callbacks)
    world.app_b.refresh_from_db()
    assert world.app_b.state == ApplicationState.PRELIMINARY_PASSED


def test_a_draft_is_invisible_and_cannot_be_moved(world, django_capture_on_commit_callbacks):
    with pytest.raises(review.TransitionRefused):
        _take(world, world.draft, "pass_preliminary", world.user("admin"), django_capture_on_commit_callbacks)


@pytest.mark.parametrize("note", ["", "   \n "])
def test_a_step_without_a_note_is_refused_beside_the_note(world, note, django_capture_on_commit_callbacks):
    with pytest.raises(review.TransitionRefused) as refusal:
        _take(
            world,
            world.app_a,
            "pass_preliminary",
            world.user("nanchang"),
            django_capture_on_commit_callbacks,
            note=note,
        )
    assert refusal.value.field == "note"
    world.app_a.refresh_from_db()
    assert world.app_a.state == ApplicationState.RECEIVED


def test_an_unknown_action_is_refused(world, django_capture_on_commit_callbacks):
    with pytest.raises(review.TransitionRefused):
        _take(world, world.app_a, "delete_everything", world.user("admin"), django_capture_on_commit_callbacks)


def test_closing_an_objection_needs_a_reply_the_objector_will_read(world, django_capture_on_commit_callbacks):
    obj = objection(world.publicity, state=ObjectionState.INVESTIGATING)
    with pytest.raises(review.TransitionRefused) as refusal:
        _take(world, obj, "dismiss", world.user("handler"), django_capture_on_commit_callbacks, reply="  ")
    assert refusal.value.field == "reply"
    _take(
        world, obj, "dismiss", world.user("handler"), django_capture_on_commit_callbacks, reply="经核实，异议不成立。"
    )
    obj.refresh_from_db()
    assert (obj.state, obj.reply) == (ObjectionState.DISMISSED, "经核实，异议不成立。")


def test_starting_an_investigation_needs_no_reply(world, django_capture_on_commit_callbacks):
    _take(world, world.objection, "investigate", world.user("handler"), django_capture_on_commit_callbacks)
    world.objection.refresh_from_db()
    assert world.objection.state == ObjectionState.INVESTIGATING and world.objection.reply == ""


def test_a_step_already_taken_by_someone_else_is_refused(world, django_capture_on_commit_callbacks):
    """Two reviewers open the same application; the second one's copy is stale."""
    stale = Application.objects.get(pk=world.app_a.pk)
    _take(world, world.app_a, "pass_preliminary", world.user("nanchang"), django_capture_on_commit_callbacks)
    with pytest.raises(review.TransitionRefused):
        _take(world, stale, "fail_preliminary", world.user("admin"), django_capture_on_commit_callbacks)
    world.app_a.refresh_from_db()
    assert world.app_a.state == ApplicationState.PRELIMINARY_PASSED
    assert StatusChange.objects.filter(application=world.app_a).count() == 1


def test_available_transitions_are_those_of_the_state_and_the_role(world):
    names = lambda user, sub: [t.name for t in review.available_transitions(world.user(user), sub)]  # noqa: E731
    assert names("nanchang", world.app_a) == ["pass_preliminary", "fail_preliminary"]
    assert names("nanchang", world.app_b) == []
    assert names("editor", world.app_a) == []
    assert names("editor", world.app_assigned) == ["propose_for_publicity", "reject_after_review"]
    assert names("expert", world.app_assigned) == []
    assert names("handler", world.objection) == ["investigate"]
    assert names("editor", world.objection) == []


def test_batch_moves_the_eligible_and_reports_the_rest(world, django_capture_on_commit_callbacks):
    passed = application(world.round, world.ganzhou_area, state=ApplicationState.PRELIMINARY_PASSED)
    passed2 = application(world.round, world.nanchang_area, state=ApplicationState.PRELIMINARY_PASSED)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = review.applications_transition_batch(
            applications=[passed, passed2, world.app_a],
            action="start_expert_review",
            actor=world.user("editor"),
            note="第一批提交专家评审",
        )
    assert outcome.moved == [passed, passed2]
    assert [a for a, _ in outcome.refused] == [world.app_a]
    for app in (passed, passed2):
        app.refresh_from_db()
        assert app.state == ApplicationState.EXPERT_REVIEW
        assert app.history.get().note == "第一批提交专家评审"
    world.app_a.refresh_from_db()
    assert world.app_a.state == ApplicationState.RECEIVED
    assert len(mail.outbox) == 2


def test_batch_without_a_note_moves_nothing(world):
    with pytest.raises(review.TransitionRefused):
        review.applications_transition_batch(
            applications=[world.app_a], action="pass_preliminary", actor=world.user("nanchang"), note=" "
        )
    world.app_a.refresh_from_db()
    assert world.app_a.state == ApplicationState.RECEIVED


@pytest.mark.parametrize(
    ("phone", "masked"),
    [("13807911234", "138****1234"), ("0791-86123456", "079******3456"), ("12345", "***45"), ("", "")],
)
def test_phone_masking_keeps_only_enough_to_tell_numbers_apart(phone, masked):
    assert review.mask_phone(phone) == masked
