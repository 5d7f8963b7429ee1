"""Files a crash cannot orphan: a submission's files wait in staging until its transaction commits, big
uploads leave no named temporary file, and `clean_orphan_files` finds (and with --delete removes) what a
killed worker left behind."""

import datetime as dt
import os
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from directory.importing import uploads
from submissions import files, services
from submissions.files import EVIDENCE, check_upload
from submissions.models import Attachment, Objection
from tests import factories
from tests.factories import objection_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_storage_of_its_own(tmp_path, monkeypatch):
    """The private storage in a folder of this test's own, so other tests' files are not counted."""
    storage = storages["private"]
    for attribute in ("base_location", "location"):
        monkeypatch.setattr(storage, attribute, str(tmp_path / "private"))


def stored_names():
    storage = storages["private"]
    return set(files._walk(storage)) if storage.exists("") else set()


def age(name: str, hours: float) -> None:
    path = storages["private"].path(name)
    then = (timezone.now() - dt.timedelta(hours=hours)).timestamp()
    os.utime(path, (then, then))


def orphan_command(*args) -> str:
    out = StringIO()
    call_command("clean_orphan_files", *args, stdout=out)
    return out.getvalue()


def objection(open_publicity, *, execute: bool, capture):
    data = objection_data(open_publicity)
    data["entries"] = list(open_publicity.entries.all()[:1])
    with capture(execute=execute) as callbacks:
        receipt = services.objection_create(
            notice=open_publicity,
            data=data,
            files=[check_upload(factories.png(), EVIDENCE)],
            at=timezone.now(),
            language="zh-hans",
        )
    return receipt.submission.attachments.get(), callbacks


def test_a_file_waits_in_staging_until_the_transaction_commits(open_publicity, django_capture_on_commit_callbacks):
    before = stored_names()
    attachment, callbacks = objection(open_publicity, execute=False, capture=django_capture_on_commit_callbacks)
    storage = storages["private"]
    assert attachment.file.name.startswith("submissions/")
    assert stored_names() - before == {files.STAGING + attachment.file.name}
    # Between the commit and the move the submitter and staff are still served the file.
    with files.open_stored(attachment.file.name) as handle:
        assert handle.read() == factories.PNG_BYTES
    for callback in callbacks:
        callback()
    assert stored_names() - before == {attachment.file.name}
    assert storage.open(attachment.file.name).read() == factories.PNG_BYTES


def test_the_command_lists_old_orphans_and_removes_them_only_with_delete(
    open_publicity, django_capture_on_commit_callbacks
):
    storage = storages["private"]
    kept, _ = objection(open_publicity, execute=True, capture=django_capture_on_commit_callbacks)
    staged_orphan = storage.save("staging/submissions/2025/01/crashed.png", ContentFile(b"x"))
    loose_orphan = storage.save("submissions/2025/01/no-row.pdf", ContentFile(b"x"))
    young_orphan = storage.save("staging/submissions/2025/01/in-progress.png", ContentFile(b"x"))
    for name in (kept.file.name, staged_orphan, loose_orphan):
        age(name, 30)
    age(young_orphan, 2)

    dry = orphan_command()
    assert staged_orphan in dry and loose_orphan in dry
    assert young_orphan not in dry and kept.file.name not in dry
    assert "2 orphan file(s)" in dry and "--delete" in dry
    assert {staged_orphan, loose_orphan, young_orphan} <= stored_names()

    done = orphan_command("--delete")
    assert "2 orphan file(s) older than 24 h removed" in done
    names = stored_names()
    assert staged_orphan not in names and loose_orphan not in names
    assert young_orphan in names and kept.file.name in names
    assert "1 orphan" in orphan_command("--older-than-hours", "1", "--delete")
    assert young_orphan not in stored_names()
    assert Attachment.objects.get() == kept


def test_the_command_finishes_a_move_cut_short_after_the_commit(open_publicity, django_capture_on_commit_callbacks):
    attachment, _callbacks = objection(open_publicity, execute=False, capture=django_capture_on_commit_callbacks)
    staged = files.STAGING + attachment.file.name
    age(staged, 30)
    assert "staged, row committed: " + staged in orphan_command()
    assert staged in stored_names()
    orphan_command("--delete")
    assert attachment.file.name in stored_names() and staged not in stored_names()
    assert Objection.objects.get().attachments.get() == attachment


def test_a_big_upload_leaves_no_named_temporary_file(settings, tmp_path):
    """Django's default handler spools uploads over FILE_UPLOAD_MAX_MEMORY_SIZE to a named file that a
    killed worker leaves behind; ours has no name in the file system while it is being received."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "uploads")
    (tmp_path / "uploads").mkdir()
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    seen = []
    handler = files.UnnamedTemporaryFileUploadHandler()
    handler.new_file("evidence", "big.pdf", "application/pdf", 4096, None)
    handler.receive_data_chunk(b"%PDF-1.4\n" + b"0" * 4000, 0)
    seen.append(os.listdir(tmp_path / "uploads"))
    upload = handler.file_complete(4009)
    assert seen == [[]]
    assert upload.size == 4009 and upload.read(8) == b"%PDF-1.4"
    assert not hasattr(upload, "temporary_file_path")
    upload.close()
    assert os.listdir(tmp_path / "uploads") == []
    assert "submissions.files.UnnamedTemporaryFileUploadHandler" in settings.FILE_UPLOAD_HANDLERS


def test_a_directory_import_never_confirmed_is_removed_a_day_later(db):
    """The province's spreadsheet waits in private storage between preview and confirmation; an editor who
    never confirms leaves it to the daily `clean_orphan_files --delete`, not kept for ever."""
    fresh, forgotten = uploads.upload_keep(b"fresh"), uploads.upload_keep(b"forgotten")
    age(f"{uploads.FOLDER}/{forgotten}", hours=25)
    orphan_command("--delete")
    assert uploads.upload_read(fresh) == b"fresh"
    with pytest.raises(FileNotFoundError):
        uploads.upload_read(forgotten)
