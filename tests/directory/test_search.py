"""Chinese search (issue #4): two-character words, words inside longer names, several words, Traditional
as Simplified; through the directory, the site search and home.search itself. Runs on SQLite and, with
DATABASE_URL, on PostgreSQL."""

import pytest
from django.core.cache import cache

from directory.models import CenterKind, CenterPage
from home.search import query_terms, term_weights
from tests import factories as f

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = pytest.mark.usefixtures("demo_shell_per_module")


@pytest.fixture
def centers(site_tree, search_engine):
    home = site_tree["home"]
    directory = f.directory_page(home)
    ganzhou = f.AreaFactory(slug="ganzhou", name="赣州市")
    nanchang = f.AreaFactory(slug="nanchang", name="南昌市", division_code="3601")
    shangrao = f.AreaFactory(slug="shangrao", name="上饶市", division_code="3611")
    rare = f.IndustryFactory(slug="rare-earths", name="稀土")
    furniture = f.IndustryFactory(slug="furniture", name="家具")
    aviation = f.IndustryFactory(slug="aviation", name="航空")
    pv = f.IndustryFactory(slug="photovoltaics", name="光伏")
    evaluation = f.ServiceFactory(slug="diagnosis", name="诊断咨询")
    return {
        "rare": f.center(
            directory,
            "赣州市稀土产业数字化转型促进中心",
            area=ganzhou,
            industries=[rare],
            services=[(evaluation, "免费诊断")],
            former_names=["赣州市稀土行业数字化服务中心"],
            lead_unit_name="赣州稀金数智科技有限公司",
        ),
        "ganzhou_regional": f.center(
            directory, "赣州市数字化转型促进中心", area=ganzhou, industries=[rare, furniture], kind=CenterKind.REGIONAL
        ),
        "furniture": f.center(directory, "南康家具产业数字化转型促进中心", area=ganzhou, industries=[furniture]),
        "aviation": f.center(directory, "南昌航空产业数字化转型促进中心", area=nanchang, industries=[aviation]),
        "pv": f.center(directory, "上饶光伏产业数字化转型促进中心", area=shangrao, industries=[pv]),
    }


def found(query):
    qs = CenterPage.objects.live().matching(query).by_relevance(query)
    return [c.title for c in qs]


@pytest.mark.django_db
def test_two_character_words_find_centers(centers):
    assert found("南昌") == ["南昌航空产业数字化转型促进中心"]
    assert found("稀土")[0] == "赣州市稀土产业数字化转型促进中心"
    assert "上饶光伏产业数字化转型促进中心" not in found("稀土")


@pytest.mark.django_db
def test_a_word_inside_a_long_name_is_found(centers):
    assert len(found("转型")) == 5
    assert found("促进中心") and len(found("促进中心")) == 5
    assert found("光伏产业") == ["上饶光伏产业数字化转型促进中心"]


@pytest.mark.django_db
def test_several_words_narrow_and_rank(centers):
    hits = found("赣州 稀土")
    assert hits[0] == "赣州市稀土产业数字化转型促进中心"
    # the regional center serves 稀土 too, so it is found, after the one named for it
    assert hits == ["赣州市稀土产业数字化转型促进中心", "赣州市数字化转型促进中心"]
    assert found("南昌 稀土") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("贛州 稀土", "赣州 稀土"), ("數字化轉型", "数字化转型"), ("南康傢俱", "南康家具"), ("診斷諮詢", "诊断咨询")],
)
def test_traditional_queries_return_the_simplified_results(centers, traditional, simplified):
    assert found(simplified)
    assert found(traditional) == found(simplified)


@pytest.mark.django_db
def test_former_names_lead_units_and_services_are_searchable(centers):
    assert found("稀土行业数字化服务中心") == ["赣州市稀土产业数字化转型促进中心"]
    assert found("稀金") == ["赣州市稀土产业数字化转型促进中心"]
    assert found("诊断咨询") == ["赣州市稀土产业数字化转型促进中心"]


@pytest.mark.django_db
def test_a_word_in_every_center_weighs_little_but_not_nothing(centers):
    cache.clear()
    weights = term_weights(CenterPage, ["数字化", "稀土"])
    assert 0 < weights["数字化"] < weights["稀土"]


def test_query_terms_fold_traditional_and_split_chinese():
    assert query_terms("贛州  稀土") == ["赣州", "稀土"]
    assert query_terms("  ") == []


@pytest.mark.django_db
def test_unpublished_and_other_language_centers_are_not_found(centers, site_tree, client):
    centers["pv"].unpublish()
    body = client.get("/centers/?q=光伏").content.decode()
    assert "上饶光伏产业数字化转型促进中心" not in body
    assert client.get("/centers/?q=光伏").context["result_count"] == 0
