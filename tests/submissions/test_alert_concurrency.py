"""Four runs of the sender at the same moment, each on its own connection, send each alert once: the send
log's unique (address, thing) row is claimed before sending (PostgreSQL; SQLite serialises writers)."""

import threading

import pytest
from django.core import mail
from django.db import connection, connections

from notices.models import PublicityEntry
from submissions.alerts.models import AlertDelivery
from submissions.alerts.sending import send_alerts
from tests import factories


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises every writer, so it cannot show row-lock behaviour; run with DATABASE_URL=postgres://…",
)
def test_concurrent_runs_never_send_twice_on_postgresql(site_tree):
    ganzhou = factories.area("ganzhou", "赣州市")
    # Published before anyone subscribes here, so the task on publishing sends nothing; the subscriptions
    # are dated as confirmed an hour ago, so the runs below owe each of them the notice.
    factories.publicity_notice(site_tree["home"], entries=[PublicityEntry(proposed_name="赣州中心", area=ganzhou)])
    assert not mail.outbox
    for n in range(10):
        factories.subscription(f"r{n}@example.org", kinds=["publicity"], areas=["ganzhou"])
    start = threading.Barrier(4)
    reports, errors = [], []

    def run():
        try:
            start.wait()
            reports.append(send_alerts())
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(report.sent for report in reports) == 10
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"r{n}@example.org" for n in range(10))
    assert AlertDelivery.objects.filter(state="sent").count() == 10
