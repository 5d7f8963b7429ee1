"""Several app servers (issue 15): two gunicorn servers with production settings (DEBUG off, HTTPS behind a
proxy) on their own ports share one fresh PostgreSQL database, one Redis and one media folder. A submission
made through one is on the other's status page (and its file downloads from the first), a page unpublished
through A's admin and published again by a command is fresh on B though B had it cached, and a rate limit
and a log-in lock-out count across both.

Runs on the PostgreSQL pass (`DATABASE_URL=postgres://…`, .ci/run's second `make test`) with Redis at
redis://127.0.0.1:6379 (TEST_REDIS_URL to change it); skipped with the reason otherwise, failed under CI=true
when Redis is missing. About a minute: most of it is migrating the fresh database and loading the demo."""

import os
import re
import secrets
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from config import shared_state
from tests.factories import PDF_BYTES
from tests.scale import postgres
from tests.scale.servers import Browser, Server, finish, form_inputs, input_value, manage, production_environment

DEMO_PASSWORD = "scale-demo-password"
PUBLICITY = "/notices/publicity-2026/"  # the demo's open 公示 (docs/contract.md)
PAGE = "/privacy/"
STATUS = "/submissions/status/"


@pytest.fixture
def cluster(tmp_path):
    """Two app servers on one fresh database (migrated, demo loaded), one Redis (their own key prefix) and one
    media folder. Static files are collected while the database migrates, and the servers start while the
    demo loads, so that the whole takes about a minute."""
    server = postgres.server_url()
    if not server:
        pytest.skip(postgres.SKIP_WITHOUT_POSTGRESQL)
    if problem := postgres.unreachable(server):
        pytest.skip(problem)
    redis_url = shared_state.redis_url_for_tests()
    if problem := shared_state.redis_unreachable(redis_url):
        message = f"{problem}: start redis-server or set TEST_REDIS_URL=redis://host:port/n"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    prefix = f"scale{os.getpid()}{secrets.token_hex(2)}"
    with postgres.fresh_database(server, "dtpc_scale") as name:
        env = production_environment(
            DATABASE_URL=postgres.url_for(server, name),
            REDIS_URL=redis_url,
            CACHE_KEY_PREFIX=prefix,
            MEDIA_ROOT=str(tmp_path / "media"),
            PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
            STATIC_ROOT=str(tmp_path / "static"),
            PAGE_CACHE_GENERATION_FILE=str(tmp_path / "generation"),  # unused with Redis: nothing to share
            CLIENT_IP_META_KEY="HTTP_X_REAL_IP",  # nginx's X-Real-IP (site/deploy/nginx/)
            STATUS_LOOKUP_RATE="3/h",
            DEMO_PASSWORD=DEMO_PASSWORD,
        )
        static = manage("collectstatic", "--noinput", "-v", "0", env=env)
        finish(manage("migrate", "--noinput", "-v", "0", env=env))
        demo = manage("load_demo", env=env)
        a, b = Server("a", env, tmp_path), Server("b", env, tmp_path)
        try:
            finish(static)
            finish(demo)
            with ThreadPoolExecutor(2) as pool:
                list(pool.map(lambda server: server.wait_until_ready(), (a, b)))
            yield env, a, b
        finally:
            a.stop()
            b.stop()
            client = redis.Redis.from_url(redis_url)
            for key in client.scan_iter(match=f"{prefix}*"):
                client.delete(key)


def captcha_answer(env, html: str) -> str:
    """The sum in the CAPTCHA picture, as a person would read it: the answer django-simple-captcha stored
    for the challenge in the shared database (production settings keep the CAPTCHA on)."""
    key = input_value(html, "captcha_0")
    ((answer,),) = postgres.rows(
        env["DATABASE_URL"], "SELECT response FROM captcha_captchastore WHERE hashkey = %s", (key,)
    )
    return answer


def file_objection(env, browser, server) -> str:
    form = browser.get(server, f"{PUBLICITY}objection/")
    assert form.status == 200, form.text[:500]
    entry = next(i["value"] for i in form_inputs(form.text) if i.get("name") == "entries")
    data = {
        "real_name": "张三",
        "unit": "某某科技有限公司",
        "phone": "13912345678",
        "email": "zhangsan@example.com",
        "entries": entry,
        "facts_and_reasons": "该单位申报材料中的服务案例与事实不符。",
        "consent_to_contact": "on",
        "form_token": input_value(form.text, "form_token"),
        "captcha_0": input_value(form.text, "captcha_0"),
        "captcha_1": captcha_answer(env, form.text),
    }
    sent = browser.post(
        server, f"{PUBLICITY}objection/", data, files={"evidence": ("证据.pdf", PDF_BYTES, "application/pdf")}
    )
    assert sent.status == 302, sent.text[:2000]
    return sent.headers["Location"]


def log_in(browser, server, username, password):
    browser.get(server, "/admin/login/")
    return browser.post(server, "/admin/login/", {"username": username, "password": password, "next": "/admin/"})


def warm(browser, server, path) -> str:
    """Visit until the page comes from the cache (the very first visits after loading the demo make the
    rows made on first use, such as the site settings, which is a change)."""
    for _ in range(4):
        response = browser.get(server, path)
        assert response.status == 200, (path, response.status)
        if response.headers["X-Page-Cache"] == "hit":
            return "hit"
    return response.headers["X-Page-Cache"]


def page_id(env, title: str) -> int:
    ((pk,),) = postgres.rows(env["DATABASE_URL"], "SELECT id FROM wagtailcore_page WHERE title = %s", (title,))
    return pk


def test_two_servers_share_submissions_pages_rate_limits_and_lock_outs(cluster):
    env, a, b = cluster
    reader, visitor = Browser("203.0.113.9"), Browser("203.0.113.10")  # an anonymous reader has no session

    # B has the 公示 and the privacy page in its cache.
    for path in (PUBLICITY, PAGE):
        assert warm(reader, b, path) == "hit", path

    # An objection filed through A: B shows its receipt (one session) and finds it on the status page.
    receipt_page = file_objection(env, visitor, a)
    receipt = visitor.get(b, receipt_page)
    number = re.search(r'id="receipt-number">([^<]+)<', receipt.text).group(1)
    code = re.search(r'id="access-code">([^<]+)<', receipt.text).group(1)
    assert reader.get(b, PUBLICITY).headers["X-Page-Cache"] == "miss"  # A's write made B's copy stale
    visitor.get(b, STATUS)
    status = visitor.post(b, STATUS, {"receipt_number": number, "access_code": code})
    assert status.status == 200 and number in status.text and "证据.pdf" in status.text
    # … and its evidence, stored by A in the shared folder, downloads from A for this session.
    download = re.search(r'href="(/submissions/files/\d+/)"', status.text).group(1)
    evidence = visitor.get(a, download)
    assert evidence.status == 200 and evidence.body == PDF_BYTES

    # A page unpublished through A's admin is gone from B at once, and back, new, when published by a command.
    privacy = page_id(env, "隐私声明")
    editor = Browser("203.0.113.20")
    assert log_in(editor, a, "admin", DEMO_PASSWORD).status == 302
    editor.get(a, f"/admin/pages/{privacy}/unpublish/")
    assert editor.post(a, f"/admin/pages/{privacy}/unpublish/", {}).status == 302
    assert reader.get(b, PAGE).status == 404
    publish = (
        f"from wagtail.models import Page; page = Page.objects.get(pk={privacy}).specific; "
        "page.title = '隐私声明（修订）'; page.save_revision().publish()"
    )
    finish(manage("shell", "-c", publish, env=env))
    fresh = reader.get(b, PAGE)
    assert fresh.status == 200 and "隐私声明（修订）" in fresh.text and fresh.headers["X-Page-Cache"] == "miss"
    assert "隐私声明（修订）" in reader.get(a, PAGE).text

    # A rate limit counts across both servers: 3 look-ups an hour per address (STATUS_LOOKUP_RATE=3/h).
    guesser = Browser("203.0.113.30")
    guesser.get(a, STATUS)
    for server in (a, b, a):
        assert guesser.post(server, STATUS, {"receipt_number": number, "access_code": "WRONG2345"}).status == 200
    assert guesser.post(b, STATUS, {"receipt_number": number, "access_code": code}).status == 429

    # So does the log-in lock-out: five wrong passwords over both servers lock that account at that address.
    intruder = Browser("203.0.113.40")
    for server in (a, b, a, b):
        assert log_in(intruder, server, "editor", "guess").status == 200
    assert log_in(intruder, a, "editor", "guess").status in (403, 429)
    assert log_in(intruder, b, "editor", DEMO_PASSWORD).status in (403, 429)
    assert log_in(Browser("203.0.113.41"), b, "editor", DEMO_PASSWORD).status == 302
