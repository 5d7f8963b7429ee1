"""home/page_views.py: a page's route or context answered by the function another module registered under a
Wagtail hook name. No registration: a route is not found, a context is a configuration error, never an empty
page."""

from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from wagtail import hooks

from home.page_views import PageViewsMixin

HOOK = "test_page_views_hook"


class SomePage(PageViewsMixin):
    pass


@pytest.fixture
def request_():
    return RequestFactory().get("/somewhere/")


def test_a_route_answers_with_the_registered_view_given_the_page_and_the_route_arguments(request_):
    page = SomePage()
    view = mock.Mock(return_value=HttpResponse("from the view"))
    with hooks.register_temporarily(HOOK, view):
        response = page.serve_view(request_, HOOK, 2025, kind="regional")
    assert response.content == b"from the view"
    view.assert_called_once_with(request_, page, 2025, kind="regional")


def test_a_route_whose_view_no_app_registers_is_not_found(request_):
    with pytest.raises(Http404):
        SomePage().serve_view(request_, HOOK)


def test_the_first_view_in_wagtails_hook_order_answers(request_):
    usual, first = mock.Mock(return_value="usual"), mock.Mock(return_value="first")
    with hooks.register_temporarily(HOOK, usual), hooks.register_temporarily(HOOK, first, order=-1):
        assert SomePage().serve_view(request_, HOOK) == "first"
    usual.assert_not_called()


def test_a_page_context_is_what_the_registered_function_gives(request_):
    page = SomePage()
    provider = mock.Mock(return_value={"answer": 42})
    with hooks.register_temporarily(HOOK, provider):
        assert page.view_context(request_, HOOK) == {"answer": 42}
    provider.assert_called_once_with(request_, page)


def test_a_page_context_nobody_registers_is_a_configuration_error_naming_the_hook_and_the_page(request_):
    with pytest.raises(ImproperlyConfigured, match=f"{HOOK}.*SomePage"):
        SomePage().view_context(request_, HOOK)
