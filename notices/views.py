"""The public views of the notice list: its context and its RSS and Atom feeds. `NoticeIndexPage` asks for them
by the Wagtail hook names beside its class (notices/models/base.py, home/page_views.py); `wagtail_hooks.py`
registers them. Thin: the listing is built in `notices.filters`, the feeds in `notices.feeds`."""

from notices.feeds import NoticeAtomFeed, NoticeRssFeed
from notices.filters import notice_listing


def notice_list_context(request, index) -> dict:
    return notice_listing(index, request)


def rss_feed(request, index):
    return NoticeRssFeed(index)(request)


def atom_feed(request, index):
    return NoticeAtomFeed(index)(request)
