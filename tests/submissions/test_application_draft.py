"""Saving a draft application and coming back to it by its private link before the deadline."""

import re
from unittest import mock
from urllib.parse import unquote

import pytest
from django.core import mail

from submissions.models import Application
from submissions.states import ApplicationState
from tests.factories import application_data, apply_url

pytestmark = pytest.mark.django_db


def save_draft(post, notice, **overrides):
    data = application_data(action="draft", declaration=None, construction_plan=None, **overrides)
    for n in range(2, 10):
        data.pop(f"condition_regional_{n}")
    return post(apply_url(notice), data)


def draft_link():
    return re.search(r"http://testserver(\S+draft=\S+)", mail.outbox[-1].body).group(1)


def test_a_partial_draft_is_saved_without_a_receipt_and_the_link_is_emailed(client, post, open_round):
    response = save_draft(post, open_round)
    assert response.status_code == 302 and "saved=1" in response["Location"]
    draft = Application.objects.get()
    assert draft.state == ApplicationState.DRAFT and draft.receipt_number is None
    assert draft.attachments.get().role == "application_book"
    assert len(mail.outbox) == 1
    page = client.get(response["Location"]).content.decode()
    assert (
        'id="draft-saved"' in page and draft_link().split("?")[1].replace("&", "&amp;").split("&amp;saved")[0] in page
    )


def test_the_private_link_reopens_the_draft_with_input_and_files_kept(client, post, open_round):
    save_draft(post, open_round)
    page = client.get(draft_link()).content.decode()
    assert 'value="南昌数智科技有限公司"' in page
    assert "第1项条件的满足情况说明。" in page
    assert "申报书.pdf" in page
    assert 'id="deadline"' in page


def test_a_draft_is_finished_from_its_link_and_the_link_then_stops_working(client, post, open_round):
    save_draft(post, open_round)
    link = draft_link()
    token = unquote(re.search(r"draft=([^&\s]+)", link).group(1))
    data = application_data(application_book=None, draft=token)
    response = post(apply_url(open_round), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    application = Application.objects.get()
    assert application.state == ApplicationState.RECEIVED and application.receipt_number
    assert application.attachments.filter(role="application_book").count() == 1
    assert client.get(link).status_code == 404


def test_a_forged_link_opens_nothing(client, open_round):
    assert client.get(apply_url(open_round) + "&draft=not-a-real-token").status_code == 404


def test_a_draft_cannot_be_saved_or_finished_after_the_deadline(client, post, open_round):
    save_draft(post, open_round)
    link = draft_link()
    later = open_round.window_closes_at
    with mock.patch("submissions.views.timezone.now", return_value=later):
        assert client.get(link).status_code == 200
        assert "已截止" in client.get(link).content.decode() or "closed" in client.get(link).content.decode()
        token = unquote(re.search(r"draft=([^&\s]+)", link).group(1))
        response = post(apply_url(open_round), application_data(draft=token))
    assert response.status_code == 403
    assert Application.objects.get().state == ApplicationState.DRAFT


def test_a_draft_is_invisible_in_public_counts(client, post, home, open_round):
    from submissions.selectors import notice_submission_counts

    save_draft(post, open_round)
    assert notice_submission_counts(open_round)["received"] == 0
