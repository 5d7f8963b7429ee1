"""A deadline burst of objections through gunicorn (issue 13): BENCH_BURST_TOTAL objections (default 300),
each with a BENCH_BURST_FILE_MB evidence PDF (default 1 MB), BENCH_BURST_CONCURRENCY at a time (default
50), against 4 sync workers with production settings (the CAPTCHA in test mode: tests/bench/burst_settings.py;
each simulated visitor has its own address through X-Real-IP, so the per-client limit applies per visitor).

    BENCH_BURST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/burst_bench make bench PYTEST_ARGS="-k burst"
    BENCH_BURST_TOTAL=60 BENCH_BURST_CONCURRENCY=10 make bench PYTEST_ARGS="-k burst"     # SQLite

It builds its own database (a SQLite file in a temporary folder, or the PostgreSQL database named, created
when missing and emptied first), migrates and loads the demo, then prints: rows stored, unique receipts,
"busy, try again" answers (503), errors (anything else), p50/p95 of a POST and objections per second, and
the CPU time per objection of the workers, the PostgreSQL backends and the client (from /proc).

The receipt email is queued in the database (TASKS_BACKEND=django_tasks_db.DatabaseBackend, as deployed);
no db_worker runs during the burst. The client is light, since a real burst comes from other machines and
this one runs on the same cores: each of the CONCURRENCY threads, per visitor, GETs the form with
http.client, then sends the POST as three pieces (the fields with a fixed boundary, the evidence's bytes —
one object shared by every visitor — and the closing line) and follows the redirect to the receipt page.
The time is from sending the POST to the receipt page's last byte; objections/s is TOTAL over the whole
run (every GET included).

Targets on PostgreSQL: 300 rows, 300 unique receipts, 0 errors, p95 ≤ 2 s, ≥ 30/s. On SQLite: every answer
a receipt or a "busy" page, never a 500."""

import http.client
import os
import re
import statistics
import subprocess
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

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


def cpu_seconds(pids) -> dict[int, float]:
    """CPU time (user + system) each process has used so far, from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / tick
    return used


def database_backends(name: str) -> list[int]:
    """The PostgreSQL server processes serving connections to database `name` (their title names it)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres:") and f" {name} " in title:
                pids.append(int(entry.name))
    return pids


def dj_database_name(url: str) -> str:
    import dj_database_url

    return dj_database_url.parse(url)["NAME"] if url else ""


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


BOUNDARY = "burst-bench-7d3f9a1c"


def multipart(fields: dict, *, name: str, filename: str, content_type: str, content: bytes) -> list[bytes]:
    """A multipart/form-data body (BOUNDARY) as three pieces sent one after the other: the fields and the
    file's header, the file's bytes (the same object for every visitor, never copied), the closing line."""
    head = "".join(
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in fields.items()
    )
    head += (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
        f"Content-Type: {content_type}\r\n\r\n"
    )
    return [head.encode(), content, f"\r\n--{BOUNDARY}--\r\n".encode()]


def exchange(port: int, method: str, path: str, headers: dict, cookies: dict, body: list[bytes] | None = None):
    """One request on its own connection (gunicorn's sync workers close each one): (status, Location, text);
    the cookies it sets are added to `cookies`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        headers = {**headers, **({"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {})}
        if body is not None:
            headers["Content-Length"] = str(sum(len(piece) for piece in body))
        for key, value in headers.items():
            connection.putheader(key, value)
        connection.endheaders()
        for piece in body or ():
            connection.send(piece)
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        for header in response.headers.get_all("Set-Cookie") or ():
            cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        return response.status, response.getheader("Location") or "", text
    finally:
        connection.close()


def file_objection(port: int, form_path: str, evidence: bytes, number: int) -> tuple[str, float, str]:
    """One visitor: GET the form, then POST it with the evidence and follow the redirect to the receipt page,
    as a browser does. ('receipt' | 'busy' | 'error', seconds from sending the POST to the receipt page's last
    byte, receipt number or the status)."""
    headers = {
        "Host": f"127.0.0.1:{port}",
        "X-Real-IP": f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}",
    }
    cookies: dict = {}
    status, _, html = exchange(port, "GET", form_path, headers, cookies)
    entry = re.search(r'name="entries"[^>]*value="(\d+)"', html) or re.search(r'value="(\d+)"[^>]*name="entries"', html)
    fields = {
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
    body = multipart(
        fields, name="evidence", filename=f"证据{number}.pdf", content_type="application/pdf", content=evidence
    )
    post_headers = {
        **headers,
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
        "Referer": f"http://127.0.0.1:{port}{form_path}",
    }
    started = time.perf_counter()
    status, location, text = exchange(port, "POST", form_path, post_headers, cookies, body)
    if status == 302 and location:
        status, _, text = exchange(port, "GET", urlsplit(location).path, headers, cookies)
    seconds = time.perf_counter() - started
    found = re.search(r'id="receipt-number">([^<]+)<', text)
    if status == 200 and found:
        return "receipt", seconds, found.group(1)
    if status == 503:
        return "busy", seconds, "503"
    return "error", seconds, f"{status}"


@pytest.mark.skipif(not Path(GUNICORN).exists(), reason="gunicorn is not installed")
def test_objection_burst(tmp_path):
    env = environment(tmp_path, cache=True)
    env["DJANGO_SETTINGS_MODULE"] = "tests.bench.burst_settings"
    env["CLIENT_IP_META_KEY"] = "HTTP_X_REAL_IP"
    # As deployed (README, "Background work"): the receipt email is queued in the database for `db_worker`,
    # not sent by the worker answering the POST (the immediate default tried an SMTP server on port 25).
    env["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
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
    database = dj_database_name(DATABASE_URL)
    try:
        workers_before = cpu_seconds(server.workers())
        backends_before = cpu_seconds(database_backends(database)) if database else {}
        client_before = time.process_time()
        started = time.perf_counter()
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            results = list(pool.map(lambda n: file_objection(server.port, form_path, evidence, n), range(1, TOTAL + 1)))
        wall = time.perf_counter() - started
        client_cpu = time.process_time() - client_before
        workers_after = cpu_seconds(server.workers())
        workers_cpu = sum(workers_after.values()) - sum(workers_before.get(pid, 0) for pid in workers_after)
        backends_after = cpu_seconds(database_backends(database)) if database else {}
        database_cpu = sum(backends_after.values()) - sum(backends_before.get(pid, 0) for pid in backends_after)
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
        f"\n[bench] CPU per objection (GET + POST): workers {1000 * workers_cpu / TOTAL:.0f} ms, "
        + (f"PostgreSQL backends {1000 * database_cpu / TOTAL:.0f} ms, " if database else "")
        + f"client {1000 * client_cpu / TOTAL:.0f} ms (the {os.cpu_count()} cores gave {1000 * os.cpu_count() * wall / TOTAL:.0f} ms per objection)"
    )
    assert not errors, errors
