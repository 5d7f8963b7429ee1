"""The index is searched once per list, not once per facet (issue 21: at 10,000 centers the directory ran
the match 7 times per request): the directory's list, count and facet counts reuse one set of hits, and site
search takes each group's best hits and total in one pass (one for every group on SQLite). Runs on SQLite and, with DATABASE_URL, on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import CenterPage
from home import search as search_module
from home.search import SQLiteEngine
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(site_tree):
    home = site_tree["home"]
    directory = f.directory_page(home)
    rare = f.IndustryFactory(slug="rare-earths", name="稀土")
    furniture = f.IndustryFactory(slug="furniture", name="家具")
    ganzhou = f.AreaFactory(slug="ganzhou", name="赣州市")
    f.center(directory, "赣州市稀土产业数字化转型促进中心", industries=[rare], area=ganzhou, slug="rare")
    f.center(directory, "南康家具产业数字化转型促进中心", industries=[furniture], area=ganzhou, slug="furniture")
    f.center(directory, "赣州市数字化转型促进中心", industries=[rare, furniture], area=ganzhou, kind="regional")
    f.policy_notice(home, title="关于稀土行业数字化转型的通知")
    return home


def index_statements(captured) -> list[str]:
    """The captured statements that search the index."""
    marker = " MATCH " if connection.vendor == "sqlite" else " @@ "
    return [query["sql"] for query in captured.captured_queries if marker in query["sql"]]


def index_searches(captured) -> int:
    return len(index_statements(captured))


@pytest.mark.parametrize(
    "url", ["/centers/?q=稀土", "/centers/?q=赣州+数字化&industry=rare-earths", "/centers/?q=稀土&sort=name"]
)
def test_the_directory_searches_the_index_once(client, content, url):
    client.get(url)  # PostgreSQL's ranking weighs terms by document frequencies, cached a while after this
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert index_searches(captured) == 1
    facets = {facet["name"]: {o["value"]: o["count"] for o in facet["options"]} for facet in response.context["facets"]}
    assert facets["region"]["ganzhou"] == response.context["result_count"] or "region" in url


def test_the_directory_lists_and_counts_the_hits_best_first(client, content):
    response = client.get("/centers/?q=稀土")
    titles = [c.title for c in response.context["centers"]]
    assert titles[0] == "赣州市稀土产业数字化转型促进中心"
    assert "南康家具产业数字化转型促进中心" not in titles
    assert response.context["result_count"] == len(titles) == 2
    facets = {facet["name"]: {o["value"]: o["count"] for o in facet["options"]} for facet in response.context["facets"]}
    assert facets["industry"] == {"rare-earths": 2, "furniture": 1}
    assert facets["kind"] == {"industry": 1, "regional": 1}


def test_site_search_searches_the_index_once_for_every_group(client, content):
    client.get("/search/?q=稀土")  # as above: the document frequencies are cached after a first search
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/search/?q=稀土")
    groups = {g["key"]: (g["count"], [h.title for h in g["hits"]]) for g in response.context["groups"]}
    assert groups["centers"] == (2, ["赣州市稀土产业数字化转型促进中心", "赣州市数字化转型促进中心"])
    assert groups["notices"] == (1, ["关于稀土行业数字化转型的通知"])
    # Every group in one pass, each match's index entry read once (on PostgreSQL three statements read the
    # matches of every page type three times).
    assert index_searches(captured) == 1


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statements only")
def test_sqlite_reads_each_match_through_the_entries_covering_index(client, content):
    """Each match's page type and page are read from the covering index the migration made, not from the
    entry's row (which holds the page's whole text); without that index the search still answers."""
    client.get("/search/?q=稀土")
    with CaptureQueriesContext(connection) as captured:
        client.get("/search/?q=稀土")
    (statement,) = index_statements(captured)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {statement}")
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    assert f"COVERING INDEX {SQLiteEngine.ENTRY_INDEX}" in plan, plan

    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {SQLiteEngine.ENTRY_INDEX}")  # rolled back with the test
    search_module._SQLITE_INDEXES.clear()
    try:
        response = client.get("/search/?q=稀土")
    finally:
        search_module._SQLITE_INDEXES.clear()
    groups = {g["key"]: g["count"] for g in response.context["groups"]}
    assert groups["centers"] == 2 and groups["notices"] == 1


def search_statement(client, url):
    """The response to `url` and the one statement that searched the index for it."""
    client.get(url)  # the document frequencies are cached after a first search
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    (statement,) = index_statements(captured)
    return response, statement


def test_each_match_is_checked_against_the_page_table_alone(client, content, site_tree):
    """Whether a match is a live page in the visitor's language is asked of Wagtail's page table only: the
    index entry's page type already says what the page is, and joining the type's own table for each match
    cost ~2 µs a match on PostgreSQL (a common word: thousands). Drafts, unpublished pages and pages in
    another language are still left out, by the directory and by site search."""
    home, directory = content, f.directory_page(content)
    f.center(directory, "赣州稀土草稿中心", live=False, slug="draft")
    gone = f.center(directory, "赣州稀土撤回中心", slug="gone")
    gone.unpublish()
    english = f.center(directory, "赣州稀土英文中心", slug="english")
    english.copy_for_translation(site_tree["locales"][1], copy_parents=True, alias=False).save_revision().publish()
    english.delete()  # the Chinese page gone: only its English translation is left, live, with its words
    f.policy_notice(home, title="稀土草稿通知", live=False)

    response, statement = search_statement(client, "/centers/?q=稀土")
    assert "directory_centerpage" not in statement
    titles = [c.title for c in response.context["centers"]]
    assert titles == ["赣州市稀土产业数字化转型促进中心", "赣州市数字化转型促进中心"]

    response, statement = search_statement(client, "/search/?q=稀土")
    assert "directory_centerpage" not in statement and "notices_" not in statement
    groups = {g["key"]: (g["count"], [h.title for h in g["hits"]]) for g in response.context["groups"]}
    assert groups["centers"] == (2, ["赣州市稀土产业数字化转型促进中心", "赣州市数字化转型促进中心"])
    assert groups["notices"] == (1, ["关于稀土行业数字化转型的通知"])


def test_a_condition_on_a_page_types_own_columns_is_kept(content):
    """A queryset narrowed by the page type's own columns (here the center's kind) is checked as it is."""
    centers = CenterPage.objects.live().filter(kind="regional")
    hits = search_module.search_hits(centers, "稀土")
    assert [CenterPage.objects.get(pk=pk).title for pk in hits.pks] == ["赣州市数字化转型促进中心"]
    sql, _ = search_module._pk_subquery(centers)
    assert "directory_centerpage" in sql
    sql, _ = search_module._pk_subquery(CenterPage.objects.live())
    assert "directory_centerpage" not in sql
