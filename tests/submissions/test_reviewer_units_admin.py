"""The province links users to recommending units (Art. 11: an industry center's management unit) in the
admin, under the review desk next to the reviewer areas: an editor sees and adds one, in Chinese; a city
reviewer cannot reach the screen; a unit no center names is refused beside the field."""

import pytest

from directory.models import ReviewerUnit
from tests import factories

pytestmark = pytest.mark.django_db

UNIT = "江西省有色金属工业局"
URL = "/admin/desk/reviewer-units/"


@pytest.fixture
def users(site_tree):
    factories.center(site_tree["home"], "有色金属行业促进中心", management_unit=UNIT)
    return site_tree["users"]


def test_an_editor_lists_and_adds_a_management_unit_user(as_user, users):
    client = as_user(users["editor"], language="zh-hans")
    listing = client.get(URL)
    assert listing.status_code == 200
    assert "管理单位用户" in listing.content.decode()
    assert URL in client.get("/admin/").content.decode()  # in the menu
    form = client.get(URL + "new/")
    assert form.status_code == 200
    response = client.post(URL + "new/", {"user": users["nanchang"].pk, "unit_name": f"  {UNIT} "})
    assert response.status_code == 302
    assert ReviewerUnit.objects.filter(user=users["nanchang"], unit_name=UNIT).exists()
    assert UNIT in client.get(URL).content.decode()


def test_a_unit_no_center_names_is_refused_beside_the_field(as_user, users):
    client = as_user(users["editor"], language="zh-hans")
    response = client.post(URL + "new/", {"user": users["nanchang"].pk, "unit_name": "江西省有色金属局"})
    assert response.status_code == 200
    assert "没有促进中心的管理单位是该名称" in response.content.decode()
    assert not ReviewerUnit.objects.exists()


def test_a_city_reviewer_cannot_reach_the_screen(as_user, users):
    client = as_user(users["nanchang"])
    assert client.get(URL).status_code in (302, 403)
    response = client.post(URL + "new/", {"user": users["nanchang"].pk, "unit_name": UNIT})
    assert response.status_code in (302, 403)
    assert not ReviewerUnit.objects.exists()
    assert URL not in client.get("/admin/").content.decode()
