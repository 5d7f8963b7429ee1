"""notices.drafting: the notice list is found one way, and 公示, revocation notices and bulletins are
created as unpublished drafts under it, in the index's language, with a revision for editors."""

import datetime as dt
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Locale

from directory.models import CenterRating, CenterStatus, Rating, RevocationCause, RevocationProposal
from directory.signals import revocation_proposal_confirmed
from notices import drafting
from notices.models import EvaluationBulletin, NoticeIndexPage, PublicityNotice, RevocationNotice
from tests import factories

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


@pytest.fixture
def home(site_tree):
    return site_tree["home"]


@pytest.fixture
def index(home):
    return factories.notice_index(home)


def _application(name, *, area, industry):
    return SimpleNamespace(
        proposed_name=name, lead_unit_name=f"{name}牵头单位", kind="industry", area=area, target_industry=industry
    )


# --- The notice list ---------------------------------------------------------------------------------


def test_notice_index_is_the_list_of_the_language_or_the_default(index):
    en = Locale.objects.get(language_code="en")
    assert drafting.notice_index().pk == index.pk
    assert drafting.notice_index(locale=index.locale).pk == index.pk
    assert drafting.notice_index(locale=en).pk == index.pk  # no English list: the default language's


def test_notice_index_missing_is_a_validation_error(home):
    NoticeIndexPage.objects.all().delete()
    with pytest.raises(drafting.NoticeIndexMissing) as refusal:
        drafting.notice_index()
    assert isinstance(refusal.value, ValidationError)


# --- 公示 (Art. 10) ---------------------------------------------------------------------------------


def test_publicity_draft_lists_the_applications_and_counts_working_days(home, index):
    round_notice = factories.application_notice(home, round_year=2026)
    area, industry = factories.area(), factories.industry()
    applications = [_application(name, area=area, industry=industry) for name in ("甲中心", "乙中心")]
    with mock.patch("notices.drafting.timezone.localdate", return_value=dt.date(2025, 9, 26)):  # a Friday
        notice = drafting.publicity_draft_create(round_notice=round_notice, applications=applications, actor=None)
    notice = PublicityNotice.objects.get(pk=notice.pk)
    assert notice.get_parent().pk == index.pk and not notice.live
    assert notice.get_latest_revision() is not None
    # The next working day is Sunday 2025-09-28 (调休); 9-28, 9-29, 9-30, then after the National Day
    # holiday 10-9 and 10-10: five working days.
    assert (notice.period_starts_on, notice.period_ends_on, notice.working_days) == (
        dt.date(2025, 9, 28),
        dt.date(2025, 10, 10),
        5,
    )
    assert [e.display_name for e in notice.entries.all()] == ["甲中心", "乙中心"]
    assert "2026" in notice.title and "公示" in notice.title


def test_publicity_draft_beyond_the_calendar_has_no_end_and_names_the_missing_year(home, index):
    round_notice = factories.application_notice(home)
    applications = [_application("甲中心", area=factories.area(), industry=factories.industry())]
    with mock.patch("notices.drafting.timezone.localdate", return_value=dt.date(2099, 1, 2)):  # a Friday
        notice = drafting.publicity_draft_create(round_notice=round_notice, applications=applications, actor=None)
    assert notice.period_starts_on == dt.date(2099, 1, 5)  # the next weekday, a Monday, for the editor to check
    assert (notice.period_ends_on, notice.working_days) == (None, 5)
    assert "2099" in notice.calendar_warning and "设置 → 节假日安排" in notice.calendar_warning


def test_publicity_draft_within_the_calendar_has_no_warning(home, index):
    round_notice = factories.application_notice(home)
    applications = [_application("甲中心", area=factories.area(), industry=factories.industry())]
    with mock.patch("notices.drafting.timezone.localdate", return_value=dt.date(2026, 12, 21)):
        notice = drafting.publicity_draft_create(round_notice=round_notice, applications=applications, actor=None)
    assert notice.period_ends_on == dt.date(2026, 12, 28) and notice.calendar_warning == ""


def test_two_drafts_of_a_round_get_different_slugs(home, index):
    round_notice = factories.application_notice(home, round_year=2026)
    applications = [_application("甲中心", area=factories.area(), industry=factories.industry())]
    first = drafting.publicity_draft_create(round_notice=round_notice, applications=applications, actor=None)
    second = drafting.publicity_draft_create(round_notice=round_notice, applications=applications, actor=None)
    assert first.slug != second.slug


# --- Revocation notices (Art. 15, 17) --------------------------------------------------------------


def _proposal(center):
    return RevocationProposal.objects.create(
        center=center, cause=RevocationCause.CLOSURE, evidence="已注销", proposed_on=dt.date(2026, 1, 2)
    )


def test_revocation_notice_draft(home, index):
    center = factories.center(home, title="某行业数字化转型促进中心")
    notice = drafting.revocation_notice_draft(proposal=_proposal(center), effective_on=dt.date(2026, 1, 5))
    notice = RevocationNotice.objects.get(pk=notice.pk)
    assert notice.get_parent().pk == index.pk and not notice.live
    assert (notice.center_id, notice.cause, notice.effective_on, notice.published_on) == (
        center.pk,
        RevocationCause.CLOSURE,
        dt.date(2026, 1, 5),
        dt.date(2026, 1, 5),
    )
    assert "某行业数字化转型促进中心" in notice.title and "撤销" in notice.title
    assert notice.get_latest_revision() is not None
    center.refresh_from_db()
    assert center.status != CenterStatus.REVOKED  # drafting is not revoking


def test_a_confirmed_proposal_gets_its_draft_notice(home, index):
    center = factories.center(home)
    proposal = _proposal(center)
    revocation_proposal_confirmed.send(
        sender=RevocationProposal, proposal=proposal, effective_on=dt.date(2026, 1, 5), by=None
    )
    assert proposal.notice.center_id == center.pk
    assert RevocationProposal.objects.get(pk=proposal.pk).notice_id == proposal.notice.pk


def test_a_confirmed_proposal_without_a_notice_list_is_refused(home):
    proposal = _proposal(factories.center(home))
    NoticeIndexPage.objects.all().delete()
    with pytest.raises(ValidationError):
        revocation_proposal_confirmed.send(
            sender=RevocationProposal, proposal=proposal, effective_on=dt.date(2026, 1, 5), by=None
        )


# --- Evaluation bulletins (Art. 12–14) -------------------------------------------------------------


def test_evaluation_bulletin_draft_has_one_rating_per_center(home, index):
    good, failing = factories.center(home), factories.center(home)
    bulletin = drafting.evaluation_bulletin_draft(year=2025, ratings=[(good, Rating.GOOD), (failing, Rating.FAIL)])
    bulletin = EvaluationBulletin.objects.get(pk=bulletin.pk)
    assert bulletin.get_parent().pk == index.pk and not bulletin.live
    assert bulletin.evaluation_year == 2025 and "2025" in bulletin.title
    assert [(r.center_id, r.rating) for r in bulletin.ratings.all()] == [(good.pk, "good"), (failing.pk, "fail")]
    assert bulletin.get_latest_revision() is not None
    assert not CenterRating.objects.filter(center_key=good.translation_key).exists()  # recorded when published


def test_evaluation_bulletin_draft_refuses_a_center_twice_or_an_unknown_grade(home, index):
    center = factories.center(home)
    with pytest.raises(ValidationError):
        drafting.evaluation_bulletin_draft(year=2025, ratings=[(center, Rating.GOOD), (center, Rating.PASS)])
    with pytest.raises(ValidationError):
        drafting.evaluation_bulletin_draft(year=2025, ratings=[(center, "superb")])
    assert not EvaluationBulletin.objects.exists()
