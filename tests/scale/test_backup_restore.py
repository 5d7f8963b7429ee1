"""Data safety (issue 15): the documented backup (site/deploy/backup.sh: pg_dump + the two media folders) restores
with site/deploy/restore.sh into a fresh PostgreSQL database and empty folders, with every submission, file
reference, file and page revision intact. Runs on the PostgreSQL pass; needs pg_dump, pg_restore and psql."""

import hashlib
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests import factories
from tests.scale import postgres

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "site" / "deploy"

# Rows compared column by column, not only counted.
COMPARED_TABLES = [
    "submissions_application",
    "submissions_objection",
    "submissions_changereport",
    "submissions_attachment",
    "submissions_statuschange",
    "wagtailcore_page",
    "wagtailcore_revision",
    "wagtaildocs_document",
]

pytestmark = [
    pytest.mark.django_db(transaction=True),  # committed, so pg_dump (another connection) sees the rows
    pytest.mark.skipif(not postgres.server_url(), reason=postgres.SKIP_WITHOUT_POSTGRESQL),
]


def run(script: str, *args, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(DEPLOY / script), *map(str, args)], env=env, capture_output=True, text=True, timeout=120)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def site_with_history(world):
    """Submissions of every kind with their files, a public document and a page with three revisions."""
    center = factories.center(world.home, title="赣江数字化转型促进中心")
    factories.change_report(center)
    factories.document()
    notice = factories.policy_notice(world.home, title="数据安全演练通知")
    for title in ("数据安全演练通知（修订）", "数据安全演练通知（定稿）"):
        notice.title = title
        notice.save_revision().publish()
    return world


def test_a_dump_restores_into_a_fresh_database_with_every_submission_file_and_revision(site_with_history, tmp_path):
    problem = postgres.missing_tools("pg_dump", "pg_restore", "psql")
    if problem:
        pytest.skip(problem)
    source = postgres.url_from_settings(connection.settings_dict)
    media, private = Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)
    environment = {"PATH": "/usr/bin:/bin:/usr/local/bin", "LANG": "C.UTF-8"}

    backup = run(
        "backup.sh",
        tmp_path / "backups",
        env={**environment, "DATABASE_URL": source, "MEDIA_ROOT": str(media), "PRIVATE_MEDIA_ROOT": str(private)},
    )
    assert backup.returncode == 0, backup.stderr
    folder = Path(backup.stdout.strip().splitlines()[-1])
    assert {p.name for p in folder.iterdir()} == {"database.dump", "media.tar.gz", "private-media.tar.gz", "SHA256SUMS"}

    with postgres.fresh_database(postgres.server_url(), "dtpc_restore") as name:
        target = postgres.url_for(postgres.server_url(), name)
        restored_media, restored_private = tmp_path / "restored" / "media", tmp_path / "restored" / "private"
        target_env = {
            **environment,
            "DATABASE_URL": target,
            "MEDIA_ROOT": str(restored_media),
            "PRIVATE_MEDIA_ROOT": str(restored_private),
        }
        restore = run("restore.sh", folder, env=target_env)
        assert restore.returncode == 0, restore.stderr
        # The planner has statistics at once (a dump carries none, and autovacuum may be off).
        analysed = "SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables WHERE relname = 'wagtailcore_page'"
        assert postgres.rows(target, analysed) == [(True,)]

        # Every table, with as many rows; the submissions and revisions themselves, column by column.
        counts = postgres.table_counts(source)
        assert postgres.table_counts(target) == counts
        assert counts["submissions_application"] >= 4 and counts["submissions_objection"] >= 1
        assert counts["submissions_changereport"] >= 1 and counts["submissions_attachment"] >= 3
        assert counts["wagtailcore_revision"] >= 3
        for table in COMPARED_TABLES:
            query = f"SELECT * FROM {table} ORDER BY id"  # noqa: S608 - our own table names
            assert postgres.rows(target, query) == postgres.rows(source, query), table

        receipts = "SELECT receipt_number FROM submissions_application WHERE receipt_number IS NOT NULL ORDER BY 1"
        assert site_with_history.app_a.receipt_number in {r for (r,) in postgres.rows(target, receipts)}
        titles = postgres.rows(
            target,
            "SELECT content->>'title' FROM wagtailcore_revision r JOIN wagtailcore_page p "
            "ON r.object_id = p.id::text WHERE p.title = %s ORDER BY r.id",
            ("数据安全演练通知（定稿）",),
        )
        assert [t for (t,) in titles][-2:] == ["数据安全演练通知（修订）", "数据安全演练通知（定稿）"]

        # Every file a row names is back, with the same bytes.
        attachments = postgres.rows(target, "SELECT file FROM submissions_attachment")
        documents = postgres.rows(target, "SELECT file FROM wagtaildocs_document")
        assert attachments and documents
        for (name,) in attachments:
            assert digest(restored_private / name) == digest(private / name), name
        for (name,) in documents:
            assert digest(restored_media / name) == digest(media / name), name

        # Restoring twice into the same database (or over a site's files) is refused, not mixed.
        again = run("restore.sh", folder, env=target_env)
        assert again.returncode != 0 and "already has" in again.stderr
        assert postgres.table_counts(target) == counts
