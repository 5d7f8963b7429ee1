"""What publishing a notice does to the directory (the arrow runs notices → directory, never back).
Called from `notices.signals` for the default-language page only, so a translation never applies twice."""

from django.db import transaction

from directory.lifecycle import decided_revocations_in_question
from directory.models import CenterPage, CenterRating
from directory.services import center_mark_revoked, center_record_rating, center_remove_rating


def _centers_by_key(keys) -> dict:
    return {c.translation_key: c for c in CenterPage.objects.filter(translation_key__in=set(keys))}


@transaction.atomic
def bulletin_record_ratings(*, bulletin) -> int:
    """Art. 13–14: publishing an evaluation bulletin records each center's rating for its year in the
    directory. A corrected revision replaces what the earlier one recorded: a rating it no longer holds
    (a center taken off, or the year changed) is withdrawn. Returns the number of ratings recorded."""
    rows = [r for r in bulletin.ratings.all() if r.center_id and r.rating]
    centers = {c.pk: c for c in CenterPage.objects.filter(pk__in=[r.center_id for r in rows])}
    wanted = {
        (centers[r.center_id].translation_key, bulletin.evaluation_year): r for r in rows if r.center_id in centers
    }
    stale = [
        rec
        for rec in CenterRating.objects.filter(source_page_id=bulletin.pk)
        if (rec.center_key, rec.year) not in wanted
    ]
    stale_centers = _centers_by_key(rec.center_key for rec in stale)
    for rec in stale:
        if rec.center_key in stale_centers:
            center_remove_rating(center=stale_centers[rec.center_key], year=rec.year, source_page=bulletin)
    for (_key, year), row in wanted.items():
        center_record_rating(center=centers[row.center_id], year=year, rating=row.rating, source_page=bulletin)
    return len(wanted)


@transaction.atomic
def bulletin_withdraw_ratings(*, bulletin) -> int:
    """Art. 13–14: unpublishing (or deleting) a bulletin withdraws the ratings it recorded, and only those;
    each center's latest rating falls back to its previous one. Returns the number withdrawn."""
    records = list(CenterRating.objects.filter(source_page_id=bulletin.pk))
    centers = _centers_by_key(rec.center_key for rec in records)
    for rec in records:
        if rec.center_key in centers:
            center_remove_rating(center=centers[rec.center_key], year=rec.year, source_page=bulletin)
        else:
            rec.delete()
    return len(records)


def bulletin_revocations_in_question(*, bulletin) -> list[str]:
    """Art. 15 (1): after a bulletin is published (or withdrawn), the decided revocations of its centers
    whose two fails no longer both stand. Nothing is undone (`directory.lifecycle.ratings_reevaluate`
    never reverses a decision); these sentences tell the editor, one per revocation."""
    keys = {
        c.translation_key
        for c in CenterPage.objects.filter(pk__in=[r.center_id for r in bulletin.ratings.all() if r.center_id])
    }
    keys |= set(CenterRating.objects.filter(source_page_id=bulletin.pk).values_list("center_key", flat=True))
    return [
        text for center in _centers_by_key(keys).values() for text in decided_revocations_in_question(center=center)
    ]


def revocation_apply(*, notice) -> None:
    """Art. 15: publishing a revocation notice marks its center revoked from the effective date, for the
    cause stated (Art. 15 (1)–(4)); the center stays in the directory, marked revoked."""
    center_mark_revoked(center=notice.center, cause=notice.cause, effective_on=notice.effective_on, notice=notice)
