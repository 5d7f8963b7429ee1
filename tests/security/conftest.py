"""Fixtures for the security tests: an open round, an open 公示 and a POST that runs on-commit work."""

from tests.fixtures import open_publicity, open_round, post  # noqa: F401  (fixtures, found by name)
