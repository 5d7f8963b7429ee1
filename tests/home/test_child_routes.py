"""The index pages (notices, centers, events) route to a child in one query, remembering only which page
answers a slug (home/routing.py); a page renamed or unpublished without a signal is never served at its old
address, and addresses that do not exist leave nothing behind in the memo (issue 13)."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site

from home import cache as page_cache
from notices.models import PolicyNotice
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


@pytest.fixture(autouse=True)
def memo_on(settings):
    settings.PAGE_MEMO_ENABLED = True
    page_cache.invalidate_public_pages()


def route(path):
    """The page Wagtail serves at `path`, or None for a 404, and the queries routing took."""
    request = RequestFactory().get(path)
    request._wagtail_site = Site.objects.get(is_default_site=True)  # as the site middleware leaves it
    with CaptureQueriesContext(connection) as queries:
        found = Page.route_for_request(request, path)
    return (found[0] if found else None), len(queries)


def test_a_notice_is_routed_in_one_query_once_its_slug_is_known(home):
    notice = factories.policy_notice(home, title="关于开展数字化转型诊断的通知", slug="diagnosis")
    route(notice.url)
    page, queries = route(notice.url)
    assert page.pk == notice.pk and isinstance(page, PolicyNotice)
    assert queries == 1


def test_a_center_is_routed_in_one_query_once_its_slug_is_known(home):
    center = factories.center(home, "南昌市数字化转型促进中心")
    route(center.url)
    page, queries = route(center.url)
    assert page.pk == center.pk and page.title == "南昌市数字化转型促进中心"
    assert queries == 1


def test_the_page_is_read_fresh_even_when_its_address_is_remembered(home):
    notice = factories.policy_notice(home, title="旧标题", slug="fresh")
    route(notice.url)
    PolicyNotice.objects.filter(pk=notice.pk).update(title="新标题")  # no signal: the memo keeps its generation
    assert route(notice.url)[0].title == "新标题"


def test_a_page_renamed_without_a_signal_is_not_served_at_its_old_address(home):
    notice = factories.policy_notice(home, title="关于开展数字化转型诊断的通知", slug="old-slug")
    old_url = notice.url
    route(old_url)
    Page.objects.filter(pk=notice.pk).update(slug="new-slug", url_path=notice.url_path.replace("old-slug", "new-slug"))
    assert route(old_url)[0] is None
    assert route(old_url.replace("old-slug", "new-slug"))[0].pk == notice.pk


def test_a_page_unpublished_without_a_signal_is_not_served(home):
    notice = factories.policy_notice(home, title="关于开展数字化转型诊断的通知", slug="withdrawn")
    route(notice.url)
    Page.objects.filter(pk=notice.pk).update(live=False)
    assert route(notice.url)[0] is None


def test_addresses_that_do_not_exist_leave_nothing_in_the_memo(client, home):
    route("/notices/")
    for number in range(3):
        assert client.get(f"/notices/no-such-notice-{number}/").status_code == 404
        assert client.get(f"/no-such-section-{number}/").status_code == 404
    remembered = [key for key in page_cache._memo["values"] if "no-such" in str(key)]
    assert remembered == []
