"""The demo has an evaluation round in progress (load_demo), and what the public can
see of it: the status of a center's own materials, never a grade."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale

from directory.models import ReviewerUnit
from notices.models import EvaluationRoundNotice
from submissions.demo import DEMO_ACCESS_CODE
from submissions.models import EvaluationSubmission
from submissions.states import EvaluationState

pytestmark = pytest.mark.django_db


def test_the_demo_round_is_in_progress(locales, client):
    """(That a second load changes nothing, these submissions included, is checked once for every model:
    tests/home/test_foundation.py.)"""
    summary = io.StringIO()
    call_command("load_demo", stdout=summary)
    assert "industry → 江西省陶瓷产业推进办公室" in summary.getvalue()
    rounds = EvaluationRoundNotice.objects.live().filter(locale__language_code="zh-hans")
    assert rounds.count() == 1 and rounds.get().window_state(at=timezone.now()).is_open
    assert rounds.get().get_translation(Locale.objects.get(language_code="en")).live  # every demo notice in English
    states = set(EvaluationSubmission.objects.values_list("state", flat=True))
    assert {EvaluationState.SUBMITTED, EvaluationState.INITIALLY_EVALUATED} <= states

    # The industry department (Art. 11: an industry center's recommending unit) finds its center in the desk.
    industry = ReviewerUnit.objects.get(user__username="industry").user
    client.force_login(industry, backend="django.contrib.auth.backends.ModelBackend")
    desk = BeautifulSoup(client.get("/admin/desk/evaluations/").content, "html.parser").get_text()
    assert "景德镇陶瓷产业数字化转型促进中心" in desk
    assert "南昌航空产业数字化转型促进中心" not in desk  # managed by the 南昌 bureau
    client.logout()
    assert EvaluationRoundNotice.objects.count() == 2  # the round, in Chinese and in English
    assert ReviewerUnit.objects.count() == 1

    # A center checks its re-checked materials: the state, never the grade before the bulletin.
    rechecked = EvaluationSubmission.objects.filter(state=EvaluationState.RECHECKED).first()
    response = client.post(
        "/submissions/status/", {"receipt_number": rechecked.receipt_number, "access_code": DEMO_ACCESS_CODE}
    )
    text = BeautifulSoup(response.content, "html.parser").get_text()
    assert rechecked.receipt_number in text and "已复核" in text
    assert "优秀" not in text and "良好" not in text and "合格" not in text
