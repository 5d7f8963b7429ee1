"""A submission burst on SQLite: a writer that waited past the lock timeout gets a clear "busy, try again"
page (503 with Retry-After), never a server error (issue 13)."""

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from home.middleware import DatabaseBusyMiddleware

pytestmark = pytest.mark.django_db


def answer(exception):
    middleware = DatabaseBusyMiddleware(lambda request: HttpResponse())
    request = RequestFactory().post("/notices/some-publicity/objection/")
    with translation.override("zh-hans"):
        return middleware.process_exception(request, exception)


def test_a_locked_database_answers_busy_try_again_in_chinese(site_tree):
    response = answer(OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode()
    assert "网站繁忙" in text
    assert "请一分钟后重新提交" in text


def test_other_database_errors_are_not_disguised():
    assert answer(OperationalError("no such table: directory_area")) is None
    assert answer(ValueError("database is locked")) is None
