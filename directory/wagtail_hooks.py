"""Registration only. The lifecycle desk registers itself in `directory.lifecycle_hooks`."""

from wagtail.snippets.models import register_snippet

from directory import lifecycle_hooks  # noqa: F401
from directory.views import DirectoryViewSetGroup

register_snippet(DirectoryViewSetGroup)
