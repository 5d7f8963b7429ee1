"""Public submission pages ask the database a fixed number of times, whatever the amount of data."""

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

from submissions.forms import ObjectionForm
from submissions.models import StatusChange
from tests import factories
from tests.factories import objection_data

pytestmark = pytest.mark.django_db


def queries_for(client, url, method="get", data=None):
    # A request resets the query log when it starts; start from an empty log so nothing is cut off.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302)
    assert len(captured) > 0
    return len(captured)


def test_objection_form_queries_do_not_grow_with_the_entries(client, home):
    small = factories.publicity_notice(home, slug="small", entries=2)
    large = factories.publicity_notice(home, slug="large", entries=30)
    queries_for(client, small.url + "objection/")  # warm per-process caches (site root paths, locales)
    assert queries_for(client, small.url + "objection/") == queries_for(client, large.url + "objection/")


def test_the_objection_form_reads_the_listed_centers_once_with_a_plain_query(client, home):
    """Django reads a form's choices through a server-side cursor on PostgreSQL (three round trips) and again
    each time they are counted; the public forms read them once (home.forms.ChoicesFromOneQuery), and the
    objection form reads the centers' names only."""
    notice = factories.publicity_notice(home, slug="listed", entries=3)
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        page = client.get(notice.url + "objection/").content.decode()
    assert page.count('name="entries"') == 3
    entries = [q["sql"] for q in captured if "notices_publicityentry" in q["sql"]]
    assert len(entries) == 1 and not any(q["sql"].startswith("DECLARE") for q in captured)
    assert '"directory_centerpage"."introduction"' not in entries[0]  # the names, not whole center pages

    form = ObjectionForm(notice=notice)
    with CaptureQueriesContext(connection) as captured:
        listed = list(form.fields["entries"].choices)
        assert len(form.fields["entries"].choices) == len(listed) == 3
    assert len(captured) == 1, [q["sql"] for q in captured]


def test_status_lookup_queries_do_not_grow_with_history_or_files(client, post, open_publicity):
    codes = []
    for n, files in ((0, 1), (1, 5)):
        data = {
            **objection_data(open_publicity, real_name=f"人{n}"),
            "evidence": [factories.png(f"{i}.png") for i in range(files)],
        }
        page = client.get(post(open_publicity.url + "objection/", data)["Location"]).content.decode()
        codes.append(
            (page.split('id="receipt-number">')[1].split("<")[0], page.split('id="access-code">')[1].split("<")[0])
        )
    from submissions.models import Objection

    busy = Objection.objects.get(receipt_number=codes[1][0])
    for _ in range(10):
        StatusChange.objects.create(objection=busy, action="note", from_state="received", to_state="received")
    counts = [
        queries_for(client, "/submissions/status/", "post", {"receipt_number": number, "access_code": code})
        for number, code in codes
    ]
    assert counts[0] == counts[1]
