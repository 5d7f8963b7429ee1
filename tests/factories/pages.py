"""The page-tree side of every factory: a factory_boy base that adds a page under its parent and
publishes it, and the one serial counter that keeps slugs and credit codes unique in a test."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import factory
from django.db.models import Model

from home.search import deferred_indexing

CHINA = ZoneInfo("Asia/Shanghai")
_serial = itertools.count(1)


def serial() -> int:
    """A number no other factory in this test run has used."""
    return next(_serial)


def reloaded(value, memo=None):
    """`value` (a model instance, or dicts, lists and tuples of them) with every model instance read afresh from
    the database. An instance met twice, here or in an earlier call sharing `memo`, is read once, so what was
    one object stays one object."""
    memo = {} if memo is None else memo
    if isinstance(value, Model):
        if id(value) not in memo:
            memo[id(value)] = type(value)._base_manager.get(pk=value.pk)
        return memo[id(value)]
    if isinstance(value, dict):
        return {key: reloaded(item, memo) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(reloaded(item, memo) for item in value)
    return value


def china(day: dt.date, hour=0, minute=0, second=0) -> dt.datetime:
    """That moment of `day` on the clock in China (Asia/Shanghai)."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=CHINA)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


class PageFactory(factory.Factory):
    """Build a Wagtail page and add it under `parent`; published unless `live=False`."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, parent, live=True, **kwargs):
        page = model_class(*args, **kwargs)
        if not live:  # a draft: Wagtail's pages are live unless told
            page.live = False
            parent.add_child(instance=page)
            return page
        with deferred_indexing(model_class):  # publishing indexes it: once, not twice
            parent.add_child(instance=page)
        return publish(page)
