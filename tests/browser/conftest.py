"""Browser journeys: Debian's Chromium driven by Playwright against a live Django server with the demo content.

Why not pytest-django's `live_server` fixture as it is: it makes every test transactional, and a
transactional test flushes the whole database when it ends, so the demo content (about ten seconds to load)
would have to be loaded again for every journey. Instead one `LiveServer` (pytest-django's own class) runs for
the session against the test database, the demo is loaded into it once, and browser tests request no
database fixture. pytest-django runs such tests after every `db` and `transactional_db` test, so the demo
content never leaks into the ordinary suite, and a flush before them is repaired by loading the demo again.

Chromium is looked for at $CHROMIUM_PATH when it is set, otherwise at /usr/bin/chromium, then `chromium` on PATH. Without it the browser
tests are skipped with a reason, except under CI=true, where a missing browser fails the run.
"""

import io
import os
import shutil
import warnings
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

# Playwright's sync API keeps an event loop running in the main thread; Django refuses ORM calls from a
# thread with a running loop unless told this is safe (it is: the loop is idle while Django works).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / ".test-artifacts" / "browser"
WIDTHS = {"desktop": 1280, "mobile": 375}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def find_chromium() -> str | None:
    """$CHROMIUM_PATH when set (and only there), else Debian's /usr/bin/chromium, else `chromium` on PATH."""
    if "CHROMIUM_PATH" in os.environ:
        candidates = [os.environ["CHROMIUM_PATH"]]
    else:
        candidates = ["/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


CHROMIUM = find_chromium()
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(config, items):
    # Under pytest-xdist (`make test` runs `-n auto`) each worker that gets browser tests starts its own live
    # server on its own test database and loads the demo once; spreading the (slowest) browser tests over the
    # workers measured faster than keeping them on one (tests/bench/README.md).
    browser_items = [item for item in items if item.get_closest_marker("browser")]
    if not browser_items or CHROMIUM:
        return
    if IN_CI:
        raise pytest.UsageError(
            "CI=true but no Chromium was found ($CHROMIUM_PATH, or /usr/bin/chromium and PATH); "
            "install Debian's `chromium` package. Browser tests must run in CI."
        )
    skip = pytest.mark.skip(
        reason="browser tests skipped: no Chromium found (install Debian's `chromium` or set CHROMIUM_PATH)"
    )
    for item in browser_items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    """Launch Debian's Chromium: Playwright's own browser download is not available here."""
    return {"executable_path": CHROMIUM, "headless": True, "args": CHROMIUM_ARGS}


def _demo_is_loaded() -> bool:
    from home.models import HomePage

    return HomePage.objects.filter(locale__language_code="zh-hans", live=True).exists()


def _load_demo():
    """Load the demo content (it recreates Wagtail's roots if a transactional test flushed them)."""
    from django.core.management import call_command
    from django.db import connection

    assert _is_test_database(connection), "refusing to load the demo into a non-test database"
    call_command("load_demo", stdout=io.StringIO())


def _is_test_database(connection) -> bool:
    """Whether the connection points at a database Django made for tests (never the development one)."""
    from django.db.backends.base.creation import TEST_DATABASE_PREFIX

    name = str(connection.settings_dict["NAME"])
    test_name = (connection.settings_dict.get("TEST") or {}).get("NAME")
    in_memory = name == ":memory:" or name.startswith("file:memorydb")
    return in_memory or name == test_name or Path(name).name.startswith(TEST_DATABASE_PREFIX)


@pytest.fixture(scope="session")
def site_server(django_db_setup, django_db_blocker):
    """A live server answering from the test database, with the demo content loaded once.

    pytest-django creates the test database only for tests that ask for a database fixture; when only browser
    tests run, none does, so the test database is created here (and never the development one touched)."""
    from django.db import connection
    from django.test.utils import override_settings, setup_databases, teardown_databases
    from pytest_django.live_server_helper import LiveServer
    from wagtail.signal_handlers import connect_reference_index_signal_handlers

    with django_db_blocker.unblock():
        created = None
        if not _is_test_database(connection):
            created = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        # The site as production runs it: Wagtail's reference index (the admin's usage counts), which the
        # ordinary suite leaves off (tests/conftest.py), kept up to date on every save. Browser tests run last.
        connect_reference_index_signal_handlers()
        _load_demo()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        # The site's public address (home.public_address) is the live server's, so links in pages and emails
        # (a draft's private link, a cancel link) open it as they would on the real site.
        public_address = override_settings(WAGTAILADMIN_BASE_URL=server.url)
        public_address.enable()
    try:
        yield server
    finally:
        public_address.disable()
        server._live_server_modified_settings.disable()
        server.stop()
        with django_db_blocker.unblock():
            _close_server_connections(connection)
        if created is not None:
            with django_db_blocker.unblock():
                teardown_databases(created, verbosity=0)


def _close_server_connections(connection):
    """End the database sessions the browser tests leave open, then this one. On PostgreSQL (CONN_MAX_AGE 60)
    sessions opened by the live server's threads, and by queries made while Playwright's greenlets were
    switched in (Django's connections are per context, and those contexts are never closed), outlive the
    tests, and pytest-django then cannot drop the worker's test database ("being accessed by other users"):
    every CI run left two behind."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


@pytest.fixture(autouse=True)
def _live_database(request, django_db_blocker):
    """Browser tests talk to the server, and the server to the database: let both through, and put the demo
    content back if a transactional test emptied the database since the session started."""
    if "site_server" not in request.fixturenames:
        yield
        return
    with django_db_blocker.unblock():
        if not _demo_is_loaded():
            _load_demo()
        yield


@pytest.fixture
def base_url(site_server):
    return site_server.url


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def width(request):
    return WIDTHS[request.param]


def viewport(width: int) -> dict:
    """The window at `width`: a tall 375 px phone or a laptop."""
    return {"width": width, "height": 812 if width < 600 else 900}


def _new_profile(browser, site_server, width):
    """A browser profile (no cookies, nothing cached) with the window at `width`."""
    profile = browser.new_context(
        base_url=site_server.url,
        viewport=viewport(width),
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        accept_downloads=True,
    )
    profile.set_default_timeout(15_000)
    return profile


@pytest.fixture(scope="session")
def _kept_profiles(browser, site_server):
    profiles = {}
    yield profiles
    for profile in profiles.values():
        profile.close()


@pytest.fixture
def context(request, browser, site_server, width, _kept_profiles):
    """A fresh browser profile at the test's width: a journey starts as a first-time visitor.

    Tests marked `kept_profile` only look at pages (the accessibility matrix, the layout checks): they share
    one profile per width for the session, its cookies cleared before each test and its pages closed after.
    A new profile per such test cost more than the check itself (the profile, the styles fetched again, axe
    compiled again: ~0.45 s of ~1.3 s)."""
    if request.node.get_closest_marker("kept_profile"):
        profile = _kept_profiles.get(width)
        if profile is None:
            profile = _kept_profiles[width] = _new_profile(browser, site_server, width)
        profile.clear_cookies()
        yield profile
        for opened in profile.pages:
            opened.close()
        return
    context = _new_profile(browser, site_server, width)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def shoot(request, page):
    """Save a screenshot of the journey's last step to .test-artifacts/browser/ for people to look at."""

    def _shoot(name: str = "last-step", *, on=None):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")
        path = ARTIFACTS / f"{stem}-{name}.png"
        target = on or page
        # Chromium captures only the page in front: a journey with several people (pages in other
        # contexts) shot one of them in the background and got "Unable to capture screenshot" on a busy
        # machine. The screenshot is for people to look at, not what the test checks: bring the page to
        # the front, and if Chromium still cannot capture it, say so instead of failing the journey.
        target.bring_to_front()
        try:
            target.screenshot(path=str(path), full_page=True)
        except PlaywrightError as error:
            warnings.warn(f"no screenshot {path.name}: {error.message.splitlines()[0]}", stacklevel=2)
            return None
        return path

    return _shoot


@pytest.fixture
def demo_password():
    return os.environ["DEMO_PASSWORD"]
