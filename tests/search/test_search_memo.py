"""A search's answer is kept in each process until the next change (`home.cache.memo_recent`): the next page
of a list, another filter beside the same words, or the next visitor asking the same start from it rather
than ranking and counting every match again (a word in all 10,000 centers: ~70 ms). Every change a visitor
could see in the answer shows at once: a center published or unpublished, an index entry written by a worker
after the editor's transaction. A draft saved while an editor types writes nothing to the index."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Site
from wagtail.search import index
from wagtail.search.models import IndexEntry

from directory.models import CenterKind, CenterPage
from home import cache as page_cache
from home.models import SiteChrome
from tests import factories

# Per-process caches and the Redis app servers share: the generations live in a file or in Redis.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend", "demo_shell_per_module")]


@pytest.fixture(autouse=True)
def memo_on(settings, home):
    settings.PAGE_MEMO_ENABLED = True
    settings.PAGE_CACHE_ENABLED = False  # every request rendered: what is kept is the search's answer
    SiteChrome.for_site(Site.objects.get(is_default_site=True))  # made on first use, which is a change


@pytest.fixture
def rare_earth_centers(home):
    return [
        factories.center(home, "赣州稀土产业数字化转型促进中心", kind=CenterKind.REGIONAL),
        factories.center(home, "江西稀土新材料行业数字化转型促进中心"),
        factories.center(home, "稀土永磁电机行业数字化转型促进中心"),
    ]


def visit(client, url):
    """The page's text and the statements that read the search index while rendering it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    searched = [q["sql"] for q in queries if IndexEntry._meta.db_table in q["sql"]]
    return response.content.decode(), searched


def test_the_same_words_again_another_filter_and_the_next_page_reuse_the_search(client, rare_earth_centers):
    body, searched = visit(client, "/centers/?q=稀土")
    assert searched, "the first search read no index"
    assert all(center.title in body for center in rare_earth_centers)

    again, searched = visit(client, "/centers/?q=稀土")
    assert not searched and again == body

    regional, searched = visit(client, "/centers/?q=稀土&kind=regional")
    assert not searched
    assert "赣州稀土产业数字化转型促进中心" in regional and "江西稀土新材料行业数字化转型促进中心" not in regional

    assert not visit(client, "/centers/?q=稀土&page=2")[1]
    # Other words are searched for.
    assert visit(client, "/centers/?q=永磁")[1]


def test_a_published_or_unpublished_center_shows_in_a_remembered_search_at_once(client, home, rare_earth_centers):
    visit(client, "/centers/?q=稀土")
    visit(client, "/search/?q=稀土")
    new = factories.center(home, "上饶稀土回收利用行业数字化转型促进中心")
    for url in ("/centers/?q=稀土", "/search/?q=稀土"):
        body, searched = visit(client, url)
        assert searched and new.title in body, url

    rare_earth_centers[1].unpublish()
    for url in ("/centers/?q=稀土", "/search/?q=稀土"):
        body, searched = visit(client, url)
        assert searched and rare_earth_centers[1].title not in body, url


def test_an_entry_written_later_by_a_worker_shows_in_a_remembered_search(client, rare_earth_centers):
    """With a task queue (`db_worker`) the index entry is written after the editor's transaction has
    committed, and the cache has moved on: the write itself draws a new generation."""
    body, _ = visit(client, "/centers/?q=景德镇陶瓷")
    assert rare_earth_centers[2].title not in body
    CenterPage.objects.filter(pk=rare_earth_centers[2].pk).update(title="景德镇陶瓷行业数字化转型促进中心")
    assert rare_earth_centers[2].title not in visit(client, "/centers/?q=景德镇陶瓷")[0]  # not indexed yet

    index.insert_or_update_object(CenterPage.objects.get(pk=rare_earth_centers[2].pk))  # what the worker's task does

    body, searched = visit(client, "/centers/?q=景德镇陶瓷")
    assert searched and "景德镇陶瓷行业数字化转型促进中心" in body


def test_a_draft_saved_while_an_editor_types_writes_nothing_to_the_index(home, site_tree):
    notice = factories.policy_notice(home, title="关于数字化转型的政策文件")
    editor = Client()
    editor.force_login(site_tree["users"]["editor"])
    form = factories.policy_notice_edit_form(notice, title="关于数字化转型的政策文件（征求意见稿）")
    generation = page_cache.generation()
    with CaptureQueriesContext(connection) as queries:
        saved = editor.post(reverse("wagtailadmin_pages:edit", args=[notice.pk]), form, HTTP_ACCEPT="application/json")
    assert saved.status_code == 200 and saved.json()["success"], saved.content.decode()[:500]
    assert not [q["sql"] for q in queries if IndexEntry._meta.db_table in q["sql"]]
    assert page_cache.generation() == generation
    assert Client().get("/search/?q=征求意见稿").content.decode().count("关于数字化转型的政策文件") == 0

    notice.refresh_from_db()
    notice.get_latest_revision().publish()
    assert "关于数字化转型的政策文件（征求意见稿）" in Client().get("/search/?q=征求意见稿").content.decode()


def test_recent_answers_are_bounded_by_weight_least_recently_used_first(settings):
    settings.PAGE_MEMO_RECENT_WEIGHT = 7
    computed = []

    def remember(key, weight=3):
        return page_cache.memo_recent(key, lambda: computed.append(key) or key, weight=lambda value: weight)

    remember("a"), remember("b"), remember("a")  # a used last
    remember("c")  # 9 > 7: b, the least recently used, goes
    assert computed == ["a", "b", "c"]
    remember("a"), remember("c")
    assert computed == ["a", "b", "c"]
    remember("b")
    assert computed == ["a", "b", "c", "b"]
    remember("heavy", weight=8), remember("heavy", weight=8)  # heavier than the bound: never kept
    assert computed[-2:] == ["heavy", "heavy"]
