"""Fixtures for tests that fill the public forms: an open 公示, an open application round and a POST that
runs on-commit work. tests/submissions and tests/security import them into their conftests, where pytest
finds fixtures by name."""

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
