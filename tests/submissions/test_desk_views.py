"""The review desk through the Wagtail admin, as staff use it: listings, the detail page, every step
legal and illegal through the form, batch steps, the draft 公示, exports and the language."""

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from notices.models import PublicityNotice
from submissions.models import Application, Objection
from submissions.states import APPLICATION_TRANSITIONS, OBJECTION_TRANSITIONS, ApplicationState, ObjectionState
from tests import factories
from tests.factories import application, objection

# One world for the module (built once, a savepoint per test):
# every case starts from the same accounts, areas, round and 公示.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_world_per_module")]

INSPECT = {Application: "submissions_application:inspect", Objection: "submissions_objection:inspect"}


def detail_url(submission):
    return reverse(INSPECT[type(submission)], args=[submission.pk])


def step(client, submission, action, note="审核意见：同意", reply="", capture=None):
    data = {"transition-action": action, "transition-note": note, "transition-reply": reply}
    if capture is None:
        return client.post(detail_url(submission), data)
    with capture(execute=True):
        return client.post(detail_url(submission), data)


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# --- Every step through the admin form -------------------------------------------------------------

ACTOR_FOR_ROLE = {"city_reviewer": "nanchang", "provincial_editor": "editor", "objection_handler": "handler"}


@pytest.mark.parametrize("transition", APPLICATION_TRANSITIONS + OBJECTION_TRANSITIONS, ids=lambda t: t.name)
def test_every_legal_step_through_the_form(world, as_user, transition, django_capture_on_commit_callbacks):
    if transition in APPLICATION_TRANSITIONS:
        submission = application(world.round, world.nanchang_area, state=transition.source)
        if transition.name == "approve":  # Art. 10: approval follows a 公示 that has ended without objection
            today = timezone.localdate()
            ended = factories.publicity_notice(
                world.home, starts_on=today - dt.timedelta(days=10), ends_on=today - dt.timedelta(days=3)
            )
            submission.publicity_entry = ended.entries.first()
            submission.save()
    else:
        submission = objection(world.publicity, state=transition.source)
    client = as_user(world.user(ACTOR_FOR_ROLE[transition.role]))

    page = client.get(detail_url(submission))
    assert f'value="{transition.name}"' in page.content.decode()  # the step is offered…

    response = step(client, submission, transition.name, reply="经核实答复", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == detail_url(submission)
    submission.refresh_from_db()
    assert submission.state == transition.target
    after = client.get(detail_url(submission))
    history = after.content.decode().split('id="history"')[1]
    assert "审核意见：同意" in history
    assert world.user(ACTOR_FOR_ROLE[transition.role]).first_name in history
    assert len(mail.outbox) == 1


ILLEGAL = [(t, s) for t in APPLICATION_TRANSITIONS for s in ApplicationState.values if s not in (t.source, "draft")] + [
    (t, s) for t in OBJECTION_TRANSITIONS for s in ObjectionState.values if s != t.source
]


@pytest.mark.parametrize(("transition", "state"), ILLEGAL, ids=[f"{t.name}-from-{s}" for t, s in ILLEGAL])
def test_every_illegal_step_is_not_offered_and_refused_through_the_form(world, as_user, transition, state):
    """Even the superuser, who holds every role, cannot take a step its state does not allow."""
    if transition in APPLICATION_TRANSITIONS:
        submission = application(world.round, world.nanchang_area, state=state)
    else:
        submission = objection(world.publicity, state=state)
    client = as_user(world.user("admin"))
    assert f'value="{transition.name}"' not in client.get(detail_url(submission)).content.decode()

    response = step(client, submission, transition.name, note="我的说明保留")
    submission.refresh_from_db()
    assert submission.state == state
    assert not submission.history.exists()
    if response.status_code != 400:  # a final state: no step at all, so no form and no entry (Wagtail: to /admin/)
        assert response.status_code in (302, 403) and response.get("Location", "/admin/") == "/admin/"
        assert state in ("preliminary_failed", "approved", "not_approved", "upheld", "dismissed")
        return
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="error-summary"' in body
    assert "我的说明保留" in body  # the note typed is kept


def test_a_step_without_a_note_says_so_beside_the_field_and_keeps_the_choice(world, as_user):
    client = as_user(world.user("nanchang"))
    response = step(client, world.app_a, "fail_preliminary", note="  ")
    assert response.status_code == 400
    body = response.content.decode()
    summary = body.split('id="error-summary"')[1].split("</div>")[0]
    assert 'href="#id_transition-note"' in summary
    assert body.count("Enter a note saying why.") >= 2  # in the summary and beside the field
    assert re.search(r'value="fail_preliminary"[^>]*checked', body)
    world.app_a.refresh_from_db()
    assert world.app_a.state == ApplicationState.RECEIVED


def test_detail_shows_flag_ban_check_files_and_masks_the_phone(world, as_user):
    flagged = application(
        world.round,
        world.nanchang_area,
        duplicate_flag=True,
        duplicate_note="南昌市区域型数字化转型促进中心",
        phone="13807919876",
    )
    factories.attachment(flagged, name="建设方案.pdf")
    body = text(as_user(world.user("nanchang")).get(detail_url(flagged)))
    assert "Art. 9: this area or industry already has a center." in body
    assert "南昌市区域型数字化转型促进中心" in body
    assert "Art. 16: no re-application ban on the lead unit." in body
    assert "建设方案.pdf" in body
    assert "138****9876" in body and "13807919876" not in body
    editor_body = text(as_user(world.user("editor")).get(detail_url(flagged)))
    assert "13807919876" in editor_body


def test_experts_read_without_a_form(world, as_user):
    body = as_user(world.user("expert")).get(detail_url(world.app_assigned)).content.decode()
    assert world.app_assigned.lead_unit_name in body
    assert "transition-action" not in body


# --- Listing: filters, search, sorting, counts -----------------------------------------------------


def listed(response, *apps):
    body = response.content.decode()
    return [a.receipt_number in body for a in apps]


def test_listing_filters_by_state_area_kind_flag_and_round(world, as_user):
    client = as_user(world.user("editor"))
    index = reverse("submissions_application:index")
    flagged = application(world.round, world.nanchang_area, duplicate_flag=True, kind="industry")
    apps = (world.app_a, world.app_b, world.app_assigned, flagged)
    assert listed(client.get(index, {"state": "expert_review"}), *apps) == [False, False, True, False]
    assert listed(client.get(index, {"area": world.ganzhou_area.pk}), *apps) == [False, True, True, False]
    assert listed(client.get(index, {"kind": "industry"}), *apps) == [False, False, False, True]
    assert listed(client.get(index, {"duplicate_flag": "true"}), *apps) == [False, False, False, True]
    other_round = factories.application_notice(world.home, slug="apply-old", round_year=2020)
    old = application(other_round, world.nanchang_area)
    assert listed(client.get(index, {"notice": other_round.pk}), *apps, old) == [False] * 4 + [True]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("receipt", [True, False]), ("unit", [False, True]), ("code", [True, False])],
)
def test_listing_search_by_receipt_unit_or_credit_code(world, as_user, query, expected):
    client = as_user(world.user("editor"))
    term = {
        "receipt": world.app_a.receipt_number,
        "unit": "赣州乙",
        "code": world.app_a.lead_unit_credit_code[-8:],
    }[query]
    response = client.get(reverse("submissions_application:index"), {"q": term})
    assert listed(response, world.app_a, world.app_b) == expected


def test_listing_sorts_and_counts_by_state(world, as_user):
    client = as_user(world.user("editor"))
    body = client.get(reverse("submissions_application:index"), {"ordering": "receipt_number"}).content.decode()
    positions = [body.index(a.receipt_number) for a in (world.app_a, world.app_b, world.app_assigned)]
    assert positions == sorted(positions)
    counts = text(client.get(reverse("submissions_application:index")))
    assert re.search(r"received 2 .*in expert review 1 .*Total 3", counts)


def test_listing_query_count_does_not_grow_with_the_data(world, as_user, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(world.user("editor"))
    index = reverse("submissions_application:index")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(index).status_code == 200
        return len(ctx)

    count()  # warm the per-process caches (content types, site settings)
    small = count()
    for _ in range(30):
        application(world.round, world.ganzhou_area, target_industry=factories.industry("rare-earth", "稀土"))
    assert count() == small
    with CaptureQueriesContext(connection) as ctx:
        client.get(index + "?export=xlsx")
    exported = len(ctx)
    for _ in range(10):
        application(world.round, world.nanchang_area)
    with django_assert_max_num_queries(exported):
        client.get(index + "?export=xlsx")


# --- Export ----------------------------------------------------------------------------------------


def workbook(response):
    return openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active


def test_export_is_the_filtered_listing_with_headings_and_masked_phones(world, as_user):
    client = as_user(world.user("ganzhou"))
    response = client.get(reverse("submissions_application:index"), {"export": "xlsx", "state": "received"})
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = workbook(response)
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Receipt number", "Round", "Lead unit"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [world.app_b.receipt_number]  # not the assigned one (expert review)
    phone = rows[0][header.index("Phone")]
    assert phone == "138****1234"


def test_export_shows_phones_to_holders_of_the_permission(world, as_user):
    sheet = workbook(as_user(world.user("editor")).get(reverse("submissions_application:index"), {"export": "xlsx"}))
    header = [c.value for c in sheet[1]]
    phones = {r[header.index("Phone")] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert phones == {"13807911234"}


def test_export_headings_follow_the_users_language(world, as_user):
    client = as_user(world.user("editor"), language="zh-hans")
    sheet = workbook(client.get(reverse("submissions_application:index"), {"export": "xlsx"}))
    assert sheet["A1"].value == "回执号"


# --- Batch steps -----------------------------------------------------------------------------------


def test_batch_confirms_then_moves_the_selected_with_one_note(world, as_user, django_capture_on_commit_callbacks):
    passed = [application(world.round, world.nanchang_area, state="preliminary_passed") for _ in range(2)]
    client = as_user(world.user("editor"))
    url = reverse("submissions_application:batch")
    ids = [passed[0].pk, passed[1].pk, world.app_a.pk]
    confirm = client.get(url, {"id": ids, "action": "start_expert_review"})
    assert confirm.status_code == 200
    body = text(confirm)
    assert all(a.receipt_number in body for a in [*passed, world.app_a])
    assert "No: it will be left as it is" in body  # app_a is still waiting for the city bureau

    missing_note = client.post(url, {"id": ids, "action": "start_expert_review", "note": ""})
    assert missing_note.status_code == 400
    assert "Enter a note saying why." in missing_note.content.decode()
    assert all(f'value="{i}"' in missing_note.content.decode() for i in ids)  # the selection is kept

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"id": ids, "action": "start_expert_review", "note": "第一批专家评审"}, follow=True)
    for app in passed:
        app.refresh_from_db()
        assert app.state == "expert_review" and app.history.get().note == "第一批专家评审"
    world.app_a.refresh_from_db()
    assert world.app_a.state == "received"
    messages = [str(m) for m in done.context["messages"]]
    assert any("Moved 2" in m for m in messages)
    assert any(world.app_a.receipt_number in m and "not moved" in m for m in messages)
    assert len(mail.outbox) == 2


def test_batch_cannot_reach_rows_outside_the_reviewers_area(world, as_user):
    client = as_user(world.user("nanchang"))
    response = client.post(
        reverse("submissions_application:batch"),
        {"id": [world.app_a.pk, world.app_b.pk], "action": "pass_preliminary", "note": "同意"},
    )
    assert response.status_code == 302
    world.app_a.refresh_from_db()
    world.app_b.refresh_from_db()
    assert (world.app_a.state, world.app_b.state) == ("preliminary_passed", "received")


@pytest.mark.parametrize("who", ["expert", "handler"])
def test_batch_is_refused_to_read_only_roles(world, as_user, who):
    response = as_user(world.user(who)).post(
        reverse("submissions_application:batch"),
        {"id": [world.app_assigned.pk], "action": "propose_for_publicity", "note": "x"},
    )
    assert response.status_code in (302, 403) and "/admin/desk/" not in response.get("Location", "")
    world.app_assigned.refresh_from_db()
    assert world.app_assigned.state == "expert_review"


def test_listing_offers_batch_checkboxes_only_to_those_who_can_move(world, as_user):
    index = reverse("submissions_application:index")
    assert 'form="batch-form"' in as_user(world.user("nanchang")).get(index).content.decode()
    assert 'form="batch-form"' not in as_user(world.user("expert")).get(index).content.decode()


# --- The draft 公示 --------------------------------------------------------------------------------


def test_editor_drafts_the_publicity_of_a_round_from_its_approved_applications(world, as_user):
    chosen = [
        application(world.round, world.nanchang_area, state="in_publicity", proposed_name="南昌甲促进中心"),
        application(world.round, world.ganzhou_area, state="in_publicity", proposed_name="赣州乙促进中心"),
    ]
    application(world.round, world.nanchang_area, state="expert_review", proposed_name="尚在评审中心")
    client = as_user(world.user("editor"))
    url = reverse("submissions_application:publicity_draft")
    assert chosen[0].notice.title in client.get(url).content.decode()
    response = client.post(url, {"round": world.round.pk})
    draft = PublicityNotice.objects.exclude(pk=world.publicity.pk).get()
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[draft.pk])
    assert not draft.live and draft.has_unpublished_changes
    assert draft.get_parent().slug == "notices"
    assert [e.proposed_name for e in draft.entries.all()] == ["南昌甲促进中心", "赣州乙促进中心"]
    assert draft.period_ends_on and draft.period_ends_on > draft.period_starts_on


def test_drafting_a_round_with_nothing_approved_says_so(world, as_user):
    response = as_user(world.user("editor")).post(
        reverse("submissions_application:publicity_draft"), {"round": world.round.pk}
    )
    assert response.status_code == 400
    assert "No application of this round has been approved for publicity." in response.content.decode()
    assert PublicityNotice.objects.count() == 1


@pytest.mark.parametrize("who", ["nanchang", "handler", "expert"])
def test_only_editors_draft_publicity(world, as_user, who):
    application(world.round, world.nanchang_area, state="in_publicity")
    count = Page.objects.count()
    response = as_user(world.user(who)).post(
        reverse("submissions_application:publicity_draft"), {"round": world.round.pk}
    )
    assert response.status_code in (302, 403) and Page.objects.count() == count


# --- Language --------------------------------------------------------------------------------------


def test_desk_speaks_chinese_to_a_chinese_user(world, as_user):
    body = text(as_user(world.user("nanchang"), language="zh-hans").get(detail_url(world.app_a)))
    assert "初审通过" in body  # the "Pass preliminary review" action
    assert "Pass preliminary review" not in body


def test_desk_speaks_english_to_an_english_user(world, as_user):
    body = text(as_user(world.user("nanchang"), language="en").get(detail_url(world.app_a)))
    assert "Pass preliminary review" in body and "Take a step" in body
