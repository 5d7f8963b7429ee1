"""Registration only. The lifecycle desk registers itself in `directory.lifecycle_hooks`."""

from directory import lifecycle_hooks  # noqa: F401
