"""Evaluation materials (Art. 12–13): a center submits at its page + evaluation/ within the round's window,
with a receipt, access code, private files, status lookup and email, like every other submission."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from directory.models import CenterStatus
from submissions import selectors, services
from submissions.evaluation_forms import MATERIALS
from submissions.files import check_upload
from submissions.models import EvaluationSubmission
from submissions.services import WindowClosed
from submissions.states import EvaluationState
from tests import factories as h

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


def url(center):
    return center.url + "evaluation/"


def post_materials(post, center, **overrides):
    data = h.evaluation_data(center, **overrides)
    data.setdefault("materials", h.pdf("运行评价自评表.pdf"))
    return post(url(center), data)


def test_a_center_submits_and_gets_a_receipt_code_email_and_status(evaluation, post, client):
    center = evaluation.nanchang_center
    page = client.get(url(center))
    assert page.status_code == 200
    assert "南昌市工业和信息化局" in page.content.decode()  # who makes the initial evaluation (Art. 11)

    response = post_materials(post, center)

    assert response.status_code == 302
    receipt = client.get(response["Location"])
    text = BeautifulSoup(receipt.content, "html.parser")
    number = text.select_one("#receipt-number").get_text()
    code = text.select_one("#access-code").get_text()
    assert number.startswith("PJ-")
    submission = EvaluationSubmission.objects.get(receipt_number=number)
    assert submission.center == center and submission.management_unit == "南昌市工业和信息化局"
    assert submission.attachments.get().original_name == "运行评价自评表.pdf"
    assert [m.to for m in mail.outbox] == [["center@example.org"]] and number in mail.outbox[0].body
    found = selectors.submission_for_receipt(receipt_number=number, access_code=code)
    assert found == submission and selectors.status_details(found)["state_label"] == EvaluationState.SUBMITTED.label


def test_the_materials_are_stored_before_the_receipt_number_is_taken(evaluation, post, writes_around_receipt):
    with writes_around_receipt:
        response = post_materials(post, evaluation.nanchang_center)
    assert response.status_code == 302
    before, after = writes_around_receipt.split()
    assert "submissions_attachment" in before and "submissions_statuschange" in before
    assert after == ["submissions_evaluationsubmission"]  # its receipt number, then the commit
    assert EvaluationSubmission.objects.get().receipt_number.startswith("PJ-")


def test_the_wrong_lead_unit_code_is_refused_beside_the_field_and_nothing_stored(evaluation, post):
    response = post_materials(post, evaluation.nanchang_center, lead_unit_credit_code=h.credit_code(999))
    assert response.status_code == 200
    field = BeautifulSoup(response.content, "html.parser").select_one("#id_lead_unit_credit_code")
    assert field["aria-invalid"] == "true"
    assert "全年服务企业120家。" in response.content.decode()  # other input kept
    assert not EvaluationSubmission.objects.exists()


def test_one_set_per_center_per_round_until_returned(evaluation, post):
    center = evaluation.nanchang_center
    assert post_materials(post, center).status_code == 302
    again = post_materials(post, center)
    assert again.status_code == 200 and EvaluationSubmission.objects.count() == 1
    EvaluationSubmission.objects.update(state=EvaluationState.RETURNED)
    assert post_materials(post, center).status_code == 302
    assert EvaluationSubmission.objects.count() == 2


def test_the_window_is_enforced_on_the_server_at_its_boundary(evaluation, post):
    """Art. 12–13: accepted at the last instant before the close, refused from the closing minute on."""
    notice = evaluation.round
    closes = timezone.now().replace(microsecond=0) + dt.timedelta(days=1)
    notice.window_closes_at = closes
    notice.save_revision().publish()
    data = h.evaluation_data(evaluation.ganzhou_center)
    materials = [check_upload(h.pdf(), MATERIALS)]
    with pytest.raises(WindowClosed):
        services.evaluation_submit(
            notice=notice, center=evaluation.ganzhou_center, data=data, files=materials, at=closes
        )
    receipt = services.evaluation_submit(
        notice=notice,
        center=evaluation.ganzhou_center,
        data=data,
        files=materials,
        at=closes - dt.timedelta(microseconds=1),
    )
    assert receipt.receipt_number
    with pytest.raises(WindowClosed):
        services.evaluation_submit(
            notice=notice,
            center=evaluation.nanchang_center,
            data=h.evaluation_data(evaluation.nanchang_center),
            at=notice.window_opens_at - dt.timedelta(microseconds=1),
        )


def test_a_post_after_the_window_closed_is_refused_with_403(evaluation, post, client):
    notice = evaluation.round
    notice.window_opens_at = timezone.now() - dt.timedelta(days=20)
    notice.window_closes_at = timezone.now() - dt.timedelta(minutes=1)
    notice.save_revision().publish()
    assert client.get(url(evaluation.nanchang_center)).status_code == 200
    response = post_materials(post, evaluation.nanchang_center)
    assert response.status_code == 403
    assert not EvaluationSubmission.objects.exists()


def test_a_revoked_center_is_not_evaluated(evaluation, post):
    center = evaluation.ganzhou_center
    type(center).objects.filter(pk=center.pk).update(status=CenterStatus.REVOKED)
    center.refresh_from_db()
    assert post_materials(post, center).status_code == 403
    assert not EvaluationSubmission.objects.exists()


def test_the_center_page_links_to_the_form_and_the_round_page_shows_the_window(evaluation, client):
    assert url(evaluation.nanchang_center) in client.get(evaluation.nanchang_center.url).content.decode()
    round_page = client.get(evaluation.round.url).content.decode()
    assert str(evaluation.round.evaluation_year) in round_page and "评价材料受理中" in round_page


def test_a_draft_is_saved_mailed_reopened_kept_from_staff_and_then_submitted(evaluation, post, client, as_user):
    center = evaluation.nanchang_center
    data = h.evaluation_data(center, work_summary="", contact_name="", phone="", action="draft")
    data["materials"] = h.pdf("自评表草稿.pdf")
    saved = post(url(center), data)
    assert saved.status_code == 302 and "draft=" in saved["Location"] and "saved=1" in saved["Location"]
    draft = EvaluationSubmission.objects.get()
    assert draft.state == EvaluationState.DRAFT and draft.receipt_number is None
    assert mail.outbox and saved["Location"].split("&saved")[0] in mail.outbox[-1].body

    # Staff never see a draft.
    from submissions import evaluation_review

    assert not evaluation_review.evaluations_visible_to(evaluation.user("editor")).exists()
    assert evaluation_review.due_from_centers_of(evaluation.user("nanchang"), evaluation.round)[0]["submission"] is None

    # The private link reopens it with what was typed and the file already sent; submitting keeps the file.
    page = client.get(saved["Location"])
    soup = BeautifulSoup(page.content, "html.parser")
    assert soup.select_one("#draft-saved") is not None
    assert soup.select_one("#id_lead_unit_credit_code")["value"] == center.lead_unit_credit_code
    assert "自评表草稿.pdf" in soup.select_one("#draft-files").get_text()
    token = soup.select_one("input[name=draft]")["value"]
    final = h.evaluation_data(center, draft=token)
    response = post(url(center), final)
    errors = BeautifulSoup(response.content, "html.parser").select(".field__error, .error-summary")
    assert response.status_code == 302, [e.get_text(" ", strip=True) for e in errors]
    assert response["Location"].endswith("/submissions/receipt/")
    assert list(EvaluationSubmission.objects.values_list("pk", "state")) == [(draft.pk, "submitted")]
    draft.refresh_from_db()
    assert draft.state == EvaluationState.SUBMITTED and draft.receipt_number.startswith("PJ-")
    assert [a.original_name for a in draft.attachments.all()] == ["自评表草稿.pdf"]
    # The link is spent once submitted.
    assert client.get(saved["Location"]).status_code == 404


def test_submitting_without_materials_is_refused_beside_the_field(evaluation, post):
    response = post(url(evaluation.nanchang_center), h.evaluation_data(evaluation.nanchang_center))
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select_one("#id_materials")["aria-invalid"] == "true"
    assert not EvaluationSubmission.objects.exists()
