"""Publishing a bulletin records each rating in the directory (Art. 13–14); unpublishing reverts it;
a corrected revision replaces it; a translation never applies twice. Publishing a revocation marks the
center revoked (Art. 15)."""

import pytest
from wagtail.actions.unpublish_page import UnpublishPageAction

from directory.models import CenterPage, CenterRating, CenterStatus
from directory.services import center_ratings, center_record_rating
from notices.models import BulletinRating
from tests import factories

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


@pytest.fixture
def home(site_tree):
    return site_tree["home"]


@pytest.fixture
def centers(home):
    return [factories.center(home, title=f"促进中心{i}") for i in range(3)]


def standing(center) -> tuple:
    center = CenterPage.objects.get(pk=center.pk)
    return center.latest_rating, center.latest_rating_year


def test_publishing_a_bulletin_rates_each_center_in_the_directory(home, centers):
    a, b, c = centers
    bulletin = factories.bulletin(home, year=2025, ratings={a: "excellent", b: "good", c: "fail"})
    assert standing(a) == ("excellent", 2025)
    assert standing(b) == ("good", 2025)
    assert standing(c) == ("fail", 2025)
    assert CenterRating.objects.filter(source_page_id=bulletin.pk).count() == 3


def test_a_draft_bulletin_changes_nothing(home, centers):
    factories.bulletin(home, year=2025, ratings={centers[0]: "good"}, live=False)
    assert standing(centers[0]) == ("", None)


def test_unpublishing_reverts_to_the_previous_rating(home, centers):
    a, b, _ = centers
    center_record_rating(center=a, year=2024, rating="pass", reason="2024 bulletin on paper")
    bulletin = factories.bulletin(home, year=2025, ratings={a: "excellent", b: "good"})
    assert standing(a) == ("excellent", 2025)

    UnpublishPageAction(bulletin).execute()

    assert standing(a) == ("pass", 2024)
    assert standing(b) == ("", None)
    assert [r.year for r in center_ratings(a)] == [2024]


def test_publishing_a_corrected_revision_replaces_the_ratings(home, centers):
    a, b, c = centers
    bulletin = factories.bulletin(home, year=2025, ratings={a: "good", b: "pass"})
    bulletin.ratings = [BulletinRating(center=a, rating="excellent"), BulletinRating(center=c, rating="good")]
    bulletin.save_revision().publish()

    assert standing(a) == ("excellent", 2025)
    assert standing(b) == ("", None)  # taken off the corrected bulletin
    assert standing(c) == ("good", 2025)


def test_correcting_the_year_moves_the_ratings(home, centers):
    a = centers[0]
    bulletin = factories.bulletin(home, year=2024, ratings={a: "good"})
    bulletin.evaluation_year = 2025
    bulletin.save_revision().publish()
    assert [(r.year, r.rating) for r in center_ratings(a)] == [(2025, "good")]


def test_deleting_a_live_bulletin_withdraws_its_ratings(home, centers):
    bulletin = factories.bulletin(home, year=2025, ratings={centers[0]: "good"})
    bulletin.delete()
    assert standing(centers[0]) == ("", None)
    assert not CenterRating.objects.exists()


def test_withdrawing_a_bulletin_keeps_ratings_recorded_elsewhere(home, centers):
    a, b, _ = centers
    center_record_rating(center=b, year=2024, rating="good", reason="entered by staff")
    bulletin = factories.bulletin(home, year=2025, ratings={a: "good"})
    UnpublishPageAction(bulletin).execute()
    assert standing(b) == ("good", 2024)


def test_publishing_the_english_translation_does_not_apply_twice(site_tree, home, centers):
    en = site_tree["locales"][1]
    a = centers[0]
    bulletin = factories.bulletin(home, year=2025, ratings={a: "good"})
    factories.notice_index(home).copy_for_translation(en, copy_parents=True)
    translation = bulletin.copy_for_translation(en)
    translation.ratings = [BulletinRating(center=a, rating="fail")]
    translation.save_revision().publish()
    assert standing(a) == ("good", 2025)
    UnpublishPageAction(translation).execute()
    assert standing(a) == ("good", 2025)


def test_publishing_a_revocation_marks_the_center_revoked(home, centers):
    import datetime as dt

    target = centers[1]
    notice = factories.revocation(home, center=target, cause="false_materials", effective_on=dt.date(2026, 3, 1))
    target = CenterPage.objects.get(pk=target.pk)
    assert target.status == CenterStatus.REVOKED
    assert target.revocation_cause == "false_materials"
    assert target.status_changed_on == dt.date(2026, 3, 1)
    assert CenterPage.objects.get(pk=centers[0].pk).status == CenterStatus.ACTIVE
    from directory.models.lifecycle import Revocation

    record = Revocation.objects.get(credit_code=target.lead_unit_credit_code)
    assert record.notice_id == notice.pk and record.revoked_on == dt.date(2026, 3, 1)


def test_a_draft_revocation_changes_nothing(home, centers):
    factories.revocation(home, center=centers[0], live=False)
    assert CenterPage.objects.get(pk=centers[0].pk).status == CenterStatus.ACTIVE


def test_a_scheduled_bulletin_applies_when_publish_scheduled_runs(home, centers):
    import datetime as dt
    from unittest import mock

    from django.core.management import call_command
    from django.utils import timezone

    a = centers[0]
    bulletin = factories.bulletin(home, year=2025, ratings={a: "good"}, live=False)
    go_live = timezone.now() + dt.timedelta(hours=1)
    bulletin.go_live_at = go_live
    bulletin.save_revision().publish()  # scheduled, not live yet
    bulletin.refresh_from_db()
    assert not bulletin.live
    assert standing(a) == ("", None)

    with mock.patch("django.utils.timezone.now", return_value=go_live + dt.timedelta(minutes=1)):
        call_command("publish_scheduled", stdout=open("/dev/null", "w"))  # noqa: SIM115

    bulletin.refresh_from_db()
    assert bulletin.live
    assert standing(a) == ("good", 2025)
