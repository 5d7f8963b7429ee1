"""Page throughput through gunicorn (2 sync workers, production settings, SQLite) measured with `wrk` on
127.0.0.1: the static-file ceiling, then the public pages, each as req/s, % of the ceiling and median
latency, with the page cache on (anonymous visitors, home/cache.py) and off; and the peak RSS of a worker.

    make bench PYTEST_ARGS="-k page_throughput"                    # demo content
    BENCH_PAGE_CENTERS=10000 BENCH_PAGE_NOTICES=50000 make bench PYTEST_ARGS="-k page_throughput"
    BENCH_DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 make bench PYTEST_ARGS="-k page_throughput"  # a kept copy

It builds its own database in a temporary folder (migrate, load_demo, then generate_bulk when asked) and
never touches db.sqlite3. Bounded: BENCH_PAGE_SECONDS (default 5) per address, 16 connections, 2 threads (uncached, then
again with 2 connections: the time a page takes without waiting behind others; the searches once more with no
search's answer kept, as the first visitor to ask for those words meets them); loopback only. Skips with a reason when `wrk` is missing (Debian: apt-get install wrk)."""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))
SECONDS = int(os.environ.get("BENCH_PAGE_SECONDS", "5"))
CENTERS = int(os.environ.get("BENCH_PAGE_CENTERS", "0"))
NOTICES = int(os.environ.get("BENCH_PAGE_NOTICES", "0"))
EVENTS = int(os.environ.get("BENCH_PAGE_EVENTS", str(CENTERS // 20)))
WRK = shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(tmp: Path, *, cache: bool, keep_searches: bool = True) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}",
        "SECRET_KEY": secrets.token_hex(32),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "off",
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(tmp / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "PAGE_CACHE": "on" if cache else "off",
        "PAGE_CACHE_GENERATION_FILE": str(tmp / "page-cache-generation"),
        "DEMO_PASSWORD": os.environ.get("DEMO_PASSWORD", "bench-" + secrets.token_hex(6)),
        "LOG_LEVEL": "WARNING",
    }
    if not keep_searches:
        env["PAGE_MEMO_RECENT_WEIGHT"] = "0"
    env.pop("REDIS_URL", None)
    return env


def manage(env, *args):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


KEPT_DATABASE = os.environ.get("BENCH_DATABASE_URL", "")


def build_site(tmp: Path) -> dict:
    env = environment(tmp, cache=False)
    if KEPT_DATABASE.startswith("sqlite:///"):
        # A database tests/bench/scale_db.py built once: copied, so the bench never writes to it.
        shutil.copy(KEPT_DATABASE.removeprefix("sqlite://"), tmp / "bench.sqlite3")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_demo")
    if (CENTERS or NOTICES) and not KEPT_DATABASE:
        manage(env, "generate_bulk", f"--centers={CENTERS}", f"--notices={NOTICES}", f"--events={EVENTS}")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return {"static": "/static/" + manifest["paths"]["css/site.css"]}


def addresses(base: str, static: str) -> list[tuple[str, str]]:
    """The pages of the issue; the detail pages are the first ones the listings link to."""

    def first_link(listing: str, prefix: str) -> str:
        html = urllib.request.urlopen(base + listing, timeout=30).read().decode()
        found = re.findall(rf'href="({re.escape(prefix)}[^"?#]+/)"', html)
        # Not the listing itself, nor its RSS feed (/notices/feed/ comes first on the notices listing: the
        # "a 公示" row measured the feed until 2026-11-30 16:10).
        return next(link for link in found if link.rstrip("/") != prefix.rstrip("/") and not link.endswith("/feed/"))

    return [
        ("static file (ceiling)", static),
        ("home", "/"),
        ("directory", "/centers/"),
        ("directory ?q=数字化", "/centers/?q=%E6%95%B0%E5%AD%97%E5%8C%96"),
        ("a center", first_link("/centers/", "/centers/")),
        ("notices", "/notices/"),
        ("a 公示", first_link("/notices/?type=publicity", "/notices/")),
        ("events", "/events/"),
        ("site search ?q=转型", "/search/?q=%E8%BD%AC%E5%9E%8B"),
    ]


class Server:
    def __init__(self, env, *, workers: int = 2):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [GUNICORN, "config.wsgi", "-w", str(workers), "-b", f"127.0.0.1:{self.port}", "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        for _ in range(120):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz within a minute")

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []

    def peak_rss_mb(self) -> float:
        peaks = []
        for pid in self.workers():
            status = Path(f"/proc/{pid}/status").read_text()
            match = re.search(r"VmHWM:\s+(\d+) kB", status)
            if match:
                peaks.append(int(match.group(1)) / 1024)
        return max(peaks, default=0.0)

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk(url: str, *, connections: int = 16) -> tuple[float, float, int]:
    """(requests/s, median latency in ms, non-2xx/3xx answers) over SECONDS with 16 connections (or
    `connections`)."""
    out = subprocess.run(
        [WRK, "-t2", f"-c{connections}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p50.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, float(p50.group(1)) * scale, int(bad.group(1)) if bad else 0


def run(tmp: Path, paths, *, cache: bool) -> tuple[dict, float]:
    """Each address under 16 connections; uncached, also under 2 (one per worker: no request waits for
    another, so its median is the time a page takes to make, where under 16 it is ~8 times that)."""
    server = Server(environment(tmp, cache=cache))
    try:
        results = {}
        for name, path in paths:
            urllib.request.urlopen(server.base + path, timeout=60).read()  # warm (and fill the cache)
            results[name] = wrk(server.base + path)
            if not cache:
                results[name] += (wrk(server.base + path, connections=2)[1],)
        return results, server.peak_rss_mb()
    finally:
        server.stop()


def words_new(tmp: Path, paths) -> dict:
    """Median ms of each search address under 2 connections when no search's answer is kept
    (PAGE_MEMO_RECENT_WEIGHT=0): what the first visitor to ask for those words after a change waits, where the
    uncached run's figures are those of the visitors after (home.cache.memo_recent)."""
    server = Server(environment(tmp, cache=False, keep_searches=False))
    try:
        results = {}
        for name, path in paths:
            urllib.request.urlopen(server.base + path, timeout=60).read()  # warm the templates
            results[name] = wrk(server.base + path, connections=2)[1]
        return results
    finally:
        server.stop()


@pytest.mark.skipif(WRK is None, reason="wrk is not installed (Debian: apt-get install wrk)")
def test_page_throughput(tmp_path):
    started = time.monotonic()
    site = build_site(tmp_path)
    probe = Server(environment(tmp_path, cache=False))
    try:
        paths = addresses(probe.base, site["static"])
    finally:
        probe.stop()
    uncached, rss_uncached = run(tmp_path, paths, cache=False)
    new_words = words_new(tmp_path, [(name, path) for name, path in paths if "?q=" in path])
    cached, rss_cached = run(tmp_path, paths, cache=True)
    ceiling = cached["static file (ceiling)"][0]
    size = f"demo + {CENTERS} centers, {NOTICES} notices" if CENTERS or NOTICES else "demo content"
    if KEPT_DATABASE:
        size = f"a copy of {KEPT_DATABASE}"
    print(f"\nPage throughput: gunicorn 2 workers, production settings, SQLite, {size}; wrk -t2 -c16 -d{SECONDS}s")
    print(f"load average before: {os.getloadavg()[0]:.2f}; cores: {os.cpu_count()}")
    print(
        f"{'page':<24}{'cached req/s':>14}{'% ceiling':>11}{'p50 ms':>9}{'uncached req/s':>16}{'% ceiling':>11}"
        f"{'p50 ms':>9}{'p50 ms, 2 conn.':>17}{'same, words new':>17}"
    )
    for name, _ in paths:
        c_rps, c_p50, c_bad = cached[name]
        u_rps, u_p50, u_bad, u_alone = uncached[name]
        flag = "  (errors!)" if c_bad or u_bad else ""
        print(
            f"{name:<24}{c_rps:>14.0f}{100 * c_rps / ceiling:>10.1f}%{c_p50:>9.1f}"
            f"{u_rps:>16.0f}{100 * u_rps / ceiling:>10.1f}%{u_p50:>9.1f}{u_alone:>17.1f}"
            + (f"{new_words[name]:>17.1f}" if name in new_words else " " * 17)
            + flag
        )
    print(
        f"peak RSS of a worker: {max(rss_cached, rss_uncached):.0f} MB (cached run {rss_cached:.0f}, uncached {rss_uncached:.0f})"
    )
    print(f"bench wall time: {time.monotonic() - started:.0f} s")
    assert all(figures[2] == 0 for results in (cached, uncached) for figures in results.values())
