"""Fixtures for the public side of submissions."""

import pytest

from tests import factories


@pytest.fixture
def open_publicity(home):
    return factories.publicity_notice(home, slug="publicity-2025", title="2025年度省级数字化转型促进中心拟认定名单公示")


@pytest.fixture
def open_round(home):
    factories.area()
    factories.industry("rare-earth", "稀土")
    return factories.application_notice(
        home, slug="apply-2025", title="关于组织申报2025年度省级数字化转型促进中心的通知"
    )


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as a browser would, running on-commit work (the emails) as a real request would."""

    def _post(url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return _post


@pytest.fixture
def evaluation(site_tree):
    """The yearly evaluation's world: an open round, centers of two city bureaus and an industry center."""
    return factories.EvaluationWorld(site_tree)
