"""Every string the project marks for translation has its Chinese translation (issue 16: the admin and the
site in Chinese, no English label left behind). makemessages runs on a copy of each app, so the catalogues in
the repository are compared, never rewritten."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
APPS = ["home", "directory", "notices", "submissions", "site"]

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgattrib") is None,
    reason="needs GNU gettext (apt-get install gettext; .ci/run installs it)",
)


def untranslated(po: Path) -> list[str]:
    """msgids without a msgstr, or marked fuzzy, in `po`."""
    out = []
    for flag in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(po)], capture_output=True, text=True, check=True
        )
        out += [line for line in result.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    return out


@pytest.mark.parametrize("app", APPS)
def test_every_marked_string_has_a_chinese_translation(app, tmp_path, monkeypatch):
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "static"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0, ignore_patterns=["tests/*"])
    missing = untranslated(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
    assert not missing, f"{app}: add these to {app}/locale/zh_Hans/LC_MESSAGES/django.po: {missing}"
