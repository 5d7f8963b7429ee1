"""generate_bulk (CONTRACT.md: `python manage.py generate_bulk --centers N --notices M --events K`), now a
notices command since it creates notices as well as centers and events."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from directory import demo
from directory.models import CenterPage, EventPage
from notices.models import NoticeIndexPage, PolicyNotice
from tests import factories

pytestmark = pytest.mark.django_db


def test_generate_bulk_adds_live_searchable_pages_in_a_sound_tree(site_tree):
    demo.load(dict(site_tree))
    factories.notice_index(site_tree["home"])
    call_command("generate_bulk", centers=30, notices=4, events=5, stdout=io.StringIO())
    bulk = CenterPage.objects.live().filter(slug__startswith="bulk-")
    assert bulk.count() == 30
    chinese = CenterPage.objects.live().filter(locale=site_tree["locales"][0])
    assert chinese.matching("转型").count() == chinese.count()
    for center in bulk.prefetch_related("industry_links", "service_links"):  # what the directory's facets count
        assert (center.industry_ids, center.service_ids) == center.linked_ids()
        assert center.industry_ids and center.service_ids
    one = bulk.first()
    assert CenterPage.objects.live().matching(one.title).filter(pk=one.pk).exists()
    assert PolicyNotice.objects.live().filter(slug__startswith="bulk-").count() == 4
    assert EventPage.objects.live().filter(slug__startswith="bulk-").count() == 5
    problems = Page.find_problems()
    assert not any(problems), problems


def test_generate_bulk_needs_a_notice_list_for_notices(site_tree):
    demo.load(dict(site_tree))
    NoticeIndexPage.objects.all().delete()
    with pytest.raises(CommandError):
        call_command("generate_bulk", centers=0, notices=2, events=0, stdout=io.StringIO())


@pytest.mark.django_db(transaction=True)
def test_generate_bulk_leaves_postgresql_tables_vacuumed_and_analysed(site_tree):
    """Run outside a transaction (as tests/bench/scale_db.py does), the loader VACUUMs on PostgreSQL: without
    the visibility map every index-only scan of the search's joins read the table rows."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("VACUUM is PostgreSQL's")
    demo.load(dict(site_tree))
    factories.notice_index(site_tree["home"])
    call_command("generate_bulk", centers=3, notices=2, events=1, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT last_vacuum IS NOT NULL, last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = %s",
            [CenterPage._meta.db_table],
        )
        assert cursor.fetchone() == (True, True)
