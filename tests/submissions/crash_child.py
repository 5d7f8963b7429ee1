"""A worker, as a separate process, for test_crash_mid_submission: run against the database named by
DATABASE_URL and a private storage folder given on the command line.

    python tests/submissions/crash_child.py crash <private folder> <notice id>   # killed mid-transaction
    python tests/submissions/crash_child.py after <private folder> <notice id>   # state, next receipt, sweep

`crash` files an objection with one evidence file and, inside the submission's transaction right after
the file is staged (its receipt number already drawn), kills its own process with os._exit(9): no
exception, no clean-up, as when the OOM killer or a deploy ends a worker. `after` prints, as JSON, what a
person or an operator would find afterwards.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.core.files.storage import storages  # noqa: E402
from django.utils import timezone  # noqa: E402

from notices.models import PublicityNotice  # noqa: E402
from submissions import files, services  # noqa: E402
from submissions.models import Attachment, Objection, ReceiptCounter  # noqa: E402
from tests.factories.files import png  # noqa: E402


def objection(notice, name):
    return services.objection_create(
        notice=notice,
        data={
            "real_name": name,
            "unit": "",
            "phone": "13912345678",
            "email": "crash@example.com",
            "entries": list(notice.entries.all()[:1]),
            "facts_and_reasons": "事实与理由。",
            "consent_to_contact": True,
        },
        files=[files.check_upload(png(), files.EVIDENCE)],
        at=timezone.now(),
        language="zh-hans",
    )


def main(mode, private, notice_id):
    storage = storages["private"]
    storage.base_location = storage.location = private
    notice = PublicityNotice.objects.get(pk=notice_id)
    if mode == "crash":
        attach = files.StoredFiles.attach

        def attach_then_die(self, *args, **kwargs):
            attachment = attach(self, *args, **kwargs)
            print(json.dumps({"staged": self.staged}), flush=True)
            os._exit(9)
            return attachment  # pragma: no cover

        files.StoredFiles.attach = attach_then_die
        objection(notice, "崩溃")
        raise AssertionError("the worker should have died inside the transaction")
    state = {
        "objections": list(Objection.objects.values_list("receipt_number", flat=True)),
        "attachments": list(Attachment.objects.values_list("file", flat=True)),
        "counters": list(ReceiptCounter.objects.values_list("kind", "last_number")),
        "files_before_sweep": sorted(files._walk(storage)),
    }
    state["next_receipt"] = objection(notice, "之后").receipt_number
    # What an operator's daily run finds a day later.
    sweep = files.sweep_private_storage(
        older_than=dt.timedelta(0), now=timezone.now() + dt.timedelta(days=1), delete=True
    )
    state["swept"] = sweep.orphans
    state["files_after_sweep"] = sorted(files._walk(storage))
    state["attachments_after"] = list(Attachment.objects.values_list("file", flat=True))
    print(json.dumps(state), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
