"""The notice listing and feeds at scale: latency (median, p90) and queries per request of /notices/
(plain, filtered, a deep page) and the RSS and Atom feeds over the demo plus BENCH_NOTICES synthetic
notices (default 2,000).

    pytest tests/bench/test_notices_bench.py -s                 # SQLite
    DATABASE_URL=postgres://… pytest tests/bench/test_notices_bench.py -s
"""

import io
import os
import statistics
import time

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices.models import NoticePage

N_NOTICES = int(os.environ.get("BENCH_NOTICES", "2000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "10"))

URLS = [
    "/notices/",
    "/notices/?type=policy&year=2022",
    "/notices/?status=open",
    "/notices/?page=50",
    "/notices/feed/",
    "/notices/feed/atom/?type=publicity",
    "/en/notices/",
]


@pytest.fixture(scope="module")
def bench_notices(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        devnull = io.StringIO()
        if not NoticePage.objects.exists():
            call_command("load_demo", stdout=devnull)
        missing = N_NOTICES - NoticePage.objects.filter(slug__startswith="bulk-").count()
        if missing > 0:
            started = time.perf_counter()
            call_command("generate_bulk", centers=0, notices=missing, events=0, stdout=devnull)
            print(f"\n[bench] added {missing} notices in {time.perf_counter() - started:.0f} s on {connection.vendor}")
        yield


@pytest.mark.django_db
def test_notice_listing_and_feed_latency(bench_notices, client):
    total = NoticePage.objects.live().count()
    print(f"\n[bench] {total} live notices, {connection.vendor}; url → queries, median ms, p90 ms")
    for url in URLS:
        client.get(url)  # warm caches once
        runs = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                response = client.get(url)
                runs.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        runs.sort()
        p90 = runs[min(len(runs) - 1, round(0.9 * (len(runs) - 1)))]
        print(f"  {url:<38} {len(ctx.captured_queries):3d} queries {statistics.median(runs):7.1f} ms {p90:7.1f} ms")
