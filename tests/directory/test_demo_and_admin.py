"""The directory's demo content (docs/contract.md) and the taxonomy admin (generate_bulk: tests/notices)."""

import pytest
from django.utils import timezone

from directory import demo
from directory.models import (
    Area,
    CenterKind,
    CenterPage,
    CenterService,
    CenterStatus,
    ConsortiumMember,
    EventPage,
    Industry,
    Service,
)
from directory.validators import is_valid_credit_code


def counts():
    return (
        Area.objects.count(),
        Industry.objects.count(),
        Service.objects.count(),
        CenterPage.objects.count(),
        EventPage.objects.count(),
    )


@pytest.mark.django_db
def test_demo_directory_meets_the_contract_and_is_idempotent(site_tree):
    context = dict(site_tree)
    summary = demo.load(context)
    assert "26 centers" in summary
    zh = site_tree["locales"][0]
    centers = CenterPage.objects.live().filter(locale=zh)
    assert centers.count() >= 24
    assert centers.values("area").distinct().count() == 12
    assert Industry.objects.filter(locale=zh).count() >= 8
    assert set(centers.values_list("kind", flat=True)) == {CenterKind.REGIONAL, CenterKind.INDUSTRY}
    offered = CenterService.objects.filter(center__in=centers).values("service__slug").distinct()
    assert offered.count() == 10
    assert centers.filter(status=CenterStatus.REVOKED).exclude(revocation_cause="").count() == 1
    assert all(is_valid_credit_code(code) for code in centers.values_list("lead_unit_credit_code", flat=True))
    assert Area.objects.get(locale=zh, slug="ganjiang").bureau_name == "赣江新区经发局"
    assert Area.objects.filter(translation_key=Area.objects.get(locale=zh, slug="ganzhou").translation_key).count() == 2
    year = timezone.localdate().year
    assert centers.filter(latest_rating_year=year - 1).count() == centers.count()
    events = EventPage.objects.live().filter(locale=zh)
    assert events.count() >= 6
    assert events.upcoming(at=timezone.now()).exists() and events.past(at=timezone.now()).exists()
    assert {"centers", "areas", "industries", "services"} <= set(context)
    en = site_tree["locales"][1]
    roles = set(ConsortiumMember.objects.filter(center__locale=en).values_list("role", flat=True))
    assert roles == {"consortium member"}, "English center pages name the members' role in English"
    before = counts()
    demo.load(dict(site_tree))
    assert counts() == before


@pytest.mark.django_db
def test_taxonomy_admin_lists_areas_industries_and_services(client, site_tree):
    admin_client = client
    admin_client.force_login(site_tree["users"]["admin"])
    demo.load_taxonomies(*site_tree["locales"])
    for url in (
        "/admin/snippets/directory/area/",
        "/admin/snippets/directory/industry/",
        "/admin/snippets/directory/service/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
    assert "赣州市工业和信息化局" in admin_client.get("/admin/snippets/directory/area/").content.decode()
    assert "诊断咨询" in admin_client.get("/admin/snippets/directory/service/").content.decode()
