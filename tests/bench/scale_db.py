"""Build a database at benchmark scale once, and keep it: migrate, load_demo, the judged search corpus
(tests/factories/search_corpus.py), then generate_bulk. The search and page benchmarks reuse it when
BENCH_DATABASE_URL names it, instead of generating 10,000 centers on every run.

    DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 .venv/bin/python -m tests.bench.scale_db
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_10k .venv/bin/python -m tests.bench.scale_db
    BENCH_CENTERS=2000 BENCH_NOTICES=5000 BENCH_EVENTS=400 DATABASE_URL=… .venv/bin/python -m tests.bench.scale_db

then e.g. `BENCH_DATABASE_URL=sqlite:////tmp/bench-10k.sqlite3 make bench PYTEST_ARGS="-k judged"`.
A PostgreSQL database is created when missing. Safe to stop: run it again on a fresh database name.
"""

import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CENTERS = int(os.environ.get("BENCH_CENTERS", "10000"))
NOTICES = int(os.environ.get("BENCH_NOTICES", "50000"))
EVENTS = int(os.environ.get("BENCH_EVENTS", "2000"))


def ensure_postgres_database(url: str) -> None:
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    admin = psycopg.connect(
        host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"], dbname="postgres", autocommit=True
    )
    with admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


def main() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("Set DATABASE_URL to the database to build (a new SQLite file or PostgreSQL database name).")
    if url.startswith("postgres"):
        ensure_postgres_database(url)
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from wagtail.models import Site

    from tests.factories import search_corpus

    started = time.perf_counter()
    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    search_corpus.build(Site.objects.get(is_default_site=True).root_page.specific)
    print(f"demo + corpus: {time.perf_counter() - started:.0f} s", flush=True)
    started = time.perf_counter()
    call_command("generate_bulk", centers=CENTERS, notices=NOTICES, events=EVENTS, stdout=io.StringIO())
    print(f"generate_bulk {CENTERS} centers, {NOTICES} notices, {EVENTS} events: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
