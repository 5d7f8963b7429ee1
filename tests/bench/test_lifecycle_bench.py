"""The lifecycle rules at scale: `active_ban_for` (what the application form calls on every submission)
and the "centers needing action" computation, over BENCH_REVOCATIONS revocations (default 20,000) and
BENCH_TASKS open reorganisation tasks (default 500). Prints median and p90 latency and queries.

    pytest tests/bench/test_lifecycle_bench.py -s                 # SQLite
    DATABASE_URL=postgres://… pytest tests/bench/test_lifecycle_bench.py -s
"""

import datetime as dt
import os
import statistics
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import lifecycle
from directory.models import Revocation
from tests import factories as h

N_REVOCATIONS = int(os.environ.get("BENCH_REVOCATIONS", "20000"))
N_TASKS = int(os.environ.get("BENCH_TASKS", "500"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "50"))
CAUSES = ("two_fails", "false_materials", "accident_or_violation", "closure")


def _measure(fn):
    timings, queries = [], 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            fn()
            timings.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.9) - 1], queries


@pytest.mark.django_db
def test_lifecycle_bench(site_tree):
    start = dt.date(2020, 1, 1)
    Revocation.objects.bulk_create(
        [
            Revocation(
                center_name=f"中心{i}",
                lead_unit_name=f"单位{i}",
                credit_code=h.credit_code(100000 + i),
                cause=CAUSES[i % 4],
                revoked_on=start + dt.timedelta(days=i % 2000),
                ban_ends_on=lifecycle.ban_first_free_day(
                    cause=CAUSES[i % 4], revoked_on=start + dt.timedelta(days=i % 2000)
                ),
            )
            for i in range(N_REVOCATIONS)
        ],
        batch_size=2000,
    )
    from directory import services
    from directory.models import Rating

    home = site_tree["home"]
    for _ in range(min(N_TASKS, 200)):
        center = h.center(home)
        services.center_record_rating(center=center, year=2025, rating=Rating.FAIL)

    on = dt.date(2025, 6, 1)
    banned_code = h.credit_code(100000 + N_REVOCATIONS - 1)
    free_code = h.credit_code(99)
    rows = [
        ("active_ban_for (banned unit)", lambda: lifecycle.active_ban_for(banned_code, on=on)),
        ("active_ban_for (free unit)", lambda: lifecycle.active_ban_for(free_code, on=on)),
        ("centers_needing_action", lambda: lifecycle.centers_needing_action(on=on)),
    ]
    print(f"\nlifecycle on {connection.vendor}: {N_REVOCATIONS} revocations, {min(N_TASKS, 200)} open tasks")
    for label, fn in rows:
        median, p90, queries = _measure(fn)
        print(f"  {label:32s} median {median:7.2f} ms  p90 {p90:7.2f} ms  {queries} queries")
