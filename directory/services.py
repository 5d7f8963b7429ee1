"""Writes to a center's standing: ratings, revocation, and reported changes (Art. 17). The notices,
lifecycle and submissions code call these; nothing else writes `status` or `latest_rating`. Every language version of a center is updated together
(they share a translation key)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from wagtail.search import index

from directory.lifecycle import ratings_reevaluate, revocation_record
from directory.models import CenterPage, CenterRating, CenterStatus, FormerName
from directory.validators import normalise_credit_code
from home.cache import invalidate_public_pages
from home.search_es.signals import search_documents_changed


def _center_versions(center: CenterPage):
    """Every language version of `center`; callers `.update()` them, which sends no `post_save`, so the
    cached public pages are invalidated, and the search documents (status, rating) written again after
    the commit, here."""
    invalidate_public_pages()
    versions = CenterPage.objects.filter(translation_key=center.translation_key)
    search_documents_changed(CenterPage, versions)
    return versions


def _refresh_latest_rating(center: CenterPage) -> None:
    latest = CenterRating.objects.filter(center_key=center.translation_key).order_by("-year").first()
    _center_versions(center).update(
        latest_rating=latest.rating if latest else "", latest_rating_year=latest.year if latest else None
    )


@transaction.atomic
def center_record_rating(
    *, center: CenterPage, year: int, rating: str, source_page=None, reason: str = ""
) -> CenterRating:
    """Record `center`'s rating for `year` (Art. 13–14): one rating per center per year; a later record
    for the same year (a corrected bulletin) replaces the earlier one. The whole sequence is then
    re-evaluated (Art. 15 (1), Art. 17: `directory.lifecycle.ratings_reevaluate`), whichever year changed."""
    record, _ = CenterRating.objects.update_or_create(
        center_key=center.translation_key,
        year=year,
        defaults={"rating": rating, "source_page": source_page, "reason": reason},
    )
    _refresh_latest_rating(center)
    # The consequences of a fail (Art. 15 (1), Art. 17) are decided by the lifecycle rules; the status
    # they call for is written here, so this module stays the one writer.
    today = timezone.localdate()
    new_status = ratings_reevaluate(center=center, on=today)
    if new_status:
        center_set_status(center=center, status=new_status, on=today)
    return record


@transaction.atomic
def center_remove_rating(*, center: CenterPage, year: int, source_page=None) -> None:
    """Withdraw `center`'s rating for `year` (a bulletin unpublished or corrected). With `source_page`,
    only a rating that came from that page is removed, so withdrawing one bulletin never erases a rating
    recorded by another or by staff."""
    ratings = CenterRating.objects.filter(center_key=center.translation_key, year=year)
    if source_page is not None:
        ratings = ratings.filter(source_page=source_page)
    ratings.delete()
    _refresh_latest_rating(center)
    today = timezone.localdate()
    new_status = ratings_reevaluate(center=center, on=today)
    if new_status:
        center_set_status(center=center, status=new_status, on=today)


def center_ratings(center: CenterPage):
    """The rating history of `center`, newest year first (any language version of it)."""
    return CenterRating.objects.filter(center_key=center.translation_key).order_by("-year")


@transaction.atomic
def center_set_status(*, center: CenterPage, status: str, on: dt.date, cause: str = "") -> None:
    """Set the standing of every language version of `center`: active, under reorganisation (Art. 17)
    or revoked (Art. 15, with its cause)."""
    _center_versions(center).update(
        status=status, status_changed_on=on, revocation_cause=cause if status == CenterStatus.REVOKED else ""
    )


@transaction.atomic
def center_mark_revoked(
    *, center: CenterPage, cause: str, effective_on: dt.date, notice=None, evidence: str = "", by=None
) -> None:
    """Art. 15: mark `center` revoked from `effective_on` for `cause`; it stays in the directory, marked.
    Also keeps the revocation record that bans its lead unit (Art. 16); pass the revocation `notice`
    when there is one (a revocation imported from the province's records has `evidence` instead)."""
    center_set_status(center=center, status=CenterStatus.REVOKED, on=effective_on, cause=cause)
    revocation_record(center=center, cause=cause, revoked_on=effective_on, notice=notice, evidence=evidence, by=by)


@transaction.atomic
def center_apply_change(
    *,
    center: CenterPage,
    changed_on: dt.date,
    new_name: str = "",
    new_lead_unit_name: str = "",
    new_lead_unit_credit_code: str = "",
    by=None,
) -> tuple[CenterPage, str]:
    """Art. 17: apply a reported change of name, merger, split or restructuring the province confirmed.
    The center page takes the new name and lead unit; the old name is kept as a former name (used until
    `changed_on`, still found by search); a new revision is published through Wagtail so the change
    appears in the page history. Empty values change nothing. Returns the center and its old name when
    the name changed (else "")."""
    center = CenterPage.objects.get(pk=center.pk)
    changed = False
    old_name = ""
    new_name = (new_name or "").strip()
    if new_name and new_name != center.title:
        old_name = center.title
        center.former_names.add(FormerName(name=center.title, until=changed_on))
        center.title = new_name
        center.draft_title = new_name
        changed = True
    new_lead_unit_name = (new_lead_unit_name or "").strip()
    if new_lead_unit_name and new_lead_unit_name != center.lead_unit_name:
        center.lead_unit_name = new_lead_unit_name
        changed = True
    if new_lead_unit_credit_code:
        code = normalise_credit_code(new_lead_unit_credit_code)
        if code != center.lead_unit_credit_code:
            center.lead_unit_credit_code = code
            changed = True
    if changed:
        center.save_revision(user=by, log_action=True).publish(user=by)
        # Publishing indexes the page before its child rows (the new former name) are written: index it
        # again from the database so the old name is found at once.
        index.insert_or_update_object(CenterPage.objects.get(pk=center.pk))
    return center, old_name
