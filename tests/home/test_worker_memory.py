"""A worker that only serves pages never loads pypinyin's dictionaries (~56 MB a process): pinyin is needed
only when writing (home/pinyin.py). A module importing pypinyin at its top would load them in every worker."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SERVE_PAGES = """
import sys
from django.test import Client
from django.urls import get_resolver
from wagtail import hooks
import config.wsgi  # what gunicorn imports
get_resolver().url_patterns  # every URLconf, view and the apps' hooks
hooks.search_for_hooks()
for path in ("/", "/centers/?q=ganzhou", "/search/?q=稀土"):
    Client(raise_request_exception=False).get(path)  # no tables here: the views' imports and the query's words are what count
print("pypinyin" in sys.modules)
"""


def test_serving_pages_does_not_load_pypinyin(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": f"{ROOT / 'site'}:{ROOT}",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    out = subprocess.run(
        [sys.executable, "-c", SERVE_PAGES], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.stdout.strip().splitlines()[-1:] == ["False"], out.stderr[-2000:]


def test_writing_loads_it_and_gives_pinyin():
    from home.pinyin import syllables

    assert syllables("赣州") == ["gan", "zhou"]
    assert syllables("赣州", initials=True) == ["g", "z"]
    assert syllables("抚州", tones=True) == ["fu3", "zhou1"]
