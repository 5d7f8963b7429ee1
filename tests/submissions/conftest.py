"""Fixtures for the public side of submissions."""

import pytest

from tests.submissions import factories


@pytest.fixture
def home(site_tree):
    return site_tree["home"]


@pytest.fixture
def open_publicity(home):
    return factories.publicity_notice(home)


@pytest.fixture
def open_round(home):
    factories.area()
    factories.industry()
    return factories.application_notice(home)


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """POST as a browser would, running on-commit work (the emails) as a real request would."""

    def _post(url, data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **kwargs)

    return _post
