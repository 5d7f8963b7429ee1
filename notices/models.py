"""Notices: the yearly cycle of the measures told as pages under /notices/.

`NoticePage` holds what every notice has (文号, issuing units, publication date, body, attachments); five
page types extend it: application notices (Art. 6), 公示 lists (Art. 10), evaluation bulletins
(Art. 12–14), revocation notices (Art. 15) and policy documents. The listing, feed, search and API query
`NoticePage`, so they treat all five alike. Windows are judged by `notices.windows`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from directory.models import CenterKind, Rating, RevocationCause
from home.blocks import BodyBlock
from home.search import index_text
from notices import windows


class NoticeKind(models.TextChoices):
    APPLICATION = "application", _("application notice")
    PUBLICITY = "publicity", _("publicity")
    EVALUATION = "evaluation", _("evaluation bulletin")
    REVOCATION = "revocation", _("revocation notice")
    POLICY = "policy", _("policy document")


class NoticeIndexPage(Page):
    """All notices at /notices/, newest first, filterable by kind and year, with an RSS feed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "notices.ApplicationNotice",
        "notices.PublicityNotice",
        "notices.EvaluationBulletin",
        "notices.RevocationNotice",
        "notices.PolicyNotice",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("notice list")


class NoticePage(Page):
    """What every notice has. Not created directly: pick one of the five kinds."""

    KIND = None

    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices, editable=False, db_index=True)
    document_number = models.CharField(
        _("document number"), max_length=80, blank=True, help_text=_("文号, e.g. 赣工信规字〔2024〕4号")
    )
    issuing_units = models.CharField(
        _("issuing units"),
        max_length=300,
        default="江西省工业和信息化厅",
        help_text=_("Separate several units with 、"),
    )
    published_on = models.DateField(_("publication date"), default=dt.date.today, db_index=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in lists and the feed.")
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("body"))

    is_creatable = False
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    common_panels = [
        FieldRowPanel([FieldPanel("document_number"), FieldPanel("published_on")]),
        FieldPanel("issuing_units"),
        FieldPanel("summary"),
    ]
    content_panels = [
        *Page.content_panels,
        *common_panels,
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.FilterField("kind"),
        index.FilterField("published_on"),
        index.FilterField("locale_id"),
    ]

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")

    def save(self, *args, **kwargs):
        if self.KIND:
            self.kind = self.KIND
        return super().save(*args, **kwargs)

    def search_text(self) -> str:
        return index_text(self.title, self.document_number, self.issuing_units, self.summary, self.body)

    def window_state(self, *, at: dt.datetime | None = None) -> windows.WindowState | None:
        """The state of this notice's window, or None for notices without one."""
        return None


class NoticeAttachment(Orderable):
    """A document attached to a notice (PDF, DOC/DOCX, XLS/XLSX), e.g. an application form template."""

    notice = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]


class ApplicationNotice(NoticePage):
    """The yearly application notice (申报通知, Art. 6): the round, the window, the requirements. While the
    window is open its page links to the application form."""

    KIND = NoticeKind.APPLICATION

    round_year = models.PositiveSmallIntegerField(_("round year"))
    window_opens_at = models.DateTimeField(_("applications open at"))
    window_closes_at = models.DateTimeField(_("applications close at"))
    accepts_regional = models.BooleanField(_("accepts regional centers"), default=True)
    accepts_industry = models.BooleanField(_("accepts industry centers"), default=True)
    requirements = RichTextField(_("requirements"), blank=True)

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        MultiFieldPanel(
            [
                FieldPanel("round_year"),
                FieldRowPanel([FieldPanel("window_opens_at"), FieldPanel("window_closes_at")]),
                FieldRowPanel([FieldPanel("accepts_regional"), FieldPanel("accepts_industry")]),
            ],
            heading=_("Application window"),
        ),
        FieldPanel("requirements"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment"), heading=_("Templates and attachments")),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("application notice")
        verbose_name_plural = _("application notices")

    def clean(self):
        super().clean()
        if self.window_opens_at and self.window_closes_at and self.window_closes_at <= self.window_opens_at:
            raise ValidationError({"window_closes_at": _("The window must close after it opens.")})
        if not (self.accepts_regional or self.accepts_industry):
            raise ValidationError({"accepts_regional": _("Accept at least one kind of center.")})

    @property
    def accepted_kinds(self) -> list[str]:
        return [
            k
            for k, ok in ((CenterKind.REGIONAL, self.accepts_regional), (CenterKind.INDUSTRY, self.accepts_industry))
            if ok
        ]

    def window_state(self, *, at=None):
        return windows.application_window_state(self.window_opens_at, self.window_closes_at, at=at or timezone.now())


class PublicityNotice(NoticePage):
    """A 公示 of the proposed list (Art. 10): the period, the entries, how to object. While the period is
    open its page links to the objection form; once it ends, editors add the outcome on the same page."""

    KIND = NoticeKind.PUBLICITY

    period_starts_on = models.DateField(_("publicity starts on"))
    working_days = models.PositiveSmallIntegerField(
        _("length in working days"),
        default=5,
        null=True,
        blank=True,
        help_text=_(
            "The end date is computed from this with the official holiday calendar. Clear it to enter the end date by hand."
        ),
    )
    period_ends_on = models.DateField(
        _("publicity ends on"),
        null=True,
        blank=True,
        help_text=_("Included in full (to 23:59:59 China time). Leave blank to compute it from the working days."),
    )
    objection_instructions = RichTextField(_("how to object"), blank=True)
    outcome = RichTextField(
        _("outcome"), blank=True, help_text=_("Shown once the period has ended: the published list or the decision.")
    )

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        MultiFieldPanel(
            [FieldPanel("period_starts_on"), FieldRowPanel([FieldPanel("working_days"), FieldPanel("period_ends_on")])],
            heading=_("Publicity period"),
        ),
        InlinePanel("entries", label=_("entry"), heading=_("Proposed list")),
        FieldPanel("objection_instructions"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
        FieldPanel("outcome"),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("publicity notice")
        verbose_name_plural = _("publicity notices")

    def window_state(self, *, at=None):
        if not self.period_ends_on:
            return None
        return windows.publicity_state(self.period_starts_on, self.period_ends_on, at=at or timezone.now())


class PublicityEntry(Orderable):
    """One proposed center on a 公示 list: an existing center page, or a proposed unit described here."""

    notice = ParentalKey(PublicityNotice, on_delete=models.CASCADE, related_name="entries")
    center = models.ForeignKey(
        "directory.CenterPage",
        verbose_name=_("center"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    proposed_name = models.CharField(_("proposed center name"), max_length=200, blank=True)
    lead_unit_name = models.CharField(_("lead unit"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CenterKind.choices, blank=True)
    area = models.ForeignKey(
        "directory.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    industry = models.ForeignKey(
        "directory.Industry",
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("center"),
        FieldPanel("proposed_name"),
        FieldPanel("lead_unit_name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("area"), FieldPanel("industry")]),
    ]

    def clean(self):
        super().clean()
        if not self.center_id and not self.proposed_name:
            raise ValidationError({"proposed_name": _("Choose a center or enter the proposed center's name.")})

    @property
    def display_name(self) -> str:
        return self.center.title if self.center_id else self.proposed_name

    def __str__(self):
        return self.display_name


class EvaluationBulletin(NoticePage):
    """The annual evaluation results (Art. 12–14): a rating per center for one year, as data. Publishing
    records each rating in the directory; unpublishing or correcting it updates the directory."""

    KIND = NoticeKind.EVALUATION

    evaluation_year = models.PositiveSmallIntegerField(_("evaluation year"))

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        FieldPanel("evaluation_year"),
        InlinePanel("ratings", label=_("rating"), heading=_("Ratings")),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("evaluation bulletin")
        verbose_name_plural = _("evaluation bulletins")


class BulletinRating(Orderable):
    bulletin = ParentalKey(EvaluationBulletin, on_delete=models.CASCADE, related_name="ratings")
    center = models.ForeignKey(
        "directory.CenterPage", verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)

    panels = [FieldRowPanel([FieldPanel("center"), FieldPanel("rating")])]


class RevocationNotice(NoticePage):
    """A revocation or delisting (撤销/摘牌, Art. 15, Art. 17). Publishing it marks the center revoked."""

    KIND = NoticeKind.REVOCATION

    center = models.ForeignKey(
        "directory.CenterPage", verbose_name=_("center"), on_delete=models.PROTECT, related_name="+"
    )
    cause = models.CharField(_("cause"), max_length=30, choices=RevocationCause.choices)
    effective_on = models.DateField(_("effective on"))

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        FieldRowPanel([FieldPanel("center"), FieldPanel("cause"), FieldPanel("effective_on")]),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("revocation notice")
        verbose_name_plural = _("revocation notices")


class PolicyNotice(NoticePage):
    """A policy document: the management measures themselves and later policies."""

    KIND = NoticeKind.POLICY

    in_force_from = models.DateField(_("in force from"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        FieldPanel("in_force_from"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
