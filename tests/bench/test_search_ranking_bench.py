"""Judged search quality and speed (issue 21): recall@10 and MRR of the directory and of site search over
the hand-written corpus (tests/factories/search_corpus.py, 55 judged queries) at demo size and again with
generate_bulk's pages added, and p50/p95 of the full directory page with a query and of site search.

    make bench                                              # SQLite, 10,000 centers, 50,000 notices, 2,000 events
    BENCH_CENTERS=2000 BENCH_NOTICES=5000 BENCH_EVENTS=400 make bench   # smaller
    DATABASE_URL=postgres://… make bench                    # PostgreSQL

To measure at scale without generating 10,000 centers on every run, build a database once with
`tests/bench/scale_db.py` (demo + this corpus + generate_bulk) and name it in BENCH_DATABASE_URL: the test
then reads that database (inside a transaction it rolls back) and prints the figures at its size only.

    BENCH_DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 make bench PYTEST_ARGS="-k judged"
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_10k BENCH_DATABASE_URL=$DATABASE_URL make bench …

(On PostgreSQL set DATABASE_URL too: the search index's columns are typed for the database the process
starts with.)

Timings are taken with the per-process memo on (`PAGE_MEMO_ENABLED`, as in production) and the page cache
off, after one warming request per address, but with no search's answer kept (`PAGE_MEMO_RECENT_WEIGHT=0`):
every sample ranks and counts its matches, as the first visitor to ask for those words after a change waits
for (later visitors, the next page and other filters start from the kept answer: test_page_bench.py).
"""

import gc
import io
import os
import statistics
import time
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from wagtail.models import Site
from wagtail.search import index

from directory.filters import CenterFilterSet
from directory.listing import centers_page
from directory.models import CenterPage, DirectoryPage
from home.cache import generations_read_once, page_locale
from notices.models import NoticePage
from tests.factories import search_corpus as corpus

CENTERS = int(os.environ.get("BENCH_CENTERS", "10000"))
NOTICES = int(os.environ.get("BENCH_NOTICES", "50000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "2000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "3"))
KEPT_DATABASE = os.environ.get("BENCH_DATABASE_URL", "")

if KEPT_DATABASE:

    @pytest.fixture(scope="session")
    def django_db_setup():
        """Use the database scale_db.py built, as it is (no test database is created)."""
        import dj_database_url
        from django.db import connections

        kept = dj_database_url.parse(KEPT_DATABASE)
        connections["default"].close()
        del connections["default"]
        connections.settings["default"].update({k: kept[k] for k in ("ENGINE", "NAME", "USER", "HOST", "PORT")})
        if kept["ENGINE"].endswith("postgresql"):
            connections.settings["default"]["OPTIONS"] = {}


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def judge(client):
    """recall@10 and MRR for the directory and for site search, and the page timings (ms)."""
    figures = {}
    for target in ("directory", "site"):
        recalls, reciprocal, timings, missed, slowest = [], [], [], [], []
        for query, where, first, others in corpus.QUERIES:
            if target == "directory" and where == "centers":
                client.get(f"/centers/?q={quote(query)}")  # warm: jieba's words, per-process lookups
            elif target == "site":
                client.get(f"{'/en' if where == 'en' else ''}/search/?q={quote(query)}")
            if target == "directory" and where != "centers":
                continue
            if target == "directory":
                url = f"/centers/?q={quote(query)}"
            else:
                url = f"{'/en' if where == 'en' else ''}/search/?q={quote(query)}"
            times = []
            for _ in range(REPEAT):
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            timings.extend(times)
            slowest.append((max(times), query))
            if target == "directory":
                hits = [c.slug for c in response.context["centers"]][:10]
            else:
                group = "centers" if where == "en" else where
                hits = {g["key"]: [h.slug for h in g["hits"]] for g in response.context["groups"]}.get(group, [])
            relevant = {first, *others}
            recalls.append(len(relevant & set(hits)) / len(relevant))
            rank = next((i + 1 for i, slug in enumerate(hits) if slug in relevant), None)
            reciprocal.append(1 / rank if rank else 0.0)
            if rank != 1:
                missed.append((query, rank))
        slowest = ", ".join(f"{query} {ms:.0f}" for ms, query in sorted(slowest, reverse=True)[:5])
        figures[target] = (statistics.mean(recalls), statistics.mean(reciprocal), timings, missed, slowest)
    return figures


def search_and_facets(query: str) -> float:
    """ms for the directory's search with its facet counts and the first page of centers, without the page
    around them (issue 13's "directory search and its facet counts")."""
    index = DirectoryPage.objects.live().filter(locale__language_code="zh-hans").first()
    started = time.perf_counter()
    with generations_read_once():  # as in a request (PublicPageCacheMiddleware): the memo's generation read once
        filterset = CenterFilterSet(
            QueryDict(f"q={quote(query)}"), queryset=index.centers(), locale=page_locale(index), current_by_default=True
        )
        filterset.facet_counts()
        _, page = centers_page(filterset, 1)
        list(page.object_list)
    return (time.perf_counter() - started) * 1000


def time_search_and_facets() -> list[float]:
    queries = [query for query, where, _, _ in corpus.QUERIES if where == "centers"]
    for query in queries:
        search_and_facets(query)  # warm, as the page timings are
    return [search_and_facets(query) for _ in range(REPEAT) for query in queries]


def time_index_writes() -> dict[str, float]:
    """Median ms to write one page's search entry (`index.insert_or_update_object`, as every save of a page
    does), for the newest live center and notice, 10 writes each (the benchmark's transaction rolls back)."""
    figures = {}
    for model in (CenterPage, NoticePage):
        pk = model.objects.live().order_by("-pk").values_list("pk", flat=True).first()
        timings = []
        for _ in range(10):
            page = model.objects.get(pk=pk)
            started = time.perf_counter()
            index.insert_or_update_object(page)
            timings.append((time.perf_counter() - started) * 1000)
        figures[model.__name__] = statistics.median(timings)
    return figures


def report(label, figures):
    print(f"\n[bench] load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for target, (recall, mrr, timings, missed, slowest) in figures.items():
        print(
            f"[bench] {label} {connection.vendor} {target:<9} recall@10={recall:.3f} MRR={mrr:.3f} "
            f"p50={pct(timings, 0.5):.1f} ms p95={pct(timings, 0.95):.1f} ms  not first: {missed}"
        )
        print(f"[bench]     slowest (ms, worst of {REPEAT}): {slowest}")
    timings = time_search_and_facets()
    print(
        f"[bench] {label} {connection.vendor} directory search + facet counts + first page, without the page: "
        f"p50={pct(timings, 0.5):.1f} ms p95={pct(timings, 0.95):.1f} ms"
    )
    writes = ", ".join(f"{name} {ms:.1f} ms" for name, ms in time_index_writes().items())
    print(f"[bench] {label} {connection.vendor} writing one page's search entry (median of 10): {writes}")


@pytest.fixture
def production_memo(settings):
    settings.PAGE_MEMO_ENABLED = True
    settings.PAGE_MEMO_RECENT_WEIGHT = 0  # every sample searches: the figures are the search's own work
    settings.PAGE_CACHE_ENABLED = False
    # As config/wsgi.py does in a worker: what is loaded at start stays out of the full garbage collections.
    gc.collect()
    gc.freeze()


@pytest.mark.django_db(transaction=False)
def test_judged_search_at_demo_size_and_at_scale(client, production_memo):
    if KEPT_DATABASE:
        cache.clear()
        label = f"{CenterPage.objects.live().count()}c/{NoticePage.objects.live().count()}n (kept database)"
        report(label, judge(client))
        return
    call_command("load_demo", stdout=io.StringIO())
    home = Site.objects.get(is_default_site=True).root_page.specific
    corpus.build(home)
    cache.clear()
    client.get("/centers/?q=稀土")  # warm up jieba and the templates
    report("demo", judge(client))
    started = time.perf_counter()
    call_command("generate_bulk", centers=CENTERS, notices=NOTICES, events=EVENTS, stdout=io.StringIO())
    print(
        f"\n[bench] generate_bulk {CENTERS} centers, {NOTICES} notices, {EVENTS} events: {time.perf_counter() - started:.0f} s"
    )
    cache.clear()
    report(f"{CENTERS}c/{NOTICES}n", judge(client))
