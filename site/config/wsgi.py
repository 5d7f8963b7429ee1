"""WSGI entry point. `gunicorn --pythonpath site config.wsgi` also works."""

import gc
import os
import sys
from pathlib import Path

SITE_DIR = Path(__file__).resolve().parent.parent
if str(SITE_DIR) not in sys.path:
    sys.path.insert(0, str(SITE_DIR))
if str(SITE_DIR.parent) not in sys.path:
    sys.path.insert(1, str(SITE_DIR.parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from home.cache import release  # noqa: E402

release()  # the page cache's release digest (~15 ms), worked out now rather than in the first request

# What is loaded by now (Django, Wagtail, the apps, OpenCC's tables: ~140,000 objects) lives as long as the
# worker. Frozen, the garbage collector's full passes skip it: otherwise each pass walked all of it, inside
# whichever request triggered it (~90 ms when pypinyin's dictionaries were loaded at start too: the slowest
# searches' tail in tests/bench/test_search_ranking_bench.py).
gc.freeze()
