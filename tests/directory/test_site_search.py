"""Site search at /search/?q=: notices, centers and events of the visitor's language, grouped by type,
Traditional as Simplified, a clear message for an empty query."""

import datetime as dt

import pytest

from directory import services
from tests import factories as f

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = pytest.mark.usefixtures("demo_shell_per_module")


@pytest.fixture
def content(site_tree, search_engine):
    home = site_tree["home"]
    directory = f.directory_page(home)
    rare = f.IndustryFactory(slug="rare-earths", name="稀土")
    center = f.center(directory, "赣州市稀土产业数字化转型促进中心", industries=[rare], slug="rare")
    f.event(f.events_page(home), "稀土产业链供需对接会", industries=[rare], organisers=[center], slug="rare-event")
    f.policy_notice(
        home, title="关于公布2025年度省级数字化转型促进中心运行评价结果的通知", summary="稀土等行业中心评价结果"
    )
    f.policy_notice(home, title="江西省省级数字化转型促进中心管理办法")
    return home


def groups(response):
    return {g["key"]: [hit.title for hit in g["hits"]] for g in response.context["groups"]}


@pytest.mark.django_db
def test_results_are_grouped_by_type(client, content):
    response = client.get("/search/?q=稀土")
    found = groups(response)
    assert found["centers"] == ["赣州市稀土产业数字化转型促进中心"]
    assert found["events"] == ["稀土产业链供需对接会"]
    assert found["notices"] == ["关于公布2025年度省级数字化转型促进中心运行评价结果的通知"]
    body = response.content.decode()
    assert body.index('id="results-notices"') < body.index('id="results-centers"') < body.index('id="results-events"')
    assert '<meta name="robots" content="noindex">' in body


@pytest.mark.django_db
def test_a_revoked_center_is_found_but_listed_after_the_current_ones(client, content):
    directory = f.directory_page(content)
    # The word twice in its name: ranked first while it is current.
    revoked = f.center(directory, "九江稀土稀土产业数字化转型促进中心", slug="jiujiang-rare")
    assert groups(client.get("/search/?q=稀土"))["centers"][0] == revoked.title
    services.center_mark_revoked(center=revoked, cause="two_fails", effective_on=dt.date(2026, 3, 1))
    response = client.get("/search/?q=稀土")
    assert groups(response)["centers"] == ["赣州市稀土产业数字化转型促进中心", revoked.title]
    assert "已撤销" in response.content.decode()


@pytest.mark.django_db
def test_traditional_query_finds_the_same(client, content):
    assert groups(client.get("/search/?q=評價")) == groups(client.get("/search/?q=评价"))
    assert groups(client.get("/search/?q=评价"))["notices"] == [
        "关于公布2025年度省级数字化转型促进中心运行评价结果的通知"
    ]


@pytest.mark.django_db
def test_an_empty_query_is_explained(client, content):
    body = client.get("/search/?q=%20%20").content.decode()
    assert "error-summary" in body and 'aria-invalid="true"' in body
    assert client.get("/search/").context["groups"] == []


@pytest.mark.django_db
def test_english_site_searches_english_pages_only(client, content):
    response = client.get("/en/search/?q=稀土")
    assert response.status_code == 200
    assert response.context["total"] == 0
