"""Public pages ask the database a bounded number of times, whatever the amount of data (issue 13):
uncached, the home page ≤ 10 queries, a center, notice or event page ≤ 8, the directory and the listings
(with and without a query and filters) ≤ 12 — at demo size and with a few hundred generated centers."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from directory.models import CenterPage, EventPage
from notices.models import PolicyNotice, PublicityNotice

pytestmark = pytest.mark.django_db

HOME, DETAIL, LISTING = 10, 8, 12


def budgets() -> list[tuple[str, int]]:
    center = CenterPage.objects.live().filter(locale__language_code="zh-hans").order_by("pk").first()
    notice = PolicyNotice.objects.live().filter(locale__language_code="zh-hans").order_by("pk").first()
    publicity = PublicityNotice.objects.live().filter(locale__language_code="zh-hans").order_by("pk").first()
    event = EventPage.objects.live().filter(locale__language_code="zh-hans").order_by("pk").first()
    english_center = CenterPage.objects.live().filter(locale__language_code="en").order_by("pk").first()
    return [
        ("/", HOME),
        ("/en/", HOME),
        (center.url, DETAIL),
        (english_center.url, DETAIL),
        (notice.url, DETAIL),
        (publicity.url, DETAIL),
        (event.url, DETAIL),
        ("/centers/", LISTING),
        ("/centers/?q=数字化", LISTING),
        ("/centers/?q=南昌&kind=regional", LISTING),
        ("/centers/?region=nanchang&status=active&sort=name", LISTING),
        ("/centers/?page=2", LISTING),
        ("/en/centers/?q=digital", LISTING),
        ("/notices/", LISTING),
        ("/notices/?type=publicity", LISTING),
        ("/notices/?type=policy&year=2025&q=转型", LISTING),
        ("/events/", LISTING),
        ("/events/?when=past", LISTING),
        ("/search/?q=数字化转型", LISTING),
        ("/search/?q=南昌", LISTING),
    ]


def count(client, url) -> tuple[int, list[str]]:
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), [q["sql"] for q in captured]


def over_budget(client) -> list[str]:
    report = []
    pages = budgets()
    for url, _ in pages:
        client.get(url)  # warm per-process caches (site root paths, locales, settings)
    for url, budget in pages:
        n, sql = count(client, url)
        if n > budget:
            report.append(f"{url}: {n} queries > {budget}\n    " + "\n    ".join(s[:160] for s in sql))
    return report


@pytest.fixture
def demo_site(locales):
    call_command("load_demo", stdout=io.StringIO())


def test_pages_stay_within_their_query_budget_at_demo_size(client, demo_site):
    problems = over_budget(client)
    assert not problems, "\n".join(problems)


def test_pages_stay_within_their_query_budget_with_hundreds_of_centers(client, demo_site):
    call_command("generate_bulk", centers=300, notices=60, events=30, stdout=io.StringIO())
    assert CenterPage.objects.live().count() > 300
    problems = over_budget(client)
    assert not problems, "\n".join(problems)
