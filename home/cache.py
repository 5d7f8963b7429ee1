"""Public pages served from a cache to anonymous visitors, and always correct (issue 13).

Why a small middleware of our own rather than wagtail-cache (3.0): wagtail-cache keys pages with Django's
`learn_cache_key`, which can vary on whole request headers but not on one cookie (elder mode) without
either dropping that cookie or varying on every cookie (the CSRF cookie would make each visitor's copy
private); it invalidates with `cache.clear()`, which on Redis flushes the whole database, rate limits
included; and it takes an entry's lifetime from `Cache-Control: max-age`, which it also sends to browsers,
so a browser would keep a page for hours past a publish. What is needed is small, so it is here:

- **What is cached**: GET requests of anonymous visitors who carry no session and no pending messages,
  answered 200 without a cookie, without using the CSRF token or writing the session, and without
  `Cache-Control: private / no-cache / no-store` (views with forms, the status lookup and receipts say
  so explicitly with `never_cache`). Everything else passes through untouched.
- **Key**: the *release* (what the running code renders with: `release()`, so a page cached by the previous
  release, with its markup and its hashed static addresses, is not served after a deploy — with Redis the
  pages outlive the processes), two site-wide *generations* (the site's own, and that of the records
  visitors add), the language, elder mode (its cookie), host, path and query string.
- **Invalidation**: `invalidate_public_pages()` draws a new generation; every app calls it when something
  a page shows changes (each app's `ready()` connects `invalidate_on_changes(label)` for its models; home
  also listens to Wagtail's publish / unpublish / move / delete). A page saved only as a draft (the
  editor's autosave) changes nothing the public sees and draws none (`saves_only_a_draft`). It runs at once
  and again when the transaction commits, so a page rendered from the old rows inside the transaction is
  not kept.
  The records visitors add (submissions: objections, applications, registrations, counted on pages) draw
  only their own generation, which leaves the per-process memo below as it is: it keeps none of them.
  With local-memory caches each server process has its own page cache, so the generations live in
  small files that all processes on the machine read (`PAGE_CACHE_GENERATION_FILE` and the same name
  + `.records`); with Redis they live in Redis beside the pages.
- **Per process**: what every request looks up (the site, locales, settings) is kept until the next generation
  (`memo`), and so are recent searches' answers (`memo_recent`, bounded: a visitor chooses the words).
- **Lifetime**: an entry never outlives the next change the site can predict: midnight in China (the
  days-left countdowns, 公示 periods given in days) or the next edge another app reports through the
  Wagtail hook `page_cache_next_change` (`fn(now) -> datetime | None`: application windows, events).
  The expiry is also checked on read, against `timezone.now()`.
"""

import contextvars
import copy
import datetime as dt
import functools
import hashlib
import math
import os
import secrets
import threading
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.http import Http404
from django.utils import timezone
from django.utils.cache import get_max_age
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.china import CHINA
from home.context_processors import ELDER_MODE_COOKIE

NEXT_CHANGE_HOOK = "page_cache_next_change"
CACHE_ALIAS = "pages"
GENERATION_KEY = "page-cache:generation"
RECORDS_GENERATION_KEY = "page-cache:generation:records"
HEADER = "X-Page-Cache"
UNCACHEABLE_CONTROLS = ("private", "no-cache", "no-store")


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", True)


def page_cache():
    return caches[CACHE_ALIAS]


def _shared_cache() -> bool:
    return "locmem" not in page_cache().__class__.__module__


def _generation_file() -> Path:
    return Path(getattr(settings, "PAGE_CACHE_GENERATION_FILE", settings.BASE_DIR / ".page-cache-generation"))


# The generations a request has read, so it asks the file or Redis once for each (a page looks the memo up a
# dozen times: a dozen Redis round trips); a change drawn during the request updates them. None outside requests.
_request_generations: contextvars.ContextVar[dict | None] = contextvars.ContextVar("page_generations", default=None)


@contextmanager
def generations_read_once():
    """Inside the block (a request: `PublicPageCacheMiddleware`), each generation is read once and then
    remembered, and one drawn inside it replaces what was remembered. A change another process draws meanwhile
    is seen by the next request, as one drawn just after this request began would be."""
    token = _request_generations.set({})
    try:
        yield
    finally:
        _request_generations.reset(token)


def _read_generation(key: str, path: Path) -> str:
    return _read_generations((key, path))[0]


def _read_generations(*wanted: tuple[str, Path]) -> list[str]:
    """The generations `wanted` ((key, file) pairs): those this request has not read yet in one round trip
    to Redis, or from their files."""
    known = _request_generations.get()
    if known is None:
        known = {}
    missing = [(key, path) for key, path in wanted if key not in known]
    if len(missing) > 1 and _shared_cache():
        known.update(page_cache().get_many([key for key, _ in missing]))
        missing = [(key, path) for key, path in missing if key not in known]
    for key, path in missing:
        known[key] = _read_generation_now(key, path)
    return [known[key] for key, _ in wanted]


def _read_generation_now(key: str, path: Path) -> str:
    if _shared_cache():
        value = page_cache().get(key)
        if value is None:
            value = secrets.token_hex(8)
            page_cache().add(key, value, timeout=None)
            value = page_cache().get(key, value)
        return value
    try:
        return path.read_text() or "0"
    except FileNotFoundError:
        return "0"


def _draw_generation(key: str, path: Path) -> None:
    value = secrets.token_hex(8)
    known = _request_generations.get()
    if known is not None:
        known[key] = value
    if _shared_cache():
        page_cache().set(key, value, timeout=None)
        return
    # Overwritten in place (every value is 16 characters): ~10 µs, where a new file renamed over it took
    # ~1 ms, and a submission draws several. A reader that catches the write half done reads a value that
    # is neither the old nor the new one: a miss, never the old generation's pages.
    try:
        descriptor = os.open(path, os.O_WRONLY)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        os.pwrite(descriptor, value.encode(), 0)
    finally:
        os.close(descriptor)


def _records_generation_file() -> Path:
    path = _generation_file()
    return path.with_name(path.name + ".records")


def generation() -> str:
    """The current generation of the site itself (pages, settings, sites, locales, taxonomies): any new
    value makes every cached page stale and empties the per-process memo."""
    return _read_generation(GENERATION_KEY, _generation_file())


def page_generation() -> str:
    """What a cached page is kept under: the site's generation and that of the records visitors add
    (objections, applications, registrations: pages show their counts). A new record makes every cached
    page stale but leaves the memo, which keeps none of them, as it is."""
    site, records = _read_generations(
        (GENERATION_KEY, _generation_file()), (RECORDS_GENERATION_KEY, _records_generation_file())
    )
    return f"{site}.{records}"


def _bump() -> None:
    _draw_generation(GENERATION_KEY, _generation_file())


def _bump_records() -> None:
    _draw_generation(RECORDS_GENERATION_KEY, _records_generation_file())


# What every request looks up and almost never changes (the site, locales, the site settings, index pages):
# kept in this process until the generation changes, so it stays as fresh as the cached pages.
_memo: dict = {"generation": None, "values": {}}


def memo(key, compute, *, keep_none: bool = True):
    """`compute()` once per process and generation; `key` must say everything the value depends on.
    With `keep_none=False` a None is not kept: for keys a visitor chooses (a slug in the address), so that
    requests for pages that do not exist cannot fill the memo.
    Off in the test settings (`PAGE_MEMO_ENABLED`), where many tests compare query counts before and after
    adding rows (each a change); tests/home turns it on where it measures or checks it."""
    if not getattr(settings, "PAGE_MEMO_ENABLED", True):
        return compute()
    current = generation()
    if _memo["generation"] != current:
        _memo.update(generation=current, values={})
    values = _memo["values"]
    if key in values:
        return values[key]
    value = compute()
    if value is not None or keep_none:
        values[key] = value
    return value


# Answers to what visitors ask (a search's hits, its facet counts): kept like the memo, per process and
# generation, but under keys a visitor chooses, so bounded by weight (the pks a value holds).
RECENT_WEIGHT = 1_000_000  # ~8 MB of pks kept as arrays of 64-bit integers
_recent: dict = {"generation": None, "values": OrderedDict(), "weight": 0}
_recent_lock = threading.Lock()


def memo_recent(key, compute, *, weight=lambda value: 1):
    """`compute()` once per process and generation, as `memo`, for keys a visitor chooses (the words of a
    search, the filters beside them): the least recently used values are dropped once together they weigh
    more than the setting PAGE_MEMO_RECENT_WEIGHT (default RECENT_WEIGHT; `weight(value)`: how many pks it
    holds, say). A search whose hits are every center ranks and counts 10,000 matches (~70 ms); its next page,
    another filter or the same address for the next visitor then start from its answer. As fresh as the page
    cache: every change a visitor could see in it draws a new generation, the search index's own writes too
    (`home.search_database`). Off with the memo (`PAGE_MEMO_ENABLED`)."""
    if not getattr(settings, "PAGE_MEMO_ENABLED", True):
        return compute()
    current = generation()
    with _recent_lock:
        if _recent["generation"] != current:
            _recent.update(generation=current, values=OrderedDict(), weight=0)
        values = _recent["values"]
        if key in values:
            values.move_to_end(key)
            return values[key][0]
    value = compute()
    heft = max(1, weight(value))
    limit = getattr(settings, "PAGE_MEMO_RECENT_WEIGHT", RECENT_WEIGHT)
    with _recent_lock:
        if _recent["generation"] != current or heft > limit or key in _recent["values"]:
            return value
        values = _recent["values"]
        values[key] = (value, heft)
        _recent["weight"] += heft
        while _recent["weight"] > limit:
            _, (_, dropped) = values.popitem(last=False)
            _recent["weight"] -= dropped
    return value


def queryset_key(queryset) -> tuple:
    """A queryset in a memo key: its model and the statement of its pks with the statement's parameters apart
    (live pages of one language, say: which rows an answer computed from it — pks, counts — depends on). The pks'
    statement, not the rows': compiling every column of a page type is most of the work and says nothing more.
    Kept on the queryset, which a request asks for several answers (a search's hits, its facet counts)."""
    key = getattr(queryset, "_memo_key", None)
    if key is None:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
        key = queryset._memo_key = (queryset.model._meta.label_lower, sql, repr(params))
    return key


def counted_values(counts: dict) -> int:
    """The weight in `memo_recent` of a page's facet counts (facet → its values): how many values they count."""
    return sum(len(values) for values in counts.values())


def page_locale(page):
    """The page's Locale from the per-process memo (one query fewer than `page.locale`), kept on the page so
    templates and Wagtail reuse it; the directory's and the notices' pages ask it here."""
    from wagtail.models import Locale  # deferred: apps.py imports this module before models load

    if "locale" not in page._state.fields_cache:
        locales = memo(("locales-by-pk",), lambda: {locale.pk: locale for locale in Locale.objects.all()})
        if page.locale_id in locales:
            page.locale = locales[page.locale_id]
    return page.locale


def invalidate_public_pages(*, records_only: bool = False) -> None:
    """Something a public page shows has changed: no cached page is served again. Now, and once more when
    the current transaction commits (a page rendered meanwhile from the old rows is not kept): that second
    draw once per transaction (or savepoint), however many rows it saves (a submission saves several).
    `records_only`: the change is a record visitors add (an objection, an application, a registration),
    which pages count but the per-process memo never keeps, so the memo stays (see `page_generation`)."""
    bump = _bump_records if records_only else _bump
    bump()
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    savepoints = set(connection.savepoint_ids)
    if not any(callback is bump and sids == savepoints for sids, callback, _ in connection.run_on_commit):
        transaction.on_commit(bump)


def next_midnight(now: dt.datetime) -> dt.datetime:
    day = timezone.localtime(now, CHINA).date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time.min, tzinfo=CHINA)


def next_change(now: dt.datetime | None = None) -> dt.datetime:
    """The next moment a page may change by itself: midnight in China, or an edge other apps report.
    Kept per generation (a change to a window or an event draws a new one), so most stores ask nobody."""
    now = now or timezone.now()
    key = f"page-cache:next-change:{generation()}"
    known = page_cache().get(key)
    if known is not None and known > now:
        return known
    edge = _next_change(now)
    page_cache().set(key, edge, max(1, math.ceil((edge - now).total_seconds())))
    return edge


def _next_change(now: dt.datetime) -> dt.datetime:
    edges = [next_midnight(now)]
    for fn in hooks.get_hooks(NEXT_CHANGE_HOOK):
        edge = fn(now)
        if edge is not None and edge > now:
            edges.append(edge)
    return min(edges)


# What a page is rendered from: the project's code, templates, translations and static sources — not its tests,
# uploads, collected static files, or any folder whose name starts with a dot (.git, .venv).
RELEASE_SUFFIXES = {".py", ".html", ".txt", ".po", ".css", ".js", ".svg", ".json"}
RELEASE_SKIPPED = {"__pycache__", "node_modules", "tests", "media", "private-media", "staticfiles", "var"}


def source_digest(root: Path) -> str:
    """A digest of the contents of the files under `root` that pages are rendered from (RELEASE_SUFFIXES,
    outside RELEASE_SKIPPED), the same on every server that runs the same release: 12 hex characters."""
    digest = hashlib.blake2b(digest_size=6)
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in RELEASE_SKIPPED and not d.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if path.suffix in RELEASE_SUFFIXES:
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def release() -> str:
    """This release, as part of every cached page's key: the setting PAGE_CACHE_RELEASE when a deployment
    sets it (a commit, a version), otherwise `source_digest` of the project, worked out once per process
    (~20 ms at start)."""
    return getattr(settings, "PAGE_CACHE_RELEASE", "") or source_digest(Path(settings.BASE_DIR))


def _cache_key(request) -> str:
    elder = "elder" if request.COOKIES.get(ELDER_MODE_COOKIE) == "on" else "plain"
    parts = [release(), page_generation(), get_language() or "", elder, request.get_host(), request.get_full_path()]
    return ":".join(["page", *parts])


def _request_cacheable(request) -> bool:
    if not enabled() or request.method != "GET":
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def _response_cacheable(request, response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.META.get("CSRF_COOKIE_USED"):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:  # (reading request.user marks it accessed: not personal)
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in UNCACHEABLE_CONTROLS) and get_max_age(response) != 0


class PublicPageCacheMiddleware:
    """Place after AuthenticationMiddleware and MessageMiddleware (it needs the user and the language)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with generations_read_once():
            page_generation()  # both generations in one round trip to Redis; the memo and the key reuse them
            return self._respond(request)

    def _respond(self, request):
        _remember_site(request)
        if not _request_cacheable(request):
            return self.get_response(request)
        key = _cache_key(request)
        now = timezone.now()
        entry = page_cache().get(key)
        if entry is not None and entry["expires"] > now:
            response = entry["response"]
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if not _response_cacheable(request, response):
            response[HEADER] = "skip"
            return response
        expires = next_change(now)
        timeout = max(1, math.ceil((expires - now).total_seconds()))
        if hasattr(response, "render") and callable(response.render):
            response.render()
        response[HEADER] = "miss"
        page_cache().set(key, {"response": response, "expires": expires}, timeout)
        return response


def _remember_site(request) -> None:
    """Wagtail looks the site up once per request (`Site.find_for_request` keeps it on the request)."""
    from wagtail.models import Site  # deferred: apps.py imports this module before models load

    try:
        host, port = request._get_raw_host(), request.get_port()
    except Exception:  # noqa: BLE001 - a malformed Host header: let Wagtail and Django answer as usual
        return
    if not getattr(settings, "PAGE_MEMO_ENABLED", True):
        return  # Wagtail looks it up itself, when (and if) the view needs it
    try:
        request._wagtail_site = memo(("site", host, port), lambda: Site._find_for_request(request))
    except DatabaseError:
        return  # the database is down: let the view answer (/healthz says 503)


def _remember_locales() -> None:
    """Wagtail asks for the Locale of a language several times in each request (`Locale.get_active()`,
    `get_default()`); the answer only changes when a locale is saved, which draws a new generation."""
    from wagtail.models.i18n import LocaleManager  # deferred: apps.py imports this module before models load

    original = LocaleManager.get_for_language
    if getattr(original, "remembered", False):
        return

    def get_for_language(self, language_code):
        return memo(("locale", language_code), lambda: original(self, language_code))

    get_for_language.remembered = True
    LocaleManager.get_for_language = get_for_language


def _remember_view_restrictions() -> None:
    """Wagtail checks a page's view restrictions before serving it (2 queries: ancestors, restrictions). Whether
    a page has any is kept per page path until a change (a restriction saved or a page moved draws a new
    generation); an unrestricted page answers with an empty queryset, a restricted one with Wagtail's own."""
    from wagtail.models import Page, PageViewRestriction  # deferred: apps.py imports this module before models load

    original = Page.get_view_restrictions
    if getattr(original, "remembered", False):
        return

    def get_view_restrictions(self):
        if memo(("restricted", self.path), lambda: original(self).exists()):
            return original(self)
        return PageViewRestriction.objects.none()

    get_view_restrictions.remembered = True
    Page.get_view_restrictions = get_view_restrictions


def _remember_localized_root() -> None:
    """Wagtail routes every request from `site.root_page.localized.specific` (2 queries under /en/: the
    translation, then its specific page). The localized root is kept per site and language until a change;
    each request routes from its own copy, as `HomePage.route` does for the sections."""
    from wagtail.models import Page, Site  # deferred: apps.py imports this module before models load

    original = Page.route_for_request
    if getattr(original, "remembered", False):
        return

    def route_for_request(request, path):
        if not hasattr(request, "_wagtail_route_for_request"):
            try:
                site = Site.find_for_request(request)
                if site:
                    root = memo(("localized-root", site.pk, get_language()), lambda: site.root_page.localized.specific)
                    components = [component for component in path.split("/") if component]
                    request._wagtail_route_for_request = copy.copy(root).route(request, components)
                else:
                    request._wagtail_route_for_request = None
            except Http404:
                request._wagtail_route_for_request = None
        return request._wagtail_route_for_request

    route_for_request.remembered = True
    Page.route_for_request = staticmethod(route_for_request)


# Receivers ---------------------------------------------------------------------------------------------


def _on_change(sender, **kwargs):
    invalidate_public_pages()


def invalidate_on_changes(app_label: str, *, records_only: bool = False) -> None:
    """Any saved or deleted row of the app's models makes cached pages stale (call from `ready()`);
    `records_only` for an app whose rows the memo never keeps (see `invalidate_public_pages`).

    The receivers are connected model by model, never for every sender: a `post_delete` receiver for every
    model would cost each delete in the project (sessions, CAPTCHA answers, finished tasks) Django's fast
    path — one DELETE — for a SELECT of the rows first and a signal per row."""

    def receiver(sender, instance, update_fields=None, **kwargs):
        if not saves_only_a_draft(instance, update_fields):
            invalidate_public_pages(records_only=records_only)

    receiver.__name__ = f"invalidate_pages_on_{app_label}_change"
    for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
        _connect_for(model, receiver, name=f"page_cache_{app_label}")


def _connect_for(model, receiver, *, name: str) -> None:
    label = model._meta.label_lower
    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{name}_{label}_save")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{name}_{label}_delete")


# What Wagtail's `save_revision` writes on the page row (besides the comments relation, named by a setting).
DRAFT_FIELDS = frozenset({"latest_revision", "latest_revision_created_at", "draft_title", "has_unpublished_changes"})


def saves_only_a_draft(instance, update_fields) -> bool:
    """The save records a new draft of a page and nothing else: Wagtail's `save_revision` writes only where
    the latest revision is (and its title, date, comments). The public sees the draft when it is published,
    which `page_published` reports. Wagtail's editor saves a draft half a second after each change while
    someone types (autosave, on by default since Wagtail 7.3); if each drew a new generation, no page would
    stay in the cache while an editor is at work."""
    if not update_fields:
        return False  # a whole row saved: most saves, answered without looking further
    from wagtail.models import COMMENTS_RELATION_NAME, Page  # deferred: apps.py imports this module before models load

    return isinstance(instance, Page) and set(update_fields) <= DRAFT_FIELDS | {COMMENTS_RELATION_NAME}


def connect() -> None:
    """Editors' page actions and the site records Wagtail keeps (sites, locales, redirects, media)."""
    from wagtail.contrib.redirects.models import Redirect  # deferred: apps.py imports this module before models load
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Locale, Page, PageViewRestriction, Site

    page_published.connect(_on_change, dispatch_uid="page_cache_published")
    page_unpublished.connect(_on_change, dispatch_uid="page_cache_unpublished")
    post_page_move.connect(_on_change, dispatch_uid="page_cache_moved")
    post_delete.connect(_on_change, sender=Page, dispatch_uid="page_cache_page_deleted")
    for model in (Site, Locale, PageViewRestriction, Redirect, get_image_model(), get_document_model()):
        _connect_for(model, _on_change, name="page_cache_wagtail")
    invalidate_on_changes("home")
    _remember_locales()
    _remember_view_restrictions()
    _remember_localized_root()
