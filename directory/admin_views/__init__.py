"""The directory's Wagtail admin: the lifecycle desk (Art. 15–17) and the revocations viewset.
Registered in `directory/wagtail_hooks.py`."""
