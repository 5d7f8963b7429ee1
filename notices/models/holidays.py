"""The official holiday schedule of a year (国务院办公厅关于部分节假日安排的通知), entered by staff.

chinese-calendar knows the State Council's schedules up to the year it was released; a staff entry covers
later years (and corrects a covered one: where both exist, the staff entry wins). Working days are
counted from these in `notices.working_days`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel
from wagtail.models import Orderable

HOLIDAY_CALENDAR_SCREEN = _("Settings → Holiday calendar")


class HolidayScheduleQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year).prefetch_related("days")


class HolidaySchedule(ClusterableModel):
    """One year's official schedule of public holidays and 调休 working days, as the State Council
    published it. Once saved, working days in that year (公示 end dates, change-report due dates, the
    desk's "ending soon") are counted from it rather than from the built-in calendar."""

    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The State Council General Office notice it comes from, e.g. its number and date."),
    )

    objects = HolidayScheduleQuerySet.as_manager()

    panels = [
        HelpPanel(
            content=_(
                "<p>Enter the whole year as published: every day off (a range such as 1–8 October) and every "
                "weekend day made a working day (调休). Other weekdays are working days and other weekends "
                "rest days. Once saved, this schedule is used for the year instead of the built-in one.</p>"
            )
        ),
        FieldRowPanel([FieldPanel("year"), FieldPanel("source")]),
        InlinePanel("days", label=_("day or range of days"), heading=_("Holidays and 调休 working days")),
    ]

    class Meta:
        verbose_name = _("holiday schedule")
        verbose_name_plural = _("holiday schedules")
        ordering = ["-year"]

    def __str__(self):
        return str(_("Holiday schedule %(year)s") % {"year": self.year})


class HolidayScheduleDay(Orderable):
    """A day off (or a range of days off) or a 调休 working day in a year's schedule."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("day off (holiday)")
        WORKING_DAY = "working_day", _("working day (调休)")

    schedule = ParentalKey(HolidaySchedule, on_delete=models.CASCADE, related_name="days")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HOLIDAY)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"), null=True, blank=True, help_text=_("Leave empty for a single day."))
    occasion = models.CharField(_("occasion"), max_length=50, blank=True, help_text=_("E.g. 春节, 国庆节."))

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("first_day"), FieldPanel("last_day")]),
        FieldPanel("occasion"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("day or range of days")
        verbose_name_plural = _("days")

    def clean(self):
        super().clean()
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("The last day cannot be before the first day.")})

    def dates(self):
        """Every date this row covers."""
        day, last = self.first_day, self.last_day or self.first_day
        while day <= last:
            yield day
            day = day.fromordinal(day.toordinal() + 1)
