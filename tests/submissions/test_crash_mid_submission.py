"""Keep it found (issue 14): a worker killed inside the submission transaction leaves no row, no file
outside staging (and the staged file is swept by the orphan command), and no receipt number a person
was given goes missing: the next submission gets the number after the last one issued.

The worker is a real process (tests/submissions/crash_child.py) that dies with os._exit(9) right after
its evidence file is staged, on a file-based SQLite copy of the test database, or on the PostgreSQL test
database when DATABASE_URL is set."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from submissions import files, services
from tests import factories

CHILD = Path(__file__).with_name("crash_child.py")


def database_url(tmp_path) -> str:
    """A URL the child can open holding what this test wrote: a file copy of the SQLite test database,
    or the PostgreSQL test database itself."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        import sqlite3

        path = tmp_path / "db.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{path}"
    return "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**{**settings, "PORT": settings["PORT"] or 5432})


def run_child(mode, url, private, notice_id, **kwargs):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    return subprocess.run(
        [sys.executable, str(CHILD), mode, str(private), str(notice_id)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_inside_the_submission_transaction_leaves_nothing_behind(site_tree, tmp_path, monkeypatch):
    from django.core.files.storage import storages

    private = tmp_path / "private"
    storage = storages["private"]
    for attribute in ("base_location", "location"):
        monkeypatch.setattr(storage, attribute, str(private))
    notice = factories.publicity_notice(site_tree["home"])
    data = {
        "real_name": "之前",
        "unit": "",
        "phone": "13912345678",
        "email": "before@example.com",
        "entries": list(notice.entries.all()[:1]),
        "facts_and_reasons": "事实与理由。",
        "consent_to_contact": True,
    }
    first = services.objection_create(
        notice=notice,
        data=data,
        files=[files.check_upload(factories.png(), files.EVIDENCE)],
        at=timezone.now(),
        language="zh-hans",
    )
    kept_file = first.submission.attachments.get().file.name
    url = database_url(tmp_path)

    crashed = run_child("crash", url, private, notice.pk)
    assert crashed.returncode == 9, crashed.stderr[-3000:]
    staged = json.loads(crashed.stdout.strip().splitlines()[-1])["staged"]
    assert len(staged) == 1 and staged[0].startswith(files.STAGING)

    after = run_child("after", url, private, notice.pk)
    assert after.returncode == 0, after.stderr[-3000:]
    state = json.loads(after.stdout.strip().splitlines()[-1])
    # No row: only the objection filed before the crash, and only its file.
    assert state["objections"] == [first.receipt_number]
    assert state["attachments"] == [kept_file]
    # No file outside staging: the crashed worker's file is only where the sweep looks for it.
    assert set(state["files_before_sweep"]) == {kept_file, *staged}
    # No gap a person would see: the next number follows the last one issued.
    prefix, year, number = first.receipt_number.rsplit("-", 2)[0], *first.receipt_number.rsplit("-", 2)[1:]
    assert state["next_receipt"] == f"{prefix}-{year}-{int(number) + 1:06d}"
    # The operator's sweep removes the staged orphan and nothing that a row names.
    assert state["swept"] == staged
    assert set(state["files_after_sweep"]) == set(state["attachments_after"])
    assert kept_file in state["files_after_sweep"] and len(state["files_after_sweep"]) == 2
