"""Fixtures shared by the whole suite."""

import io
import os
from contextlib import contextmanager

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.core.management import call_command
from django.db import transaction
from django.db.models.signals import post_migrate
from django.urls import get_resolver
from django.utils import translation
from wagtail.models import Locale
from wagtail.signal_handlers import connect_reference_index_signal_handlers, disconnect_reference_index_signal_handlers

from config import shared_state
from home.cache import invalidate_public_pages

os.environ.setdefault("DEMO_PASSWORD", "demo-test-password")


@pytest.fixture(scope="session", autouse=True)
def _no_reference_index():
    """Wagtail's reference index (the admin's usage counts) is written on every save of a page or snippet, a
    fifth of what making a test's pages costs, and no ordinary test reads it: it is off for the suite, and on
    for the tests that read it (`reference_index`) and for the live server of the browser journeys, as in
    production. The URLs are loaded first (the admin's viewsets register their models with the index as they
    are built), and it is turned off again after every migrate or flush, which Wagtail ends by turning it on."""
    get_resolver().url_patterns  # noqa: B018
    disconnect_reference_index_signal_handlers()
    post_migrate.connect(disconnect_reference_index_signal_handlers)  # Wagtail's own receiver for pre_migrate
    yield
    post_migrate.disconnect(disconnect_reference_index_signal_handlers)
    connect_reference_index_signal_handlers()


@pytest.fixture
def reference_index():
    """Wagtail's reference index kept up to date on every save, as in production, for this test."""
    connect_reference_index_signal_handlers()
    yield
    disconnect_reference_index_signal_handlers()


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and cached fragments never leak from one test into the next."""
    cache.clear()
    caches["pages"].clear()
    # A rolled-back test sends no signal: start each test with a new generation (no remembered sites, locales).
    invalidate_public_pages()
    yield
    cache.clear()
    caches["pages"].clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language (Simplified Chinese). Django's LocaleMiddleware leaves
    the language of the last request active in the thread, so a test that asked for an /en/ page would
    otherwise hand English to the next test run by the same worker."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(params=["local", "redis"])
def cache_backend(request, settings):
    """Run a test twice: with per-process caches (one machine) and on the real Redis that production
    shares between app servers (REDIS_URL: cache, page cache, rate limits, lock-outs, sessions). Redis is
    redis://127.0.0.1:6379/1 unless REDIS_URL or TEST_REDIS_URL says otherwise, a database per
    pytest-xdist worker and a key prefix per process. Skipped when Redis is not reachable, failed under
    CI=true (.ci/run starts redis-server)."""
    if request.param == "redis":
        url = shared_state.redis_url_for_tests()
        reason = shared_state.redis_unreachable(url)
        if reason:
            message = f"{reason}: start redis-server or set TEST_REDIS_URL=redis://host:port/n"
            if os.environ.get("CI") == "true":
                pytest.fail(message)
            pytest.skip(message)
        settings.CACHES = shared_state.redis_caches(url, key_prefix=shared_state.key_prefix_for_tests())
        settings.SESSION_ENGINE = shared_state.REDIS_SESSION_ENGINE
        settings.AXES_HANDLER = shared_state.REDIS_AXES_HANDLER
    else:
        settings.CACHES = shared_state.local_caches()
        settings.SESSION_ENGINE = shared_state.LOCAL_SESSION_ENGINE
        settings.AXES_HANDLER = shared_state.LOCAL_AXES_HANDLER
    AxesProxyHandler.get_implementation(force=True)  # it keeps its handler (and the handler its cache)
    cache.clear()
    caches["pages"].clear()
    invalidate_public_pages()
    yield request.param
    cache.clear()
    caches["pages"].clear()
    AxesProxyHandler.implementation = None  # made afresh from the restored settings when next needed


@pytest.fixture
def locales(db):
    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return zh, en


@contextmanager
def _kept_for_module(django_db_blocker):
    """Data made once for a module's tests: each test runs in a savepoint inside this transaction (rolled back
    after the test), and the transaction is rolled back after the module's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def demo_content(django_db_setup, django_db_blocker):
    """The demo content (`load_demo`, seconds to load), once for the tests of a module that read it or change
    it only inside a test."""
    with _kept_for_module(django_db_blocker):
        call_command("load_demo", stdout=io.StringIO())
        yield


@pytest.fixture(scope="module")
def judged_corpus(django_db_setup, django_db_blocker):
    """The demo shell and the hand-written search corpus (tests/factories/search_corpus.py), once per module:
    {slug: page}."""
    from home import demo
    from tests.factories import search_corpus

    with _kept_for_module(django_db_blocker):
        for language_code in ("zh-hans", "en"):
            Locale.objects.get_or_create(language_code=language_code)
        yield search_corpus.build(demo.load()["home"])


@pytest.fixture(scope="module")
def demo_shell_per_module(django_db_setup, django_db_blocker):
    """The demo shell (see `site_tree`), built once for a module that asks for it with
    `pytestmark = pytest.mark.usefixtures("demo_shell_per_module")`: each test runs in a savepoint (its changes
    rolled back) and gets the shell (`site_tree`, `home`) read afresh from the database."""
    from home import demo

    with _kept_for_module(django_db_blocker):
        for language_code in ("zh-hans", "en"):
            Locale.objects.get_or_create(language_code=language_code)
        yield demo.load()


@pytest.fixture(scope="module")
def desk_world_per_module(demo_shell_per_module, django_db_blocker):
    """The review desk's world (see `world`) on the module's demo shell, built once for a module that asks for
    it with `pytestmark = pytest.mark.usefixtures("desk_world_per_module")`: each test runs in a savepoint and
    gets the world read afresh from the database."""
    from tests.factories import DeskWorld

    with _kept_for_module(django_db_blocker):
        yield DeskWorld(demo_shell_per_module)


_THIS_TESTS_COPY = pytest.StashKey()


def _module_copy(request):
    """This test's copy of what its module built once ({"site_tree": ..., "world": ...} as the module asked),
    read afresh from the database; None when the module builds them for each test."""
    if "demo_shell_per_module" not in request.fixturenames:
        return None
    stash = request.node.stash
    if _THIS_TESTS_COPY not in stash:
        from tests.factories.pages import reloaded

        memo = {}  # world.home is site_tree["home"], as when both are built for the test
        copy = {"site_tree": reloaded(request.getfixturevalue("demo_shell_per_module"), memo)}
        if "desk_world_per_module" in request.fixturenames:
            copy["world"] = request.getfixturevalue("desk_world_per_module").reloaded(memo)
        stash[_THIS_TESTS_COPY] = copy
    return stash[_THIS_TESTS_COPY]


@pytest.fixture
def site_tree(request, db, locales):
    """The page tree of the demo shell (home in both languages, information pages, accounts): built for the
    test, or once for its module (`demo_shell_per_module`)."""
    from home import demo

    shared = _module_copy(request)
    return shared["site_tree"] if shared else demo.load()


@pytest.fixture
def home(site_tree):
    return site_tree["home"]


@pytest.fixture
def world(request, site_tree):
    """The review desk's world: demo accounts tied to two areas, an open round and 公示, submissions (built for
    the test, or once for its module: `desk_world_per_module`)."""
    from tests.factories import DeskWorld

    shared = _module_copy(request)
    return shared["world"] if shared and "world" in shared else DeskWorld(site_tree)


@pytest.fixture
def as_user(client):
    """Log the test client in as one of the world's users (None stays anonymous), with the admin in
    `language` (English unless a test says otherwise, so assertions read the msgids)."""

    def _as(user, *, language="en"):
        from wagtail.users.models import UserProfile

        client.logout()
        if user is not None:
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = language
            profile.save()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _as


# --- Search engines: the behaviour suites run on each configured one ---------------------------------

SEARCH_ENGINES = ["database", "elasticsearch"]


def _live_elasticsearch(url: str) -> str:
    """Why Elasticsearch cannot be used ("" when it can)."""
    if not url:
        return (
            "no Elasticsearch server: set ELASTICSEARCH_URL=http://127.0.0.1:9200 (Elasticsearch 8, e.g. "
            "`docker run -p 9200:9200 -e discovery.type=single-node -e xpack.security.enabled=false "
            "elasticsearch:8.19.3`) to run the search behaviour suite on it"
        )
    from elasticsearch import Elasticsearch

    try:
        Elasticsearch(url, request_timeout=3).info()
    except Exception as error:  # noqa: BLE001 - any failure means: not reachable
        return f"ELASTICSEARCH_URL={url} does not answer ({type(error).__name__}); start Elasticsearch 8 there"
    return ""


@pytest.fixture(scope="session")
def elasticsearch_unavailable():
    from django.conf import settings

    return _live_elasticsearch(getattr(settings, "ELASTICSEARCH_TEST_URL", ""))


@pytest.fixture(params=SEARCH_ENGINES)
def search_engine(request, settings, monkeypatch, elasticsearch_unavailable):
    """The search engine a behaviour test runs on: the database engine (SQLite or PostgreSQL, whichever
    the suite runs on) always; Elasticsearch when ELASTICSEARCH_URL points at a live server, otherwise
    skipped with the reason. On Elasticsearch the test gets its own indexes (a unique prefix), filled from
    the database before every search, so a test's pages are found however its factories saved them."""
    if request.param == "database":
        yield "database"
        return
    import uuid

    from elasticsearch import Elasticsearch
    from elasticsearch.dsl import connections

    if os.environ.get("SEARCH_TESTS_FAKE_ELASTICSEARCH"):
        # The engine's requests answered by tests/fakes/elasticsearch.py (its own BM25): a rehearsal of
        # the Elasticsearch variant on a machine without a server, not a substitute for it.
        from tests.fakes.elasticsearch import FakeElasticsearch

        es_client = FakeElasticsearch()
        settings.ELASTICSEARCH_TEST_URL = "http://fake-elasticsearch.invalid:9200"
    elif elasticsearch_unavailable:
        pytest.skip(elasticsearch_unavailable)
    else:
        es_client = Elasticsearch(settings.ELASTICSEARCH_TEST_URL, request_timeout=30)

    from home.search_es import engine, indexing
    from home.search_es.config import alias_name, client
    from home.search_es.registry import document_types

    settings.ELASTICSEARCH_URL = settings.ELASTICSEARCH_TEST_URL
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test_{uuid.uuid4().hex[:12]}"
    settings.SEARCH_ENGINE = "home.search_es.engine.ElasticsearchEngine"
    connections.add_connection("default", es_client)
    indexing.create_indexes()

    def sync():
        es = client()
        for document_type in document_types():
            alias = alias_name(document_type.name)
            es.delete_by_query(index=alias, query={"match_all": {}}, refresh=True, conflicts="proceed")
            indexing.write_documents(es, document_type, indexing.live_pages(document_type), index=alias)
            es.indices.refresh(index=alias)

    for name in ("search_for", "faceted_search"):
        original = getattr(engine.ElasticsearchEngine, name)

        def synced(self, *args, _original=original, **kwargs):
            sync()
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(engine.ElasticsearchEngine, name, synced)
    yield "elasticsearch"
    client().indices.delete(index=f"{settings.ELASTICSEARCH_INDEX_PREFIX}-*")
    connections.remove_connection("default")
