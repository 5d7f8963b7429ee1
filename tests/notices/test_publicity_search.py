"""Site search finds the centers named in a 公示 list: the list's entries are indexed with the notice."""

import pytest
from django.core.management import call_command

from notices.models import PublicityEntry
from tests import factories

pytestmark = pytest.mark.django_db


def notice_titles(client, query) -> list[str]:
    groups = client.get("/search/", {"q": query}).context["groups"]
    return [hit.title for group in groups if group["key"] == "notices" for hit in group["hits"]]


def test_a_proposed_center_and_its_lead_unit_find_the_publicity(client, home):
    factories.publicity_notice(
        home,
        title="2026年度拟认定名单公示",
        entries=[
            PublicityEntry(
                proposed_name="共青城纺织服装产业数字化转型促进中心", lead_unit_name="江西共青纺织智造科技有限公司"
            ),
        ],
    )
    factories.policy_notice(home, title="江西省省级数字化转型促进中心管理办法")
    assert notice_titles(client, "共青城纺织服装") == ["2026年度拟认定名单公示"]
    assert notice_titles(client, "共青纺织智造") == ["2026年度拟认定名单公示"]


def test_an_existing_center_on_the_list_finds_it_too_after_update_index(client, home):
    center = factories.center(home, "鹰潭铜产业数字化转型促进中心", slug="copper")
    factories.publicity_notice(home, title="拟认定名单公示", entries=[PublicityEntry(center=center)])
    call_command("update_index", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert notice_titles(client, "鹰潭铜产业") == ["拟认定名单公示"]
