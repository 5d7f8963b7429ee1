"""Review desk benchmark: the application listing, its XLSX export and the admin home with the desk panel,
as a provincial editor and as a city reviewer, at two data sizes. Prints figures; asserts nothing about
time. Run with `make bench` or `pytest tests/bench/test_desk_bench.py -s`."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from submissions.models import Application


def measure(client, url, repeat=5):
    client.get(url)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    queries = len(ctx)  # read now: the next request resets the query log
    started = time.perf_counter()
    for _ in range(repeat):
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
    return (time.perf_counter() - started) / repeat * 1000, queries


@pytest.mark.django_db
def test_desk_bench(world, as_user):
    index = reverse("submissions_application:index")
    rows = []
    for size in (100, 2000):
        missing = size - Application.objects.count()
        Application.objects.bulk_create(
            [
                Application(
                    notice=world.round,
                    receipt_number=f"SB-2098-{i:06d}",
                    access_code_hash="x",
                    contact_name="张工",
                    phone="13807911234",
                    email="a@example.org",
                    state="received" if i % 3 else "expert_review",
                    lead_unit_name=f"批量单位{i}",
                    lead_unit_credit_code="91350100M000100Y43",
                    unit_type="enterprise",
                    area=world.nanchang_area if i % 2 else world.ganzhou_area,
                    kind="regional",
                )
                for i in range(Application.objects.count(), Application.objects.count() + missing)
            ]
        )
        for who in ("editor", "nanchang"):
            client = as_user(world.user(who))
            for label, url in (("listing", index), ("export", index + "?export=xlsx"), ("admin home", "/admin/")):
                ms, queries = measure(client, url, repeat=3 if label == "export" else 5)
                rows.append((size, who, label, ms, queries))
    print("\nreview desk: applications | user | view | ms per request | queries")
    for size, who, label, ms, queries in rows:
        print(f"{size:>6} | {who:<8} | {label:<10} | {ms:8.1f} | {queries}")
