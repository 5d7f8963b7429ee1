"""The yearly application notice (申报通知, Art. 6) and its application form route."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from directory.models import CenterKind
from home.page_views import PageViewsMixin
from notices import windows
from notices.models.base import CENTER_KIND_LABELS, NoticeKind, NoticePage

APPLICATION_FORM_HOOK = "notice_application_form"


class ApplicationNotice(PageViewsMixin, RoutablePageMixin, NoticePage):
    """The yearly application notice (申报通知, Art. 6): the round, the window, the requirements and the
    templates to download. While the window is open its page links to the application form (apply/)."""

    KIND = NoticeKind.APPLICATION

    round_year = models.PositiveSmallIntegerField(_("round year"))
    window_opens_at = models.DateTimeField(_("applications open at"), help_text=_("China time."))
    window_last_day = models.DateField(
        _("last day for applications"),
        null=True,
        blank=True,
        help_text=_(
            "Applications are accepted until the end of this day (24:00 China time). Leave empty to close at a "
            "given minute instead."
        ),
    )
    window_closes_at = models.DateTimeField(
        _("applications close at"),
        blank=True,
        help_text=_(
            "China time. Applications are refused from this minute on, e.g. 17:00 on the last day. Computed "
            "when the last day is given."
        ),
    )
    accepts_regional = models.BooleanField(_("accepts regional centers"), default=True)
    accepts_industry = models.BooleanField(_("accepts industry centers"), default=True)
    requirements = RichTextField(_("requirements"), blank=True)

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        MultiFieldPanel(
            [
                FieldPanel("round_year"),
                FieldPanel("window_opens_at"),
                FieldRowPanel([FieldPanel("window_last_day"), FieldPanel("window_closes_at")]),
                FieldRowPanel([FieldPanel("accepts_regional"), FieldPanel("accepts_industry")]),
            ],
            heading=_("Application window"),
        ),
        FieldPanel("requirements"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment"), heading=_("Templates and attachments")),
    ]
    api_fields = [
        *NoticePage.api_fields,
        APIField("round_year"),
        APIField("window_opens_at"),
        APIField("window_last_day"),
        APIField("window_closes_at"),
        APIField("accepts_regional"),
        APIField("accepts_industry"),
        APIField("requirements"),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("application notice")
        verbose_name_plural = _("application notices")

    def clean(self):
        """Art. 6: the window closes at the end of its last day when one is given (`windows.end_of_day`),
        otherwise at the minute entered; it must close after it opens."""
        super().clean()
        if self.window_last_day:
            self.window_closes_at = windows.end_of_day(self.window_last_day)
        elif not self.window_closes_at:
            raise ValidationError(
                {"window_last_day": _("Enter the last day for applications, or the minute applications close.")}
            )
        if self.window_opens_at and self.window_closes_at and self.window_closes_at <= self.window_opens_at:
            raise ValidationError({"window_closes_at": _("The window must close after it opens.")})
        if not (self.accepts_regional or self.accepts_industry):
            raise ValidationError({"accepts_regional": _("Accept at least one kind of center.")})

    @property
    def window_closing_sentence(self) -> str:
        """E.g. "Applications are accepted until the end of 2025-06-30 (China Standard Time)." or, for a
        window closing at a minute, "Applications close at 2025-06-01 17:00 (China Standard Time)."."""
        return windows.application_closing_sentence(self.window_closes_at, self.window_last_day)

    @property
    def window_closing_short(self) -> str:
        """For tables: "2025-06-30 (end of day)" or "2025-06-01 17:00"."""
        return windows.application_closing_short(self.window_closes_at, self.window_last_day)

    @property
    def accepted_kinds(self) -> list[str]:
        return [
            k
            for k, ok in ((CenterKind.REGIONAL, self.accepts_regional), (CenterKind.INDUSTRY, self.accepts_industry))
            if ok
        ]

    @property
    def accepted_kind_labels(self) -> str:
        """E.g. 区域型、行业型 / regional, industry."""
        separator = str(pgettext_lazy("list separator", ", "))
        return separator.join(str(CENTER_KIND_LABELS[k]) for k in self.accepted_kinds)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["status"] = self.status
        context["form_url"] = self.url + self.reverse_subpage("apply") if self.url else None
        return context

    @path("apply/", name="apply")
    def apply(self, request):
        """The application form for this round: the view registered for the Wagtail hook
        "notice_application_form" (`fn(request, notice) -> HttpResponse`; the submissions app's), which
        decides whether it accepts. 404 when no app registers one."""
        return self.serve_view(request, APPLICATION_FORM_HOOK)
