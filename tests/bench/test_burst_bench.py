"""A deadline burst of objections through gunicorn (issue 13): BENCH_BURST_TOTAL objections (default 300),
each with a BENCH_BURST_FILE_MB evidence PDF (default 1 MB), BENCH_BURST_CONCURRENCY at a time (default
50), against 4 sync workers with production settings (the CAPTCHA in test mode: tests/bench/burst_settings.py;
each simulated visitor has its own address through X-Real-IP, so the per-client limit applies per visitor).

    BENCH_BURST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/burst_bench make bench PYTEST_ARGS="-k burst"
    BENCH_BURST_TOTAL=60 BENCH_BURST_CONCURRENCY=10 make bench PYTEST_ARGS="-k burst"     # SQLite

It builds its own database (a SQLite file in a temporary folder, or the PostgreSQL database named, created
when missing and emptied first), migrates and loads the demo, then prints: rows stored, unique receipts,
"busy, try again" answers (503), errors (anything else), p50/p95 of a POST and objections per second.
Targets on PostgreSQL: 300 rows, 300 unique receipts, 0 errors, p95 ≤ 2 s, ≥ 30/s. On SQLite: every answer
a receipt or a "busy" page, never a 500."""

import os
import re
import statistics
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

import pytest

from tests.bench.test_page_bench import GUNICORN, PYTHON, ROOT, Server, environment, manage
from tests.factories.files import PDF_BYTES

TOTAL = int(os.environ.get("BENCH_BURST_TOTAL", "300"))
CONCURRENCY = int(os.environ.get("BENCH_BURST_CONCURRENCY", "50"))
FILE_MB = float(os.environ.get("BENCH_BURST_FILE_MB", "1"))
DATABASE_URL = os.environ.get("BENCH_BURST_DATABASE_URL", "")
WORKERS = int(os.environ.get("BENCH_BURST_WORKERS", "4"))


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def fresh_postgres(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    with psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres", autocommit=True
    ) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{config["NAME"]}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def django_shell(env, code: str) -> str:
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    return out.splitlines()[-1] if out else ""


OPEN_PUBLICITY = """
from django.utils import timezone
from notices.models import PublicityNotice
from notices.windows import WindowState
for notice in PublicityNotice.objects.live().filter(locale__language_code="zh-hans"):
    if notice.window_state(at=timezone.now()) == WindowState.PUBLICITY_OPEN and notice.entries.exists():
        print(notice.url); break
"""

COUNT = "from submissions.models import Objection; print(Objection.objects.count())"


def hidden(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'<input[^>]*value="([^"]*)"[^>]*name="{name}"', html
    )
    return unescape(match.group(1)) if match else ""


def file_objection(base: str, form_path: str, evidence: bytes, number: int) -> tuple[str, float, str]:
    """('receipt' | 'busy' | 'error', seconds for the POST, receipt number or the status)."""
    import requests

    session = requests.Session()
    session.headers["X-Real-IP"] = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
    form = session.get(base + form_path, timeout=120)
    html = form.text
    entry = re.search(r'name="entries"[^>]*value="(\d+)"', html) or re.search(r'value="(\d+)"[^>]*name="entries"', html)
    data = {
        "csrfmiddlewaretoken": hidden(html, "csrfmiddlewaretoken"),
        "form_token": hidden(html, "form_token"),
        "captcha_0": hidden(html, "captcha_0"),
        "captcha_1": "PASSED",
        "real_name": "张三",
        "unit": "某某科技有限公司",
        "phone": "13800138000",
        "email": f"burst{number}@example.cn",
        "entries": entry.group(1) if entry else "",
        "facts_and_reasons": "该单位申报材料中的服务案例与实际不符，特此提出异议。" * 3,
        "consent_to_contact": "on",
    }
    files = {"evidence": (f"证据{number}.pdf", evidence, "application/pdf")}
    started = time.perf_counter()
    response = session.post(
        base + form_path, data=data, files=files, headers={"Referer": base + form_path}, timeout=300
    )
    seconds = time.perf_counter() - started
    found = re.search(r'id="receipt-number">([^<]+)<', response.text)
    if response.status_code == 200 and found:
        return "receipt", seconds, found.group(1)
    if response.status_code == 503:
        return "busy", seconds, "503"
    return "error", seconds, f"{response.status_code}"


@pytest.mark.skipif(not Path(GUNICORN).exists(), reason="gunicorn is not installed")
def test_objection_burst(tmp_path):
    env = environment(tmp_path, cache=True)
    env["DJANGO_SETTINGS_MODULE"] = "tests.bench.burst_settings"
    env["CLIENT_IP_META_KEY"] = "HTTP_X_REAL_IP"
    if DATABASE_URL:
        fresh_postgres(DATABASE_URL)
        env["DATABASE_URL"] = DATABASE_URL
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    manage(env, "collectstatic", "--noinput", "-v", "0")  # production settings serve hashed static names
    notice_url = django_shell(env, OPEN_PUBLICITY)
    assert notice_url, "the demo has no open 公示 with entries"
    form_path = "/" + notice_url.split("://", 1)[-1].split("/", 1)[-1].lstrip("/") + "objection/"
    size = int(FILE_MB * 1024 * 1024)
    evidence = PDF_BYTES + b"%" + b"0" * (size - len(PDF_BYTES) - 1)
    before = int(django_shell(env, COUNT))
    server = Server(env, workers=WORKERS)
    try:
        started = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            results = list(pool.map(lambda n: file_objection(server.base, form_path, evidence, n), range(1, TOTAL + 1)))
        wall = time.perf_counter() - started
    finally:
        server.stop()
    rows = int(django_shell(env, COUNT)) - before
    receipts = [value for outcome, _, value in results if outcome == "receipt"]
    busy = sum(1 for outcome, _, _ in results if outcome == "busy")
    errors = [value for outcome, _, value in results if outcome == "error"]
    seconds = [s for _, s, _ in results]
    vendor = "postgresql" if DATABASE_URL else "sqlite"
    print(
        f"\n[bench] burst {vendor} {TOTAL} objections × {FILE_MB:g} MB, {CONCURRENCY} at a time, {WORKERS} workers: "
        f"rows={rows} unique receipts={len(set(receipts))} busy={busy} errors={len(errors)} {sorted(set(errors))} "
        f"POST p50={statistics.median(seconds):.2f} s p95={pct(seconds, 0.95):.2f} s "
        f"throughput={TOTAL / wall:.1f}/s wall={wall:.0f} s load average {os.getloadavg()[0]:.1f} run {uuid.uuid4().hex[:6]}"
    )
    assert not errors, errors
