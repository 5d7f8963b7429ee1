"""Anonymous visitors get public pages from a cache, and each change a visitor could notice shows at once
(issue 13): publish, unpublish, a rating from a bulletin, a 公示 that ends at midnight, an objection filed;
editors and forms never see a cached page."""

import datetime as dt

import pytest
from captcha.models import CaptchaStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from directory.models import CenterPage
from home import cache as page_cache
from home.models import SiteChrome
from notices.models import PublicityNotice
from tests import factories
from tests.factories import china, objection_data

# Every test twice: per-process caches, and the Redis that app servers share in production. The demo shell once
# for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_backend", "demo_shell_per_module")]


@pytest.fixture(autouse=True)
def cache_on(settings, home):
    settings.PAGE_CACHE_ENABLED = True
    settings.PAGE_MEMO_ENABLED = True
    SiteChrome.for_site(Site.objects.get(is_default_site=True))  # made on first use, which is a change
    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def clock(monkeypatch):
    """Set the time the site sees (timezone.now, and so timezone.localdate) without sleeping."""

    class Clock:
        def set(self, moment):
            monkeypatch.setattr(timezone, "now", lambda: moment)

    return Clock()


def get(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response, response.content.decode()


def test_a_second_anonymous_visit_comes_from_the_cache(client, home):
    first, body = get(client, "/")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    assert "csrftoken" not in first.cookies
    second, again = get(client, "/")
    assert second["X-Page-Cache"] == "hit" and again == body


def test_a_new_release_renders_the_cached_pages_anew(client, home, settings):
    """With Redis the cached pages outlive the processes: after a deploy, a page the previous release rendered
    (its markup, its hashed static addresses) is not served."""
    assert get(client, "/")[0]["X-Page-Cache"] == "miss"
    assert get(client, "/")[0]["X-Page-Cache"] == "hit"
    settings.PAGE_CACHE_RELEASE = "next-release"
    page_cache.release.cache_clear()  # a new process
    try:
        assert get(client, "/")[0]["X-Page-Cache"] == "miss"
        assert get(client, "/")[0]["X-Page-Cache"] == "hit"
    finally:
        page_cache.release.cache_clear()


def test_the_release_follows_what_pages_are_rendered_from(tmp_path):
    (tmp_path / "notices" / "templates").mkdir(parents=True)
    (tmp_path / "tests").mkdir()
    template = tmp_path / "notices" / "templates" / "notice_page.html"
    template.write_text("<h1>{{ page.title }}</h1>")
    (tmp_path / "tests" / "test_pages.py").write_text("def test(): pass")
    first = page_cache.source_digest(tmp_path)
    (tmp_path / "tests" / "test_pages.py").write_text("def test(): assert True")  # a test: not rendered from
    (tmp_path / "notices" / "notice.pyc").write_bytes(b"compiled")
    assert page_cache.source_digest(tmp_path) == first
    template.write_text("<h1>{{ page.title|word_breaks }}</h1>")
    assert page_cache.source_digest(tmp_path) != first


def test_language_and_elder_mode_have_their_own_copies(client, home):
    get(client, "/")
    _, english = get(client, "/en/")
    assert 'lang="en"' in english
    client.cookies["elder_mode"] = "on"
    response, elder = get(client, "/")
    assert response["X-Page-Cache"] == "miss" and 'class="elder"' in elder
    assert get(client, "/")[0]["X-Page-Cache"] == "hit"
    del client.cookies["elder_mode"]
    assert 'class="elder"' not in get(client, "/")[1]


def test_publishing_a_notice_shows_it_at_once(client, home):
    factories.policy_notice(home, title="第一份政策文件")
    get(client, "/notices/")
    assert get(client, "/notices/")[0]["X-Page-Cache"] == "hit"
    factories.policy_notice(home, title="新发布的政策文件")
    response, body = get(client, "/notices/")
    assert response["X-Page-Cache"] == "miss" and "新发布的政策文件" in body


def test_unpublishing_a_notice_removes_it_at_once(client, home):
    notice = factories.policy_notice(home, title="将被撤下的文件")
    assert get(client, notice.url)[0].status_code == 200
    assert get(client, notice.url)[0]["X-Page-Cache"] == "hit"
    notice.unpublish()
    assert get(client, notice.url)[0].status_code == 404
    assert "将被撤下的文件" not in get(client, "/notices/")[1]


def test_a_rating_from_a_published_bulletin_shows_on_the_center_page(client, home):
    center = factories.center(home, title="赣江数字化转型促进中心")
    _, before = get(client, center.url)
    assert "2025" not in before or "优秀" not in before
    assert get(client, center.url)[0]["X-Page-Cache"] == "hit"
    factories.bulletin(home, year=2025, ratings={center: "excellent"})
    response, after = get(client, center.url)
    assert response["X-Page-Cache"] == "miss" and "优秀" in after


def test_an_open_publicity_page_comes_from_the_cache_on_a_second_anonymous_visit(client, home):
    notice = factories.publicity_notice(home, title="2025年拟认定名单公示")  # open: two days ago to five ahead
    first, body = get(client, notice.url)
    assert "公示中" in body and first["X-Page-Cache"] == "miss"
    assert not first.cookies  # no CSRF token, no session: the objection form is on its own page
    second, again = get(client, notice.url)
    assert second["X-Page-Cache"] == "hit" and again == body


def test_the_notices_feed_comes_from_the_cache(client, home):
    factories.publicity_notice(home, title="2025年拟认定名单公示")
    assert client.get("/notices/feed/")["X-Page-Cache"] == "miss"
    assert client.get("/notices/feed/")["X-Page-Cache"] == "hit"


def test_a_publicity_that_ends_at_midnight_shows_ended_from_midnight(client, home, clock):
    day = dt.date(2025, 6, 10)
    clock.set(china(day, 23, 59))
    notice = factories.publicity_notice(
        home, starts_on=day - dt.timedelta(days=6), ends_on=day, title="2025年拟认定名单公示"
    )
    _, open_page = get(client, notice.url)
    assert "公示中" in open_page
    assert get(client, notice.url)[0]["X-Page-Cache"] == "hit"
    clock.set(china(day + dt.timedelta(days=1), 0, 0, 1))
    response, ended = get(client, notice.url)
    assert response["X-Page-Cache"] == "miss"
    assert "已结束" in ended and "公示中" not in ended


def test_a_cached_page_ends_when_an_application_window_opens(home):
    day = dt.date(2025, 3, 1)
    factories.application_notice(home, opens_at=china(day, 9), closes_at=china(day + dt.timedelta(days=10), 17))
    assert page_cache.next_change(china(day, 8)) == china(day, 9)
    assert page_cache.next_change(china(day, 10)) == china(day + dt.timedelta(days=1))
    assert page_cache.next_change(china(day + dt.timedelta(days=10), 12)) == china(day + dt.timedelta(days=10), 17)


def test_a_cached_page_ends_when_an_evaluation_rounds_window_closes(client, home, clock):
    """The round's window closes at 17:00, not at midnight: from 17:00 its page says so, not 评价材料受理中."""
    day = dt.date(2025, 3, 1)
    closes = china(day + dt.timedelta(days=10), 17)
    notice = factories.evaluation_round(home, opens_at=china(day, 9), closes_at=closes)
    assert page_cache.next_change(china(day + dt.timedelta(days=10), 12)) == closes
    clock.set(china(day + dt.timedelta(days=10), 16, 59))
    assert "评价材料受理中" in get(client, notice.url)[1]
    assert get(client, notice.url)[0]["X-Page-Cache"] == "hit"
    clock.set(closes)
    response, closed = get(client, notice.url)
    assert response["X-Page-Cache"] == "miss"
    assert "评价材料受理中" not in closed


def test_a_logged_in_editor_always_sees_the_fresh_page(client, home, django_user_model):
    center = factories.center(home, title="原来的名称")
    get(client, center.url)
    # A write that tells nobody (no signal): anonymous visitors keep the cached copy until the next change…
    CenterPage.objects.filter(pk=center.pk).update(title="改过的名称")
    assert "原来的名称" in get(client, center.url)[1]
    # …and an editor never gets a cached page.
    editor = django_user_model.objects.create_user("cache-test-editor", password="x", is_staff=True)
    client.force_login(editor, backend="django.contrib.auth.backends.ModelBackend")
    response, body = get(client, center.url)
    assert "改过的名称" in body and response.get("X-Page-Cache") != "hit"


def test_form_pages_and_the_status_lookup_are_never_cached(client, home):
    notice = factories.publicity_notice(home)
    for url in [notice.url + "objection/", "/submissions/status/"]:
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert response["X-Page-Cache"] == "skip"
            assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
            assert "csrftoken" in response.cookies or "csrfmiddlewaretoken" in response.content.decode()


def test_an_objection_filed_updates_the_publicity_counts(client, home, django_capture_on_commit_callbacks):
    notice = factories.publicity_notice(home, title="2025年拟认定名单公示")
    _, before = get(client, notice.url)
    assert get(client, notice.url)[0]["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        filed = client.post(notice.url + "objection/", objection_data(PublicityNotice.objects.get(pk=notice.pk)))
    assert filed.status_code == 302
    client.cookies.clear()  # a different anonymous visitor
    response, after = get(client, notice.url)
    assert response["X-Page-Cache"] == "miss"
    assert "<dd>1</dd>" in after and "<dd>1</dd>" not in before


def test_a_page_cached_while_an_objection_is_being_saved_is_not_served_after_it(
    client, home, django_capture_on_commit_callbacks
):
    """An objection saves several rows in one transaction; the cache is invalidated once more when it commits,
    so a copy made meanwhile (by another process, from the rows before it) is not served afterwards."""
    notice = factories.publicity_notice(home, title="2025年拟认定名单公示")
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        objection = factories.objection(notice)
        factories.attachment(objection)
        assert get(client, notice.url)[0]["X-Page-Cache"] == "miss"
        assert get(client, notice.url)[0]["X-Page-Cache"] == "hit"
    assert get(client, notice.url)[0]["X-Page-Cache"] == "miss"


def test_an_objection_leaves_what_each_process_remembers_but_a_notice_edit_does_not(home):
    """A burst of objections must not make every process look the site, locales and pages up again after
    each one: an objection makes cached pages stale (they count objections) but not the memo."""
    notice = factories.publicity_notice(home, title="2025年拟认定名单公示")
    computed = []
    remember = lambda: page_cache.memo(("probe",), lambda: computed.append(1) or len(computed))  # noqa: E731
    page = page_cache.page_generation()
    assert remember() == 1
    factories.objection(notice)
    assert remember() == 1 and page_cache.page_generation() != page
    notice.title = "2025年拟认定名单公示（更正）"
    notice.save_revision().publish()
    assert remember() == 2


def test_an_editor_at_work_leaves_the_cached_pages_until_the_draft_is_published(client, home, site_tree):
    """Wagtail's editor saves a draft half a second after each change (autosave): none of those saves may
    empty the cache; publishing the draft shows it at once."""
    notice = factories.policy_notice(home, title="关于数字化转型的政策文件")
    _, before = get(client, notice.url)
    editor = Client()
    editor.force_login(site_tree["users"]["editor"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[notice.pk])
    for title in ("关于数字化转型的政策文件（修", "关于数字化转型的政策文件（修订稿）"):
        form = factories.policy_notice_edit_form(notice, title=title)
        saved = editor.post(edit_url, form, HTTP_ACCEPT="application/json")
        assert saved.status_code == 200 and saved.json()["success"], saved.content.decode()[:500]
    response, body = get(client, notice.url)
    assert response["X-Page-Cache"] == "hit" and body == before
    notice.refresh_from_db()
    assert notice.draft_title == "关于数字化转型的政策文件（修订稿）" and notice.has_unpublished_changes

    notice.get_latest_revision().publish()
    response, body = get(client, notice.url)
    assert response["X-Page-Cache"] == "miss" and "（修订稿）" in body


def test_deleting_a_notice_removes_it_at_once(client, home):
    notice = factories.policy_notice(home, title="将被删除的文件")
    assert "将被删除的文件" in get(client, "/notices/")[1]
    assert get(client, "/notices/")[0]["X-Page-Cache"] == "hit"
    Page.objects.get(pk=notice.pk).delete()  # as Wagtail's delete action does: the generic page
    response, body = get(client, "/notices/")
    assert response["X-Page-Cache"] == "miss" and "将被删除的文件" not in body
    assert get(client, notice.url)[0].status_code == 404


def test_rows_no_page_shows_are_deleted_with_one_statement(home):
    """The cache listens to the models pages show, each by itself. Listening to every model would make Django
    read each row before deleting it, and signal each: expired sessions and CAPTCHA answers (deleted on
    every form sent) would cost a SELECT of all of them first."""
    past = timezone.now() - dt.timedelta(days=1)
    for n in range(3):
        CaptchaStore.objects.create(challenge="1+1=", response="2", hashkey=f"expired-{n}", expiration=past)
        Session.objects.create(session_key=f"expired-session-{n}", session_data="", expire_date=past)
    for delete in (
        CaptchaStore.remove_expired,
        lambda: Session.objects.filter(expire_date__lt=timezone.now()).delete(),
    ):
        with CaptureQueriesContext(connection) as captured:
            delete()
        assert [q["sql"].split()[0] for q in captured] == ["DELETE"]
    assert not CaptchaStore.objects.filter(expiration=past).exists() and not Session.objects.exists()


def test_a_page_behind_a_password_stays_behind_it(client, home):
    notice = factories.policy_notice(home, title="内部文件")
    assert "内部文件" in get(client, notice.url)[1]
    PageViewRestriction.objects.create(page=notice, restriction_type=PageViewRestriction.PASSWORD, password="x")
    response, body = get(client, notice.url)
    assert response.get("X-Page-Cache") != "hit" and "password" in body.lower()


def test_a_request_reads_the_generations_once_and_sees_its_own_changes(client, home, monkeypatch):
    """A page looks the memo up a dozen times; each asked the file, or Redis, for the generation (a dozen round
    trips). Now a request reads the site's and the records' generations once (one round trip to Redis for
    both on a cached page), and a change it draws itself is seen by the rest of it."""
    reads = []
    read_now = page_cache._read_generation_now
    monkeypatch.setattr(page_cache, "_read_generation_now", lambda *args: reads.append(args[0]) or read_now(*args))
    get_many = caches["pages"].get_many
    monkeypatch.setattr(
        caches["pages"], "get_many", lambda keys, **kw: reads.append(tuple(keys)) or get_many(keys, **kw)
    )
    factories.center(home, "赣州稀土产业数字化转型促进中心")
    get(client, "/centers/?q=稀土")
    for url in ("/centers/?q=稀土", "/centers/?q=稀土&kind=industry"):  # a hit, then a page the memo answers
        reads.clear()
        assert get(client, url)[0].status_code == 200
        assert len(reads) == (1 if page_cache._shared_cache() else 2), reads

    with page_cache.generations_read_once():
        computed = []
        remember = lambda: page_cache.memo(("probe",), lambda: computed.append(1) or len(computed))  # noqa: E731
        before = page_cache.generation()
        assert remember() == remember() == 1
        page_cache.invalidate_public_pages()
        assert page_cache.generation() != before and remember() == 2
