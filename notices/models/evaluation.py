"""The yearly evaluation notice (运行评价通知, Art. 12–13): opens a round of evaluation and its window for
materials; the indicator list is one of its attachments."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from notices import windows
from notices.models.base import NoticeKind, NoticePage


def evaluation_window_state(notice: "EvaluationRoundNotice", *, at: dt.datetime) -> windows.WindowState:
    """Art. 12–13: a center's evaluation materials are accepted from the minute the round's window opens
    (inclusive) until the minute it closes (exclusive), in China time; given a last day, the window
    closes at the end of that day. The same boundaries as the application window (Art. 6,
    `windows.application_window_state`); `evaluation_window_open_q` is the same rule as a filter."""
    return windows.application_window_state(notice.window_opens_at, notice.window_closes_at, at=at)


def evaluation_window_open_q(*, at: dt.datetime) -> models.Q:
    """The queryset filter for `evaluation_window_state(...) is APPLICATIONS_OPEN` at `at`."""
    return windows.application_window_open_q(at=at)


class EvaluationRoundNotice(NoticePage):
    """The yearly evaluation notice (Art. 12–13): which year is evaluated, the window in which every
    active or reorganising center submits its materials online (from its page in the directory), and the
    indicator list as an attachment. Management units then make the initial evaluation and the province
    re-checks it in the desk; the results are published as an evaluation bulletin (Art. 14)."""

    KIND = NoticeKind.EVALUATION_ROUND
    #: The open window's wording wherever the round appears (its page, /notices/, the home page, the API).
    open_state_label = _("Accepting evaluation materials")

    evaluation_year = models.PositiveSmallIntegerField(_("evaluation year"))
    window_opens_at = models.DateTimeField(_("materials accepted from"), help_text=_("China time."))
    window_last_day = models.DateField(
        _("last day for materials"),
        null=True,
        blank=True,
        help_text=_("Materials are accepted until the end of this day (24:00 China time)."),
    )
    window_closes_at = models.DateTimeField(
        _("materials accepted until"),
        blank=True,
        help_text=_("China time. Computed when the last day is given."),
    )
    requirements = RichTextField(_("requirements"), blank=True)

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        MultiFieldPanel(
            [
                FieldPanel("evaluation_year"),
                FieldPanel("window_opens_at"),
                FieldRowPanel([FieldPanel("window_last_day"), FieldPanel("window_closes_at")]),
            ],
            heading=_("Window for materials"),
        ),
        FieldPanel("requirements"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment"), heading=_("Indicator list and templates")),
    ]
    api_fields = [
        *NoticePage.api_fields,
        APIField("evaluation_year"),
        APIField("window_opens_at"),
        APIField("window_last_day"),
        APIField("window_closes_at"),
        APIField("requirements"),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("evaluation notice")
        verbose_name_plural = _("evaluation notices")

    def clean(self):
        """Art. 12–13: the window closes at the end of its last day when one is given, otherwise at the
        minute entered, and after it opens."""
        super().clean()
        if self.window_last_day:
            self.window_closes_at = windows.end_of_day(self.window_last_day)
        elif not self.window_closes_at:
            raise ValidationError(
                {"window_last_day": _("Enter the last day for materials, or the minute the window closes.")}
            )
        if self.window_opens_at and self.window_closes_at and self.window_closes_at <= self.window_opens_at:
            raise ValidationError({"window_closes_at": _("The window must close after it opens.")})

    def save(self, *args, **kwargs):
        if self.window_last_day:
            self.window_closes_at = windows.end_of_day(self.window_last_day)
        return super().save(*args, **kwargs)

    @property
    def window_closing_sentence(self) -> str:
        if self.window_last_day:
            return _("Materials are accepted until the end of %(day)s (China Standard Time).") % {
                "day": self.window_last_day.isoformat()
            }
        return windows.application_closing_short(self.window_closes_at, None)

    @property
    def window_closing_short(self) -> str:
        return windows.application_closing_short(self.window_closes_at, self.window_last_day)
