"""The lifecycle rules of the measures, one test group per rule, with their boundaries."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from directory import lifecycle, services
from directory.lifecycle import Consequence, rating_consequence
from directory.models import (
    CenterKind,
    CenterPage,
    CenterStatus,
    ProposalState,
    Rating,
    ReorganisationTask,
    Revocation,
    RevocationCause,
    RevocationProposal,
)
from tests import factories as h

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = pytest.mark.usefixtures("demo_shell_per_module")

D = dt.date


# --- Art. 16: bans --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cause", "revoked_on", "last_banned", "first_free"),
    [
        (RevocationCause.TWO_FAILS, D(2024, 3, 10), D(2026, 3, 10), D(2026, 3, 11)),
        (RevocationCause.FALSE_MATERIALS, D(2024, 3, 10), D(2027, 3, 10), D(2027, 3, 11)),
        (RevocationCause.ACCIDENT_OR_VIOLATION, D(2024, 3, 10), D(2027, 3, 10), D(2027, 3, 11)),
        # Leap day: no 29 February two or three years on, so the month's last day is the last banned day.
        (RevocationCause.TWO_FAILS, D(2024, 2, 29), D(2026, 2, 28), D(2026, 3, 1)),
        (RevocationCause.FALSE_MATERIALS, D(2024, 2, 29), D(2027, 2, 28), D(2027, 3, 1)),
        # Into a leap year: 2026-02-28 + 2 years is 2028-02-28, a day before the leap day.
        (RevocationCause.TWO_FAILS, D(2026, 2, 28), D(2028, 2, 28), D(2028, 2, 29)),
        (RevocationCause.TWO_FAILS, D(2025, 12, 31), D(2027, 12, 31), D(2028, 1, 1)),
    ],
)
def test_ban_end_dates(cause, revoked_on, last_banned, first_free):
    assert lifecycle.ban_first_free_day(cause=cause, revoked_on=revoked_on) == first_free
    assert first_free - dt.timedelta(days=1) == last_banned


def test_closure_carries_no_ban():
    assert lifecycle.ban_first_free_day(cause=RevocationCause.CLOSURE, revoked_on=D(2024, 3, 10)) is None


@pytest.fixture
def revocation(db):
    return Revocation.objects.create(
        center_name="某促进中心",
        lead_unit_name="江西某某科技有限公司",
        credit_code=h.credit_code(9001),
        cause=RevocationCause.TWO_FAILS,
        revoked_on=D(2024, 2, 29),
    )


@pytest.mark.parametrize(
    ("on", "banned"),
    [
        (D(2024, 2, 28), False),  # the day before the revocation
        (D(2024, 2, 29), True),  # the revocation day itself
        (D(2026, 2, 28), True),  # the last banned day
        (D(2026, 3, 1), False),  # the first free day
    ],
)
def test_active_ban_for_boundaries(revocation, on, banned):
    ban = lifecycle.active_ban_for(revocation.credit_code, on=on)
    assert (ban is not None) is banned
    if banned:
        assert ban.ends_on == D(2026, 3, 1)
        assert ban.last_banned_on == D(2026, 2, 28)
        assert ban.center_name == "某促进中心"


def test_active_ban_for_accepts_lowercase_and_spaces(revocation):
    typed = " " + revocation.credit_code.lower() + " "
    assert lifecycle.active_ban_for(typed, on=D(2025, 1, 1)) is not None


def test_active_ban_for_other_unit_or_empty_code(revocation):
    assert lifecycle.active_ban_for(h.credit_code(9002), on=D(2025, 1, 1)) is None
    assert lifecycle.active_ban_for("", on=D(2025, 1, 1)) is None


def test_longest_ban_wins(revocation):
    Revocation.objects.create(
        center_name="另一中心",
        lead_unit_name="江西某某科技有限公司",
        credit_code=revocation.credit_code,
        cause=RevocationCause.FALSE_MATERIALS,
        revoked_on=D(2023, 6, 1),
    )
    ban = lifecycle.active_ban_for(revocation.credit_code, on=D(2025, 1, 1))
    assert ban.ends_on == D(2026, 6, 2)
    assert ban.cause == RevocationCause.FALSE_MATERIALS


def test_active_ban_for_is_one_query(revocation, django_assert_num_queries):
    for serial in range(9100, 9120):
        Revocation.objects.create(
            center_name="x",
            lead_unit_name="x",
            credit_code=h.credit_code(serial),
            cause="two_fails",
            revoked_on=D(2025, 1, 1),
        )
    with django_assert_num_queries(1):
        lifecycle.active_ban_for(revocation.credit_code, on=D(2025, 1, 1))


# --- Art. 11: management units -------------------------------------------------------------------


def test_regional_center_is_managed_by_its_area_bureau(site_tree):
    zh = site_tree["home"].locale
    ganjiang = h.area("ganjiang", "赣江新区", "赣江新区经发局", locale=zh)
    page = h.center(site_tree["home"], kind=CenterKind.REGIONAL, area=ganjiang, management_unit="")
    assert page.get_management_unit() == "赣江新区经发局"


def test_industry_center_is_managed_by_its_recommending_unit(site_tree):
    page = h.center(site_tree["home"], kind=CenterKind.INDUSTRY, management_unit="江西省稀土行业协会")
    assert page.get_management_unit() == "江西省稀土行业协会"


# --- Art. 15 (1), Art. 17: rating consequences ---------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "previous", "consequence"),
    [
        (Rating.FAIL, None, Consequence.REORGANISE),
        (Rating.FAIL, Rating.PASS, Consequence.REORGANISE),
        (Rating.FAIL, Rating.EXCELLENT, Consequence.REORGANISE),
        (Rating.FAIL, Rating.FAIL, Consequence.PROPOSE_REVOCATION),
        (Rating.PASS, Rating.FAIL, Consequence.END_REORGANISATION),
        (Rating.GOOD, Rating.PASS, Consequence.NONE),
        (Rating.PASS, None, Consequence.NONE),
    ],
)
def test_rating_consequence(rating, previous, consequence):
    assert rating_consequence(rating=rating, previous_rating=previous) is consequence


def _record(center, ratings: dict):
    for year, rating in ratings.items():
        services.center_record_rating(center=center, year=year, rating=rating)
    return CenterPage.objects.get(pk=center.pk)


def test_first_fail_reorganises_and_tasks_the_management_unit(site_tree):
    page = _record(h.center(site_tree["home"], management_unit="江西省电子信息行业协会"), {2025: Rating.FAIL})
    assert page.status == CenterStatus.REORGANISING
    task = ReorganisationTask.objects.get(center=page)
    assert (task.rating_year, task.management_unit, task.filed_on) == (2025, "江西省电子信息行业协会", None)
    assert not RevocationProposal.objects.exists()


def test_two_consecutive_fails_propose_revocation(site_tree):
    page = _record(h.center(site_tree["home"]), {2024: Rating.FAIL, 2025: Rating.FAIL})
    proposal = RevocationProposal.objects.get(center=page)
    assert (proposal.cause, proposal.rating_year, proposal.state) == (
        RevocationCause.TWO_FAILS,
        2025,
        ProposalState.PROPOSED,
    )
    assert "2024" in proposal.evidence and "2025" in proposal.evidence
    # Proposed, not revoked: staff must confirm and the notice must be published.
    assert page.status == CenterStatus.REORGANISING


def test_fail_pass_fail_is_no_revocation(site_tree):
    page = _record(h.center(site_tree["home"]), {2023: Rating.FAIL, 2024: Rating.PASS, 2025: Rating.FAIL})
    assert not RevocationProposal.objects.exists()
    assert page.status == CenterStatus.REORGANISING
    assert ReorganisationTask.objects.filter(center=page, closed=False).get().rating_year == 2025


def test_a_pass_after_a_fail_ends_the_reorganisation(site_tree):
    page = _record(h.center(site_tree["home"]), {2024: Rating.FAIL, 2025: Rating.GOOD})
    assert page.status == CenterStatus.ACTIVE
    assert ReorganisationTask.objects.get(center=page).closed


def test_fail_after_reorganisation_with_a_year_unrated_proposes_delisting(site_tree):
    """Art. 17: the evaluation after the reorganisation decides, even when a year had no evaluation."""
    page = _record(h.center(site_tree["home"]), {2023: Rating.FAIL})
    lifecycle.reorganisation_file(task=ReorganisationTask.objects.get(center=page), on=D(2024, 3, 1), note="换团队")
    _record(page, {2025: Rating.FAIL})
    assert RevocationProposal.objects.get(center=page).rating_year == 2025


def test_republishing_a_bulletin_creates_no_second_task_or_proposal(site_tree):
    page = _record(h.center(site_tree["home"]), {2024: Rating.FAIL, 2025: Rating.FAIL})
    _record(page, {2025: Rating.FAIL})
    assert RevocationProposal.objects.filter(center=page).count() == 1
    assert ReorganisationTask.objects.filter(center=page).count() == 1


def test_corrected_fail_withdraws_its_proposal(site_tree):
    page = _record(h.center(site_tree["home"]), {2024: Rating.FAIL, 2025: Rating.FAIL})
    page = _record(page, {2025: Rating.PASS})
    assert RevocationProposal.objects.get(center=page).state == ProposalState.DISMISSED
    assert page.status == CenterStatus.ACTIVE


def test_backfilling_an_old_year_has_no_consequence(site_tree):
    page = _record(h.center(site_tree["home"]), {2025: Rating.GOOD, 2023: Rating.FAIL})
    assert page.status == CenterStatus.ACTIVE
    assert not ReorganisationTask.objects.exists()


def test_revoked_center_gets_no_new_tasks(site_tree):
    page = h.center(site_tree["home"])
    services.center_mark_revoked(center=page, cause=RevocationCause.CLOSURE, effective_on=D(2025, 5, 1))
    page = _record(page, {2025: Rating.FAIL})
    assert page.status == CenterStatus.REVOKED
    assert not ReorganisationTask.objects.exists()


def test_rating_in_english_version_tasks_the_chinese_source(site_tree):
    zh_page = h.center(site_tree["home"])
    en = site_tree["locales"][1]
    en_page = zh_page.copy_for_translation(en, copy_parents=True)
    _record(en_page, {2025: Rating.FAIL})
    assert ReorganisationTask.objects.get().center_id == zh_page.pk
    assert CenterPage.objects.get(pk=zh_page.pk).status == CenterStatus.REORGANISING


# --- Reorganisation filed a year ago with no new rating -----------------------------------------


@pytest.mark.parametrize(("on", "flagged"), [(D(2026, 3, 9), False), (D(2026, 3, 10), True)])
def test_reorganisation_a_year_old_without_rating_is_flagged(site_tree, on, flagged):
    page = _record(h.center(site_tree["home"]), {2024: Rating.FAIL})
    task = ReorganisationTask.objects.get(center=page)
    lifecycle.reorganisation_file(task=task, on=D(2025, 3, 10), note="重组运营团队")
    assert lifecycle.is_awaiting_rating_after_reorganisation(task, on=on, has_later_rating=False) is flagged
    assert lifecycle.tasks_awaiting_rating_after_reorganisation(on=on).exists() is flagged


def test_a_new_rating_clears_the_year_old_reorganisation_flag(site_tree):
    page = _record(h.center(site_tree["home"]), {2024: Rating.FAIL})
    lifecycle.reorganisation_file(task=ReorganisationTask.objects.get(center=page), on=D(2025, 3, 10), note="x")
    services.center_record_rating(center=page, year=2025, rating=Rating.FAIL)
    assert not lifecycle.tasks_awaiting_rating_after_reorganisation(on=D(2026, 6, 1)).exists()


def test_reorganisation_cannot_be_filed_twice(site_tree):
    page = _record(h.center(site_tree["home"]), {2024: Rating.FAIL})
    task = ReorganisationTask.objects.get(center=page)
    lifecycle.reorganisation_file(task=task, on=task.created_on, note="x")
    with pytest.raises(ValidationError):
        lifecycle.reorganisation_file(task=task, on=task.created_on, note="again")


# --- Art. 15 (2)–(4): staff proposals; confirmation drafts the notice ------------------------------


def test_staff_propose_cause_two_to_four_with_evidence(site_tree):
    page = h.center(site_tree["home"])
    with pytest.raises(ValidationError) as err:
        lifecycle.revocation_propose(center=page, cause=RevocationCause.TWO_FAILS, evidence="x", on=D(2025, 1, 1))
    assert "cause" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        lifecycle.revocation_propose(center=page, cause=RevocationCause.FALSE_MATERIALS, evidence=" ", on=D(2025, 1, 1))
    assert "evidence" in err.value.message_dict
    proposal = lifecycle.revocation_propose(
        center=page, cause=RevocationCause.FALSE_MATERIALS, evidence="申报材料中营收数据造假", on=D(2025, 1, 1)
    )
    assert proposal.state == ProposalState.PROPOSED
    with pytest.raises(ValidationError):
        lifecycle.revocation_propose(center=page, cause=RevocationCause.CLOSURE, evidence="注销", on=D(2025, 1, 2))


def test_confirming_drafts_an_unpublished_revocation_notice(site_tree):
    from notices.models import RevocationNotice

    home = site_tree["home"]
    index = h.notice_index(home)
    page = _record(h.center(home, title="某行业数字化转型促进中心"), {2024: Rating.FAIL, 2025: Rating.FAIL})
    proposal = RevocationProposal.objects.get(center=page)
    confirmed = lifecycle.revocation_confirm(proposal=proposal, effective_on=D(2026, 1, 5))
    notice = RevocationNotice.objects.get(pk=confirmed.notice_id)
    assert notice.get_parent().pk == index.pk
    assert not notice.live
    assert (notice.center_id, notice.cause, notice.effective_on) == (page.pk, RevocationCause.TWO_FAILS, D(2026, 1, 5))
    assert "某行业数字化转型促进中心" in notice.title
    assert notice.get_latest_revision() is not None
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CONFIRMED and proposal.notice_id == notice.pk
    # Drafting is not revoking.
    assert CenterPage.objects.get(pk=page.pk).status == CenterStatus.REORGANISING
    with pytest.raises(ValidationError):
        lifecycle.revocation_confirm(proposal=proposal)


def test_dismissing_needs_a_reason(site_tree):
    page = h.center(site_tree["home"])
    proposal = lifecycle.revocation_propose(center=page, cause="closure", evidence="已注销", on=D(2025, 1, 1))
    with pytest.raises(ValidationError):
        lifecycle.revocation_dismiss(proposal=proposal, note="")
    lifecycle.revocation_dismiss(proposal=proposal, note="企业仍在经营")
    assert RevocationProposal.objects.get().state == ProposalState.DISMISSED


def test_marking_revoked_records_the_ban_with_a_snapshot(site_tree):
    page = h.center(site_tree["home"], code=h.credit_code(7001))
    services.center_mark_revoked(center=page, cause=RevocationCause.TWO_FAILS, effective_on=D(2025, 6, 30))
    revocation = Revocation.objects.get()
    assert (revocation.credit_code, revocation.ban_ends_on) == (h.credit_code(7001), D(2027, 7, 1))
    assert revocation.center_name == page.title
    # Re-publishing the notice with a corrected date updates the same record.
    services.center_mark_revoked(center=page, cause=RevocationCause.TWO_FAILS, effective_on=D(2025, 7, 1))
    assert Revocation.objects.get().revoked_on == D(2025, 7, 1)


def test_withdrawing_a_fail_takes_back_its_task_and_status(site_tree):
    page = _record(h.center(site_tree["home"]), {2024: Rating.PASS, 2025: Rating.FAIL})
    assert page.status == CenterStatus.REORGANISING
    services.center_remove_rating(center=page, year=2025)
    assert CenterPage.objects.get(pk=page.pk).status == CenterStatus.ACTIVE
    assert not ReorganisationTask.objects.exists()


def test_withdrawing_the_second_fail_keeps_the_first_reorganisation(site_tree):
    page = _record(h.center(site_tree["home"]), {2024: Rating.FAIL, 2025: Rating.FAIL})
    services.center_remove_rating(center=page, year=2025)
    assert CenterPage.objects.get(pk=page.pk).status == CenterStatus.REORGANISING
    assert RevocationProposal.objects.get().state == ProposalState.DISMISSED
    assert ReorganisationTask.objects.get().rating_year == 2024


def test_confirming_sends_the_signal_and_a_refusing_receiver_undoes_it(site_tree):
    from directory.signals import revocation_proposal_confirmed
    from notices.models import RevocationNotice

    h.notice_index(site_tree["home"])
    page = h.center(site_tree["home"])
    proposal = lifecycle.revocation_propose(center=page, cause="closure", evidence="已注销", on=D(2025, 1, 1))
    received = []

    def refuse(sender, **kwargs):
        received.append((sender, kwargs))
        raise ValidationError("no notice list")

    revocation_proposal_confirmed.connect(refuse, sender=RevocationProposal, dispatch_uid="test-refuse")
    try:
        with pytest.raises(ValidationError):
            lifecycle.revocation_confirm(proposal=proposal, effective_on=D(2026, 1, 5))
    finally:
        revocation_proposal_confirmed.disconnect(sender=RevocationProposal, dispatch_uid="test-refuse")
    [(sender, kwargs)] = received
    assert sender is RevocationProposal
    assert (kwargs["proposal"].pk, kwargs["effective_on"], kwargs["by"]) == (proposal.pk, D(2026, 1, 5), None)
    assert proposal.state == ProposalState.PROPOSED
    assert RevocationProposal.objects.get(pk=proposal.pk).state == ProposalState.PROPOSED
    assert not RevocationNotice.objects.exists()  # the notice drafted before the refusal went with it
    # With no receiver refusing, the proposal is confirmed and the notices app has drafted its notice.
    confirmed = lifecycle.revocation_confirm(proposal=proposal)
    assert confirmed.state == ProposalState.CONFIRMED
    assert confirmed.notice.specific.live is False
