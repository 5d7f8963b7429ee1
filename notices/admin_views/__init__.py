"""Admin screens of the notices app (registered in `notices/wagtail_hooks.py`)."""
