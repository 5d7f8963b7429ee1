"""Publishing, unpublishing and deleting notices update the directory (see `notices.services`); a
revocation proposal confirmed in the directory gets its draft notice (see `notices.drafting`).

Only the default-language (zh-hans) page acts: its English translation shares the same facts."""

from django.db.models.signals import pre_delete
from wagtail.models import Locale
from wagtail.signals import page_published, page_unpublished

from directory.signals import revocation_proposal_confirmed
from notices import drafting, services
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


def revocation_proposal_draft_notice(sender, proposal, effective_on, by=None, **kwargs):
    """Art. 15, Art. 17: staff confirmed a proposed revocation; draft its notice and link it to the proposal.
    Sent inside the directory's confirming transaction, so a refusal (no notice list) undoes the confirmation."""
    proposal.notice = drafting.revocation_notice_draft(proposal=proposal, effective_on=effective_on, actor=by)
    proposal.save(update_fields=["notice"])


def connect():
    page_published.connect(bulletin_published, sender=EvaluationBulletin, dispatch_uid="notices_bulletin_published")
    page_unpublished.connect(
        bulletin_unpublished, sender=EvaluationBulletin, dispatch_uid="notices_bulletin_unpublished"
    )
    pre_delete.connect(bulletin_deleted, sender=EvaluationBulletin, dispatch_uid="notices_bulletin_deleted")
    page_published.connect(revocation_published, sender=RevocationNotice, dispatch_uid="notices_revocation_published")
    revocation_proposal_confirmed.connect(
        revocation_proposal_draft_notice, dispatch_uid="notices_revocation_proposal_draft_notice"
    )
