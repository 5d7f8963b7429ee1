"""Fixtures for the public side of submissions."""

import pytest

from tests import factories
from tests.fixtures import open_publicity, open_round, post  # noqa: F401  (fixtures, found by name)


@pytest.fixture
def evaluation(site_tree):
    """The yearly evaluation's world: an open round, centers of two city bureaus and an industry center."""
    return factories.EvaluationWorld(site_tree)
