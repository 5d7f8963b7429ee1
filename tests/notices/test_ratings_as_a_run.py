"""Art. 15 (1), Art. 17 re-evaluated over the whole rating sequence when any year's bulletin is published
or corrected: a proposal appears when two consecutive fails appear, a pending one is withdrawn with its
reason when its evidence no longer holds, reorganisation follows the same run, and a decided revocation
is never undone (the editor who publishes the correction is told)."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from directory.models import CenterPage, CenterStatus, ProposalState, ReorganisationTask, RevocationProposal
from notices.models import BulletinRating
from notices.wagtail_hooks import report_directory_changes_on_publish
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def center(home):
    return factories.center(home, "南昌市区域型数字化转型促进中心", kind="regional")


def correct(bulletin, center, rating):
    """Publish a corrected revision of `bulletin` giving `center` the `rating`."""
    bulletin.ratings = [BulletinRating(center=center, rating=rating)]
    bulletin.save_revision().publish()
    return bulletin


def status(center):
    return CenterPage.objects.get(pk=center.pk).status


def test_correcting_an_earlier_pass_to_a_fail_proposes_revocation(home, center):
    b2024 = factories.bulletin(home, year=2024, ratings={center: "pass"})
    factories.bulletin(home, year=2025, ratings={center: "fail"})
    assert not RevocationProposal.objects.exists()
    assert ReorganisationTask.objects.get(center=center).rating_year == 2025

    correct(b2024, center, "fail")
    proposal = RevocationProposal.objects.get(center=center)
    assert (proposal.state, proposal.rating_year) == (ProposalState.PROPOSED, 2025)
    assert "2024" in proposal.evidence and "2025" in proposal.evidence
    # The run now starts in 2024: the reorganisation follows it.
    assert list(
        ReorganisationTask.objects.filter(center=center, closed=False).values_list("rating_year", flat=True)
    ) == [2024]
    assert status(center) == CenterStatus.REORGANISING


def test_correcting_an_earlier_fail_to_a_pass_withdraws_the_proposal_with_its_reason(home, center):
    b2024 = factories.bulletin(home, year=2024, ratings={center: "fail"})
    factories.bulletin(home, year=2025, ratings={center: "fail"})
    assert RevocationProposal.objects.get(center=center).state == ProposalState.PROPOSED

    correct(b2024, center, "pass")
    proposal = RevocationProposal.objects.get(center=center)
    assert proposal.state == ProposalState.DISMISSED
    assert "依据已不成立" in proposal.decision_note and "2024" in proposal.decision_note
    # 2025 is still a fail: the center stays under reorganisation, now for the 2025 fail.
    assert status(center) == CenterStatus.REORGANISING
    assert list(
        ReorganisationTask.objects.filter(center=center, closed=False).values_list("rating_year", flat=True)
    ) == [2025]


def test_unpublishing_the_earlier_fail_withdraws_the_proposal(home, center):
    from wagtail.actions.unpublish_page import UnpublishPageAction

    b2024 = factories.bulletin(home, year=2024, ratings={center: "fail"})
    factories.bulletin(home, year=2025, ratings={center: "fail"})
    UnpublishPageAction(b2024).execute()
    assert RevocationProposal.objects.get(center=center).state == ProposalState.DISMISSED


def test_a_decided_revocation_is_not_undone_and_the_editor_is_told(home, center, site_tree):
    b2024 = factories.bulletin(home, year=2024, ratings={center: "fail"})
    factories.bulletin(home, year=2025, ratings={center: "fail"})
    proposal = RevocationProposal.objects.get(center=center)
    revocation_notice = factories.revocation(home, center=center, cause="two_fails")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CONFIRMED and status(center) == CenterStatus.REVOKED

    correct(b2024, center, "pass")
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CONFIRMED and status(center) == CenterStatus.REVOKED
    assert revocation_notice.live

    # The editor who published the correction sees a warning in the admin.
    request = RequestFactory().post("/admin/pages/edit/")
    SessionMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    request.user = site_tree["users"]["editor"]
    report_directory_changes_on_publish(request, b2024)
    warnings = [str(m) for m in get_messages(request) if m.level_tag == "warning"]
    assert any(center.title in w and "不会自动撤回" in w for w in warnings)
