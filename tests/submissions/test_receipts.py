"""Receipt numbers: unique, sequential per kind and year, never reused, even under concurrency."""

import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections, transaction
from django.utils import timezone

from submissions import services
from submissions.models import Objection, ReceiptKind
from submissions.receipts import ACCESS_CODE_ALPHABET, issue_receipt_number, new_access_code
from tests import factories


def issue(kind, year):
    with transaction.atomic():
        return issue_receipt_number(kind=kind, year=year)


@pytest.mark.django_db
def test_numbers_are_sequential_per_kind_and_year():
    assert issue(ReceiptKind.APPLICATION, 2025) == "SB-2025-000001"
    assert issue(ReceiptKind.APPLICATION, 2025) == "SB-2025-000002"
    assert issue(ReceiptKind.OBJECTION, 2025) == "YY-2025-000001"
    assert issue(ReceiptKind.APPLICATION, 2026) == "SB-2026-000001"
    assert issue(ReceiptKind.APPLICATION, 2025) == "SB-2025-000003"


@pytest.mark.django_db
def test_a_number_from_a_rolled_back_submission_is_not_reissued_to_anyone_else():
    first = issue(ReceiptKind.OBJECTION, 2025)
    with pytest.raises(RuntimeError), transaction.atomic():
        issue_receipt_number(kind=ReceiptKind.OBJECTION, year=2025)
        raise RuntimeError("a file failed")
    second = issue(ReceiptKind.OBJECTION, 2025)
    assert first != second


def test_numbers_need_the_submissions_transaction():
    with pytest.raises(RuntimeError):
        issue_receipt_number(kind=ReceiptKind.OBJECTION, year=2025)


def test_access_codes_avoid_confusable_characters_and_store_only_a_hash():
    code, code_hash = new_access_code()
    assert len(code) == 10 and set(code) <= set(ACCESS_CODE_ALPHABET)
    assert not set("01OIL") & set(code)
    assert code not in code_hash


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises every writer, so it cannot show row-lock behaviour; run with DATABASE_URL=postgres://…",
)
def test_concurrent_objections_get_distinct_consecutive_numbers_on_postgresql(site_tree):
    """Twelve objections submitted at the same moment through the service, each on its own connection."""
    notice = factories.publicity_notice(site_tree["home"])
    entry = notice.entries.first()
    now = timezone.now()
    year = now.astimezone(ZoneInfo("Asia/Shanghai")).year
    results, errors = [], []
    start = threading.Barrier(12)

    def worker(n):
        try:
            start.wait()
            data = {
                "real_name": f"异议人{n}",
                "unit": "",
                "phone": f"139000000{n:02d}",
                "email": f"p{n}@example.com",
                "entries": [entry],
                "facts_and_reasons": "事实与理由。",
                "consent_to_contact": True,
            }
            receipt = services.objection_create(notice=notice, data=data, files=[], at=now, language="zh-hans")
            results.append(receipt.receipt_number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results) == [f"YY-{year}-{n:06d}" for n in range(1, 13)]
    assert Objection.objects.count() == 12
