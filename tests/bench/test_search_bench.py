"""Search quality and speed at scale: recall@10, MRR and latency (median, p90) of the directory's Chinese
search over the demo centers plus BENCH_CENTERS synthetic ones (default 10,000), and of the pages.

    make bench                                  # SQLite
    DATABASE_URL=postgres://… make bench        # PostgreSQL
    BENCH_CENTERS=2000 make bench               # smaller

Each query has a relevance rule (a Django Q over centers); recall@10 is the share of the relevant
centers (at most 10) found in the first 10, MRR the mean of 1/rank of the first relevant one."""

import io
import os
import statistics
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from directory.models import CenterPage

N_CENTERS = int(os.environ.get("BENCH_CENTERS", "10000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))


def both(*words):
    q = Q()
    for word in words:
        q &= Q(title__contains=word)
    return q


QUERIES = [
    ("稀土", both("稀土")),
    ("赣州 稀土", both("赣州", "稀土")),
    ("贛州 稀土", both("赣州", "稀土")),
    ("赣州稀土", both("赣州", "稀土")),
    ("數字化轉型 稀土", both("稀土")),
    ("南昌 航空", both("南昌", "航空")),
    ("景德镇 陶瓷", both("景德镇", "陶瓷")),
    ("鋰電", both("锂电")),
    ("樟樹 中醫藥", Q(slug="zhangshu-tcm")),
    ("上饶 光伏", both("上饶", "光伏")),
    ("南康 家具", Q(slug="nankang-furniture")),
    ("新余 钢铁", both("新余", "钢铁")),
    ("鹰潭 铜", both("鹰潭", "铜")),
    ("汽车零部件", both("汽车零部件")),
    ("稀土行业数字化服务中心", Q(slug="ganzhou-rare-earths")),
    ("洪智", Q(slug="nanchang-hitech")),
    ("赣江新区 食品", both("赣江新区", "食品")),
    ("吉安 电子信息", both("吉安", "电子信息")),
    ("诊断咨询 赣州", Q(area__slug="ganzhou", service_links__service__slug="diagnosis")),
    ("转型", Q()),
    ("数字化转型促进中心", Q()),
]


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


@pytest.fixture(scope="module")
def bench_site(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        if not CenterPage.objects.filter(slug__startswith="bulk-").exists():
            started = time.perf_counter()
            call_command("load_demo", stdout=io.StringIO())
            call_command(
                "generate_bulk",
                centers=N_CENTERS,
                notices=N_CENTERS // 5,
                events=N_CENTERS // 10,
                stdout=io.StringIO(),
            )
            print(
                f"\n[bench] built demo + {N_CENTERS} centers in {time.perf_counter() - started:.0f} s on {connection.vendor}"
            )
        yield


@pytest.mark.django_db
def test_search_quality_and_latency(bench_site):
    base = CenterPage.objects.live().filter(locale__language_code="zh-hans")
    total = base.count()
    recalls, reciprocal_ranks, timings = [], [], []
    print(f"\n[bench] {total} centers, {connection.vendor}; query → recall@10, rank of first relevant, median ms")
    for query, relevant_q in QUERIES:
        relevant = set(base.filter(relevant_q).values_list("pk", flat=True).distinct())
        runs = []
        for attempt in range(REPEAT):
            if attempt == 0:
                cache.clear()  # first run pays for the document frequencies, like a cold query
            started = time.perf_counter()
            hits = list(base.matching(query).by_relevance(query).values_list("pk", flat=True)[:10])
            runs.append((time.perf_counter() - started) * 1000)
        timings.extend(runs)
        found = [pk for pk in hits if pk in relevant]
        recall = len(found) / min(10, len(relevant)) if relevant else 1.0
        rank = next((i + 1 for i, pk in enumerate(hits) if pk in relevant), None)
        recalls.append(recall)
        reciprocal_ranks.append(1 / rank if rank else 0.0)
        print(
            f"  {query:<14} recall@10={recall:.2f} first={rank} relevant={len(relevant)} {statistics.median(runs):7.1f} ms"
        )
    print(
        f"[bench] recall@10={statistics.mean(recalls):.3f}  MRR={statistics.mean(reciprocal_ranks):.3f}  "
        f"latency median={statistics.median(timings):.1f} ms p90={pct(timings, 0.9):.1f} ms  ({len(QUERIES)} queries × {REPEAT})"
    )
    assert statistics.mean(recalls) > 0


PAGES = [
    "/centers/",
    "/centers/?q=赣州+稀土",
    "/centers/?q=转型",
    "/centers/?region=ganzhou&service=diagnosis&kind=regional",
    "/centers/?sort=newest&page=3",
    "/centers/ganzhou/",
    "/centers/export.json?region=ganzhou&industry=rare-earths",
    "/events/",
    "/events/?when=past&region=ganzhou",
    "/search/?q=稀土",
    "/search/?q=数字化转型",
]


@pytest.mark.django_db
def test_page_latency(bench_site, client):
    print(f"\n[bench] pages on {connection.vendor}: median / p90 ms, SQL queries")
    for url in PAGES:
        runs = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                runs.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        print(f"  {url:<60} {statistics.median(runs):7.1f} / {pct(runs, 0.9):7.1f} ms  {len(queries)} queries")
