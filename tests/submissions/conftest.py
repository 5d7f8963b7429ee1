"""Fixtures for the public side of submissions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.fixtures import open_publicity, open_round, post  # noqa: F401  (fixtures, found by name)


@pytest.fixture
def evaluation(site_tree):
    """The yearly evaluation's world: an open round, centers of two city bureaus and an industry center."""
    return factories.EvaluationWorld(site_tree)


@pytest.fixture
def writes_around_receipt():
    """Capture a submission's statements; `.split()` then gives the submissions tables written before its
    receipt counter was taken and after. The counter row stays locked from its UPDATE to the commit, so
    everything slow (the files) must be written before it, and submissions sent together queue only over
    the end. (The year's first number writes the counter three times: the last one counts.)"""

    class Capture(CaptureQueriesContext):
        def split(self) -> tuple[list[str], list[str]]:
            written = [
                query["sql"].split('"')[1]
                for query in self.captured_queries
                if query["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
            ]
            written = [table for table in written if table.startswith("submissions_")]
            taken = max(i for i, table in enumerate(written) if table == "submissions_receiptcounter")
            return [t for t in written[:taken] if t != "submissions_receiptcounter"], written[taken + 1 :]

    return Capture(connection)
