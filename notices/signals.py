"""Publishing, unpublishing and deleting notices update the directory (see `notices.services`).

Only the default-language (zh-hans) page acts: its English translation shares the same facts."""

from django.db.models.signals import pre_delete
from wagtail.models import Locale
from wagtail.signals import page_published, page_unpublished

from notices import services
from notices.models import EvaluationBulletin, RevocationNotice


def is_default_locale(page) -> bool:
    return page.locale_id == Locale.get_default().pk


def acts_on_publish(page) -> bool:
    """Wagtail also sends `page_published` when a first publication is only scheduled (the page stays
    not live until `publish_scheduled` runs); only a live default-language page acts."""
    return page.live and is_default_locale(page)


def bulletin_published(sender, instance, **kwargs):
    if acts_on_publish(instance):
        services.bulletin_record_ratings(bulletin=instance)


def bulletin_unpublished(sender, instance, **kwargs):
    if is_default_locale(instance):
        services.bulletin_withdraw_ratings(bulletin=instance)


def bulletin_deleted(sender, instance, **kwargs):
    if instance.live and is_default_locale(instance):
        services.bulletin_withdraw_ratings(bulletin=instance)


def revocation_published(sender, instance, **kwargs):
    if acts_on_publish(instance):
        services.revocation_apply(notice=instance)


def connect():
    page_published.connect(bulletin_published, sender=EvaluationBulletin, dispatch_uid="notices_bulletin_published")
    page_unpublished.connect(
        bulletin_unpublished, sender=EvaluationBulletin, dispatch_uid="notices_bulletin_unpublished"
    )
    pre_delete.connect(bulletin_deleted, sender=EvaluationBulletin, dispatch_uid="notices_bulletin_deleted")
    page_published.connect(revocation_published, sender=RevocationNotice, dispatch_uid="notices_revocation_published")
