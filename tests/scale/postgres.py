"""PostgreSQL helpers for the scale-out tests: the server the suite runs on (DATABASE_URL), fresh
databases on it, and plain queries through psycopg (outside Django's connections)."""

import os
import secrets
import shutil
from contextlib import contextmanager
from urllib.parse import quote, urlsplit

import psycopg
from psycopg import sql

SKIP_WITHOUT_POSTGRESQL = (
    "runs on the PostgreSQL pass of the suite: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db> (.ci/run does)"
)


def server_url() -> str:
    """The suite's PostgreSQL server as a URL without a database name, or "" when the suite runs on SQLite."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return ""
    return urlsplit(url)._replace(path="", query="").geturl()


def url_for(server: str, name: str) -> str:
    return f"{server}/{quote(name)}"


def url_from_settings(settings_dict: dict) -> str:
    """A postgres:// URL for a Django DATABASES entry (the test database pytest-django made)."""
    user = quote(settings_dict.get("USER") or "")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password)}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{quote(settings_dict['NAME'])}"


def unreachable(server: str) -> str:
    try:
        with psycopg.connect(url_for(server, "postgres"), connect_timeout=3):
            return ""
    except psycopg.Error as error:
        return f"PostgreSQL at {server} is not reachable: {error}"


def missing_tools(*names: str) -> str:
    missing = [name for name in names if shutil.which(name) is None]
    return f"{', '.join(missing)} not installed (apt-get install postgresql-client)" if missing else ""


@contextmanager
def fresh_database(server: str, prefix: str):
    """A new, empty database on `server`, dropped afterwards (with any connection left to it)."""
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(url_for(server, "postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with psycopg.connect(url_for(server, "postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def rows(url: str, query: str, params=()) -> list[tuple]:
    with psycopg.connect(url) as connection:
        return connection.execute(query, params).fetchall()


def table_counts(url: str) -> dict[str, int]:
    """Every table of the public schema and its number of rows."""
    with psycopg.connect(url) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {
            table: connection.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))).fetchone()[0]
            for table in tables
        }
