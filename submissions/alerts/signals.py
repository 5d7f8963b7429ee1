"""A notice published (Wagtail's `page_published`, sent by the notices app below) starts the background
task that emails its subscribers, once the publishing transaction commits."""

from django.db import transaction
from wagtail.models import Locale
from wagtail.signals import page_published

from notices.models import NoticePage
from submissions import tasks
from submissions.alerts.models import AlertKind


def notice_published(sender, instance, **kwargs):
    """Only a live default-language notice of a kind one can follow (a translation is the same notice;
    a scheduled first publication waits until `publish_scheduled` makes it live)."""
    if not isinstance(instance, NoticePage) or not instance.live or instance.kind not in AlertKind.values:
        return
    if instance.locale_id != Locale.get_default().pk:
        return
    notice_id = instance.pk
    transaction.on_commit(lambda: tasks.send_notice_alerts.enqueue(notice_id=notice_id))


def connect():
    page_published.connect(notice_published, dispatch_uid="submissions_alerts_notice_published")
