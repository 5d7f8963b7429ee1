"""Item 1 of issue 14: saving a draft passes the same human check and limits as submitting, and its
email cannot be used to mail strangers a message of the sender's choosing."""

import pytest
from django.core import mail

from submissions.models import Application
from tests.factories import application_data, apply_url

pytestmark = pytest.mark.django_db


def draft_data(**overrides):
    data = application_data(action="draft", declaration=None, construction_plan=None, **overrides)
    for n in range(2, 10):
        data.pop(f"condition_regional_{n}", None)
    return data


def test_a_draft_without_the_captcha_is_refused_and_nothing_is_stored_or_mailed(post, open_round, settings):
    settings.CAPTCHA_ENABLED = True
    response = post(apply_url(open_round), draft_data())
    assert response.status_code == 200
    assert 'name="captcha_1"' in response.content.decode()
    assert Application.objects.count() == 0
    assert mail.outbox == []


def test_a_draft_with_the_captcha_answered_is_saved(post, open_round, settings):
    settings.CAPTCHA_ENABLED = True
    response = post(apply_url(open_round), draft_data(captcha_0="x", captcha_1="PASSED"))
    assert response.status_code == 302
    assert Application.objects.count() == 1 and len(mail.outbox) == 1


@pytest.mark.usefixtures("cache_backend")  # also on Redis, as production counts
def test_one_address_gets_a_few_draft_links_whatever_the_client(post, open_round, settings):
    settings.DRAFT_LINK_RATE = "3/h"
    for n in range(3):
        response = post(apply_url(open_round), draft_data(email="victim@example.org"), REMOTE_ADDR=f"10.0.0.{n}")
        assert response.status_code == 302
    response = post(apply_url(open_round), draft_data(email="Victim@Example.org"), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 200
    assert "Too many draft links" in response.content.decode() or "草稿链接" in response.content.decode()
    assert Application.objects.count() == 3
    assert len(mail.outbox) == 3


@pytest.mark.usefixtures("cache_backend")  # also on Redis, as production counts
def test_draft_saves_count_against_the_per_client_submission_limit(post, open_round, settings):
    settings.SUBMISSION_RATE = "2/h"
    for n in range(2):
        assert post(apply_url(open_round), draft_data(email=f"a{n}@example.org")).status_code == 302
    assert post(apply_url(open_round), draft_data(email="a9@example.org")).status_code == 429
    assert Application.objects.count() == 2


def test_the_draft_email_does_not_greet_with_a_name_the_sender_chose(post, open_round):
    post(apply_url(open_round), draft_data(contact_name="点此领奖"))
    assert len(mail.outbox) == 1
    assert "点此领奖" not in mail.outbox[0].body
