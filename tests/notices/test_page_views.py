"""The notice list asks for its context and feeds by Wagtail hook name (home/page_views.py): each registered
once, by notices.views; a feed without its view answers 404, the list without its context fails loudly."""

from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

from notices import views
from notices.models import NOTICE_ATOM_FEED_HOOK, NOTICE_LIST_CONTEXT_HOOK, NOTICE_RSS_FEED_HOOK
from tests import factories


def without(*names):
    hooks.search_for_hooks()
    return mock.patch.dict(hooks._hooks, dict.fromkeys(names, []))


def test_the_notice_list_views_are_registered_once_from_notices_views():
    owners = {
        NOTICE_LIST_CONTEXT_HOOK: views.notice_list_context,
        NOTICE_RSS_FEED_HOOK: views.rss_feed,
        NOTICE_ATOM_FEED_HOOK: views.atom_feed,
    }
    assert {name: hooks.get_hooks(name) for name in owners} == {name: [view] for name, view in owners.items()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("hook", "path"), [(NOTICE_RSS_FEED_HOOK, "/notices/feed/"), (NOTICE_ATOM_FEED_HOOK, "/notices/feed/atom/")]
)
def test_a_feed_whose_view_is_not_registered_is_not_found(client, home, hook, path):
    factories.policy_notice(home)
    assert client.get(path).status_code == 200
    with without(hook):
        assert client.get(path, {"fresh": 1}).status_code == 404


@pytest.mark.django_db
def test_the_notice_list_without_its_context_fails_instead_of_rendering_empty(client, home):
    factories.policy_notice(home)
    with without(NOTICE_LIST_CONTEXT_HOOK), pytest.raises(ImproperlyConfigured, match=NOTICE_LIST_CONTEXT_HOOK):
        client.get("/notices/")
