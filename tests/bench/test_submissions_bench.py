"""Public submissions at scale: time to file an objection (form POST with one evidence file, receipt
issued under the row lock), to look up a status, and to render a 公示 page's public counts, with
BENCH_OBJECTIONS objections already stored (default 5,000). Prints median and p90 and queries per request.

    pytest tests/bench/test_submissions_bench.py -s
    DATABASE_URL=postgres://… pytest tests/bench/test_submissions_bench.py -s
"""

import os
import statistics
import time

import pytest
from django.db import connection, reset_queries
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from submissions.models import Objection
from submissions.receipts import new_access_code
from tests import factories

N_OBJECTIONS = int(os.environ.get("BENCH_OBJECTIONS", "5000"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))


def figures(label, durations, queries):
    # The multipart POST's queries are not seen by CaptureQueriesContext here (the log reads empty), so
    # a zero is shown as "n/a" rather than as a false figure.
    durations = sorted(durations)
    p90 = durations[int(len(durations) * 0.9) - 1]
    print(
        f"[bench] {label:<28} median {statistics.median(durations) * 1000:7.1f} ms  "
        f"p90 {p90 * 1000:7.1f} ms  queries {queries or 'n/a'}  ({connection.vendor}, {N_OBJECTIONS} objections)"
    )


@pytest.mark.django_db
def test_objection_submit_lookup_and_counts(client, site_tree, settings):
    settings.SUBMISSION_RATE = settings.STATUS_LOOKUP_RATE = "100000/m"
    notice = factories.publicity_notice(site_tree["home"])
    entry = notice.entries.first()
    _code, code_hash = new_access_code()
    Objection.objects.bulk_create(
        Objection(
            notice=notice,
            real_name=f"异议人{n}",
            contact_name="x",
            phone="13900000000",
            email=f"p{n}@example.com",
            facts_and_reasons="事实与理由",
            receipt_number=f"YY-2000-{n:06d}",
            access_code_hash=code_hash,
        )
        for n in range(N_OBJECTIONS)
    )
    url = notice.url + "objection/"
    durations, receipts = [], []
    for n in range(REPEAT):
        data = {
            "real_name": f"基准{n}",
            "phone": "13912345678",
            "email": f"b{n}@example.com",
            "entries": [entry.pk],
            "facts_and_reasons": "事实与理由。",
            "consent_to_contact": "on",
            "evidence": [factories.png()],
        }
        started = time.perf_counter()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data)
        durations.append(time.perf_counter() - started)
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        receipts.append(
            (page.split('id="receipt-number">')[1].split("<")[0], page.split('id="access-code">')[1].split("<")[0])
        )
    figures("objection POST (1 file)", durations, len(queries))

    durations = []
    for number, code in receipts:
        started = time.perf_counter()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            body = client.post("/submissions/status/", {"receipt_number": number, "access_code": code}).content.decode()
        durations.append(time.perf_counter() - started)
        assert number in body
    figures("status lookup", durations, len(queries))

    durations = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            render_to_string("submissions/includes/notice_submissions.html", {"notice": notice})
        durations.append(time.perf_counter() - started)
    figures("public counts", durations, len(queries))
