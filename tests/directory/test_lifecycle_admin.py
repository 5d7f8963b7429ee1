"""The lifecycle desk in the Wagtail admin: who sees what, the decisions, and query counts."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory import lifecycle, services
from directory.models import (
    CenterPage,
    ProposalState,
    Rating,
    ReorganisationTask,
    ReviewerArea,
    Revocation,
    RevocationProposal,
)
from tests import factories as h

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = pytest.mark.usefixtures("demo_shell_per_module")


@pytest.fixture
def boss(client, site_tree):
    """A client logged in as the demo superuser (the demo shell resets its password, so log in after)."""
    client.force_login(site_tree["users"]["admin"])
    return client


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def staff(django_user_model, username, *perms):
    user = django_user_model.objects.create_user(username=username, password="x", is_staff=True)
    codes = ["access_admin", *perms]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codes))
    return django_user_model.objects.get(pk=user.pk)


def failing(home, *, years=(2024, 2025), **kwargs):
    page = h.center(home, **kwargs)
    for year in years:
        services.center_record_rating(center=page, year=year, rating=Rating.FAIL)
    return CenterPage.objects.get(pk=page.pk)


def test_needs_action_lists_each_state(boss, site_tree):
    home = site_tree["home"]
    failing(home, years=(2025,), title="甲中心")
    failing(home, title="乙中心")
    response = boss.get(reverse("lifecycle:needs_action"))
    assert response.status_code == 200
    page = soup(response)
    reorganising = page.find("table", attrs={"aria-labelledby": "reorganising"}).get_text()
    assert "甲中心" in reorganising and "乙中心" in reorganising
    proposals = page.find("table", attrs={"aria-labelledby": "proposals"}).get_text()
    assert "乙中心" in proposals and "甲中心" not in proposals


def test_needs_action_query_count_does_not_grow(boss, site_tree):
    home = site_tree["home"]

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert boss.get(reverse("lifecycle:needs_action")).status_code == 200
        return len(ctx.captured_queries)

    failing(home)
    small = count()
    for _ in range(4):
        failing(home)
        failing(home, years=(2025,))
    assert count() == small


def test_city_reviewer_sees_only_their_area(client, site_tree, django_user_model):
    home = site_tree["home"]
    zh = home.locale
    ganzhou = h.area("ganzhou", "赣州市", "赣州市工业和信息化局", locale=zh)
    failing(home, years=(2025,), title="南昌某中心", kind="regional")
    failing(home, years=(2025,), title="赣州某中心", area=ganzhou, kind="regional")
    reviewer = staff(django_user_model, "gz", "file_reorganisationtask")
    ReviewerArea.objects.create(user=reviewer, area=ganzhou)
    client.force_login(reviewer)
    html = client.get(reverse("lifecycle:needs_action")).content.decode()
    assert "赣州某中心" in html and "南昌某中心" not in html
    # Filing another area's task is not possible.
    other = ReorganisationTask.objects.get(center__title="南昌某中心")
    assert client.get(reverse("lifecycle:task_file", args=[other.pk])).status_code == 404
    mine = ReorganisationTask.objects.get(center__title="赣州某中心")
    response = client.post(
        reverse("lifecycle:task_file", args=[mine.pk]), {"filed_on": "2026-01-10", "note": "更换运营团队"}
    )
    assert response.status_code == 302
    assert ReorganisationTask.objects.get(pk=mine.pk).filed_on == dt.date(2026, 1, 10)
    # Bans and revocation decisions are for the province: Wagtail turns the refusal into a redirect home.
    assert client.get(reverse("lifecycle:active_bans"))["Location"] == reverse("wagtailadmin_home")


def test_staff_without_lifecycle_permission_is_refused(client, site_tree, django_user_model):
    client.force_login(staff(django_user_model, "plain"))
    refused = client.get(reverse("lifecycle:needs_action"))
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="lifecycle-heading"' not in home


def test_filing_without_a_note_shows_the_error(boss, site_tree):
    failing(site_tree["home"], years=(2025,))
    task = ReorganisationTask.objects.get()
    response = boss.post(reverse("lifecycle:task_file", args=[task.pk]), {"filed_on": "2026-01-10"})
    assert response.status_code == 400
    assert soup(response).find(attrs={"role": "alert"})
    assert ReorganisationTask.objects.get().filed_on is None


def test_confirming_a_proposal_drafts_the_notice_and_opens_it(boss, site_tree):
    home = site_tree["home"]
    h.notice_index(home)
    page = failing(home, title="丙中心")
    proposal = RevocationProposal.objects.get()
    detail = boss.get(reverse("lifecycle:proposal", args=[proposal.pk])).content.decode()
    assert "2024" in detail and "丙中心" in detail
    response = boss.post(
        reverse("lifecycle:proposal", args=[proposal.pk]), {"action": "confirm", "effective_on": "2026-01-05"}
    )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.CONFIRMED
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[proposal.notice_id])
    assert proposal.notice.specific.center_id == page.pk
    assert not proposal.notice.live


def test_dismissing_without_reason_keeps_the_proposal(boss, site_tree):
    failing(site_tree["home"])
    proposal = RevocationProposal.objects.get()
    response = boss.post(reverse("lifecycle:proposal", args=[proposal.pk]), {"action": "dismiss"})
    assert response.status_code == 400
    assert RevocationProposal.objects.get().state == ProposalState.PROPOSED


def test_staff_propose_cause_two_with_evidence(boss, site_tree):
    page = h.center(site_tree["home"], title="丁中心")
    url = reverse("lifecycle:proposal_create")
    response = boss.post(url, {"center": page.pk, "cause": "false_materials", "evidence": ""})
    assert response.status_code == 400
    assert not RevocationProposal.objects.exists()
    response = boss.post(url, {"center": page.pk, "cause": "false_materials", "evidence": "审计发现服务企业数量虚报"})
    assert response.status_code == 302
    assert RevocationProposal.objects.get().cause == "false_materials"


def test_active_bans_list_shows_last_banned_and_first_free_day(boss, site_tree):
    today = timezone.localdate()
    Revocation.objects.create(
        center_name="戊中心",
        lead_unit_name="江西戊科技有限公司",
        credit_code=h.credit_code(4242),
        cause="two_fails",
        revoked_on=today - dt.timedelta(days=10),
    )
    Revocation.objects.create(
        center_name="已解禁中心",
        lead_unit_name="x",
        credit_code=h.credit_code(4243),
        cause="two_fails",
        revoked_on=today.replace(year=today.year - 3),
    )
    html = boss.get(reverse("lifecycle:active_bans")).content.decode()
    revoked = today - dt.timedelta(days=10)
    free = lifecycle.ban_first_free_day(cause="two_fails", revoked_on=revoked)
    assert "戊中心" in html and h.credit_code(4242) in html
    assert free.isoformat() in html and (free - dt.timedelta(days=1)).isoformat() in html
    assert "已解禁中心" not in html


def test_dashboard_panel_counts(boss, site_tree):
    failing(site_tree["home"])
    html = boss.get(reverse("wagtailadmin_home")).content.decode()
    panel = soup(boss.get(reverse("wagtailadmin_home"))).find(attrs={"aria-labelledby": "lifecycle-heading"})
    assert panel is not None, html[:500]
    assert "1" in panel.find("a", href=reverse("lifecycle:needs_action") + "#proposals").parent.get_text()


def test_revocation_viewset_listing(boss, site_tree):
    Revocation.objects.create(
        center_name="庚中心",
        lead_unit_name="x",
        credit_code=h.credit_code(4300),
        cause="closure",
        revoked_on=dt.date(2025, 1, 1),
    )
    response = boss.get(reverse("revocations:index"))
    assert response.status_code == 200
    assert "庚中心" in response.content.decode()


@pytest.mark.parametrize("name", ["needs_action", "active_bans", "proposal_create"])
def test_admin_pages_render_for_admin(boss, site_tree, name):
    response = boss.get(reverse(f"lifecycle:{name}"))
    assert response.status_code == 200
    assert len(soup(response).find_all("h1")) == 1


def test_reorganisation_goes_to_the_management_unit_not_the_areas_bureau(client, site_tree, django_user_model):
    """Art. 11, Art. 17: an industry center in 赣州 managed by an industry association is reorganised by the
    association, so 赣州's bureau neither sees nor files its task; an industry center 赣州's bureau
    recommended is its own to reorganise. The province sees both."""
    home = site_tree["home"]
    ganzhou = h.area("ganzhou", "赣州市", "赣州市工业和信息化局", locale=home.locale)
    failing(home, years=(2025,), title="稀土行业中心", area=ganzhou, management_unit="江西省稀土行业协会")
    failing(home, years=(2025,), title="赣州推荐的行业中心", area=ganzhou, management_unit="赣州市工业和信息化局")
    association_task = ReorganisationTask.objects.get(center__title="稀土行业中心")
    assert association_task.management_unit == "江西省稀土行业协会"

    reviewer = staff(django_user_model, "gz2", "file_reorganisationtask")
    ReviewerArea.objects.create(user=reviewer, area=ganzhou)
    client.force_login(reviewer)
    html = client.get(reverse("lifecycle:needs_action")).content.decode()
    assert "赣州推荐的行业中心" in html and "稀土行业中心" not in html
    assert client.get(reverse("lifecycle:task_file", args=[association_task.pk])).status_code == 404

    client.force_login(site_tree["users"]["admin"])
    html = client.get(reverse("lifecycle:needs_action")).content.decode()
    assert "稀土行业中心" in html and "江西省稀土行业协会" in html


def test_an_industry_center_needs_its_management_unit(site_tree):
    """Art. 11: the CenterPage form refuses an industry center without the unit that recommended it,
    beside the field."""
    from django.core.exceptions import ValidationError

    page = h.center(site_tree["home"], kind="industry")
    page.management_unit = ""
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    assert "management_unit" in refused.value.message_dict
    assert "第十一条" in refused.value.message_dict["management_unit"][0]
    regional = h.center(site_tree["home"], kind="regional")
    regional.management_unit = ""
    regional.full_clean()  # a regional center's is its area's bureau, filled in on save
