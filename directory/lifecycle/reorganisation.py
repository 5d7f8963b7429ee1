"""Reorganisation by the management unit after a fail (Art. 17): filing it, and the reorganisations
whose deciding evaluation (one year on) is due.

Periods in years follow the Civil Code (Art. 201–203), which `relativedelta` reproduces.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from directory.models import Area, CenterRating, ReorganisationTask


def reorganisation_file(*, task: ReorganisationTask, on: dt.date, note: str, by=None) -> ReorganisationTask:
    """Art. 17: the management unit files the reorganisation with the province. The center stays under
    reorganisation until its next rating: a pass ends it, a fail proposes delisting."""
    if task.filed_on:
        raise ValidationError(_("This reorganisation has already been filed."))
    task.filed_on = on
    task.filing_note = note
    task.filed_by = by
    task.save(update_fields=["filed_on", "filing_note", "filed_by"])
    return task


def is_awaiting_rating_after_reorganisation(task: ReorganisationTask, *, on: dt.date, has_later_rating: bool) -> bool:
    """Art. 17 ("一年后运行评价"): a reorganisation filed a year or more ago whose center has no rating
    since the fail needs the province's attention: the evaluation that decides delisting is due. Filed
    2025-03-10 → due on 2026-03-10, not on 2026-03-09."""
    return (
        bool(task.filed_on)
        and not task.closed
        and not has_later_rating
        and on >= task.filed_on + relativedelta(years=1)
    )


def tasks_awaiting_rating_after_reorganisation(*, on: dt.date) -> QuerySet[ReorganisationTask]:
    """The filter of `is_awaiting_rating_after_reorganisation`."""
    later_rating = CenterRating.objects.filter(
        center_key=OuterRef("center__translation_key"), year__gt=OuterRef("rating_year")
    )
    return ReorganisationTask.objects.filter(
        closed=False, filed_on__isnull=False, filed_on__lte=on - relativedelta(years=1)
    ).exclude(Exists(later_rating))


def tasks_managed_by_bureaus_of(tasks: QuerySet[ReorganisationTask], *, area_keys) -> QuerySet[ReorganisationTask]:
    """Art. 11, Art. 17: a reorganisation is the job of the center's management unit
    (`directory.rules.management_unit_for`, stored on the task). A city bureau therefore sees the tasks
    whose management unit is the bureau of one of its areas (`area_keys`, translation keys): its
    regional centers and any industry center it recommended, but not an industry center in its area
    managed by an industry department. Tasks of other management units are seen by the province."""
    bureaus = Area.objects.filter(translation_key__in=area_keys).exclude(bureau_name="").values("bureau_name")
    return tasks.filter(management_unit__in=bureaus)
