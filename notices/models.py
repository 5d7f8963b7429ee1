"""Notices: the yearly cycle of the measures told as pages under /notices/.

`NoticePage` holds what every notice has (文号, issuing units, publication date, body, attachments); five
page types extend it: application notices (Art. 6), 公示 lists (Art. 10), evaluation bulletins
(Art. 12–14), revocation notices (Art. 15) and policy documents. The listing, feed, search and API query
`NoticePage`, so they treat all five alike. Windows are judged by `notices.windows`.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from directory.models import CenterKind, Rating, RevocationCause
from home.blocks import BodyBlock
from home.search import index_text
from notices import windows
from notices.forms import EvaluationBulletinForm
from notices.working_days import CalendarNotCovered

SUBMISSIONS_TEMPLATE = "submissions/includes/notice_submissions.html"

# How the two kinds of center (Art. 5) and the four grades (Art. 13) read on notices. A message context
# keeps "industry" the kind apart from "industry" the sector.
CENTER_KIND_LABELS = {
    CenterKind.REGIONAL: pgettext_lazy("center kind", "regional"),
    CenterKind.INDUSTRY: pgettext_lazy("center kind", "industry"),
}
RATING_LABELS = {
    Rating.EXCELLENT: pgettext_lazy("evaluation rating", "excellent"),
    Rating.GOOD: pgettext_lazy("evaluation rating", "good"),
    Rating.PASS: pgettext_lazy("evaluation rating", "pass"),
    Rating.FAIL: pgettext_lazy("evaluation rating", "fail"),
}


class NoticeKind(models.TextChoices):
    APPLICATION = "application", _("application notice")
    PUBLICITY = "publicity", _("publicity")
    EVALUATION = "evaluation", _("evaluation bulletin")
    REVOCATION = "revocation", _("revocation notice")
    POLICY = "policy", _("policy document")


class NoticeStatusFilter(models.TextChoices):
    """The window states a listing can be narrowed to (?status=)."""

    OPEN = "open", _("open now")
    UPCOMING = "upcoming", _("not yet open")
    CLOSED = "closed", _("closed or ended")


class NoticePageQuerySet(PageQuerySet):
    """Named filters of the notice listing and feed (called by `notices.filters.NoticeFilterSet`)."""

    def newest_first(self):
        return self.order_by("-published_on", "-first_published_at", "-pk")

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def published_in(self, year: int):
        return self.filter(published_on__year=year)

    def with_state(self, *, at: dt.datetime):
        """Annotate `window_state` (a `WindowState` value, "" when the notice has no window)."""
        return self.annotate(window_state=windows.notice_state_case(at=at))

    def in_status(self, status: str, *, at: dt.datetime):
        states = {
            NoticeStatusFilter.OPEN: [windows.WindowState.APPLICATIONS_OPEN, windows.WindowState.PUBLICITY_OPEN],
            NoticeStatusFilter.UPCOMING: [windows.WindowState.NOT_STARTED],
            NoticeStatusFilter.CLOSED: [windows.WindowState.CLOSED, windows.WindowState.ENDED],
        }[status]
        return self.with_state(at=at).filter(window_state__in=[s.value for s in states])


NoticePageManager = PageManager.from_queryset(NoticePageQuerySet)


class NoticeIndexPage(RoutablePageMixin, Page):
    """All notices at /notices/, newest first, filterable by kind, year and status (shareable query
    strings), with counts, pagination, an RSS 2.0 feed at feed/ and an Atom feed at feed/atom/."""

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
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("notice list")

    def notices(self):
        """The live notices under this list, newest first."""
        return NoticePage.objects.child_of(self).live().newest_first()

    def get_context(self, request, *args, **kwargs):
        from notices.filters import notice_listing

        context = super().get_context(request, *args, **kwargs)
        context.update(notice_listing(self, request))
        return context

    @path("feed/", name="feed")
    def rss_feed(self, request):
        from notices.feeds import NoticeRssFeed

        return NoticeRssFeed(self)(request)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        from notices.feeds import NoticeAtomFeed

        return NoticeAtomFeed(self)(request)


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

    objects = NoticePageManager()

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
    api_fields = [
        APIField("kind"),
        APIField("kind_label"),
        APIField("document_number"),
        APIField("issuing_units"),
        APIField("published_on"),
        APIField("summary"),
        APIField("status_data"),
        APIField("body"),
        APIField("attachments"),
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

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())

    @property
    def issuing_unit_list(self) -> list[str]:
        return [unit.strip() for unit in self.issuing_units.split("、") if unit.strip()]

    def window_state(self, *, at: dt.datetime | None = None) -> windows.WindowState | None:
        """The state of this notice's window, or None for notices without one."""
        status = windows.notice_status(self.specific, at=at)
        return status.state if status else None

    @cached_property
    def status(self) -> windows.NoticeStatus | None:
        """The status shown wherever this notice appears (未开始 / 申报中 / 公示中 with days left / 已截止 /
        已结束), now; None for notices without a window."""
        return windows.notice_status(self.specific)

    @property
    def status_data(self) -> dict | None:
        status = self.status
        if status is None:
            return None
        return {"state": status.state.value, "label": status.label, "days_left": status.days_left}

    @property
    def submissions_template(self) -> str | None:
        """The public counts of submissions (the submissions app's include), when that app provides it."""
        try:
            select_template([SUBMISSIONS_TEMPLATE])
        except TemplateDoesNotExist:
            return None
        return SUBMISSIONS_TEMPLATE


class NoticeAttachment(Orderable):
    """A document attached to a notice (PDF, DOC/DOCX, XLS/XLSX), e.g. an application form template."""

    notice = ParentalKey(NoticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]
    api_fields = [APIField("document"), APIField("caption"), APIField("title"), APIField("url")]

    @property
    def title(self) -> str:
        return self.caption or self.document.title

    @property
    def url(self) -> str:
        return self.document.url


class ApplicationNotice(RoutablePageMixin, NoticePage):
    """The yearly application notice (申报通知, Art. 6): the round, the window, the requirements and the
    templates to download. While the window is open its page links to the application form (apply/)."""

    KIND = NoticeKind.APPLICATION

    round_year = models.PositiveSmallIntegerField(_("round year"))
    window_opens_at = models.DateTimeField(_("applications open at"), help_text=_("China time."))
    window_closes_at = models.DateTimeField(
        _("applications close at"),
        help_text=_("China time. Applications are refused from this minute on, e.g. 17:00 on the last day."),
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
                FieldRowPanel([FieldPanel("window_opens_at"), FieldPanel("window_closes_at")]),
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
        """The application form for this round (the submissions app decides whether it accepts)."""
        from submissions import views as submission_views

        form_view = getattr(submission_views, "application_form", None)
        if form_view is None:
            raise Http404(_("Online applications are not available."))
        return form_view(request, self)


class PublicityNotice(RoutablePageMixin, NoticePage):
    """A 公示 of the proposed list (Art. 10): the period, the entries, how to object. While the period is
    open its page links to the objection form (objection/); once it ends, editors add the outcome on the
    same page, which then shows it first."""

    KIND = NoticeKind.PUBLICITY

    period_starts_on = models.DateField(_("publicity starts on"))
    working_days = models.PositiveSmallIntegerField(
        _("length in working days"),
        default=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
        help_text=_(
            "The end date is computed from this with the official holiday and 调休 calendar. "
            "Clear it to enter the end date by hand."
        ),
    )
    period_ends_on = models.DateField(
        _("publicity ends on"),
        null=True,
        blank=True,
        help_text=_(
            "Included in full (to 23:59:59 China time). Computed when the length in working days is given; "
            "otherwise enter it here."
        ),
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
    api_fields = [
        *NoticePage.api_fields,
        APIField("period_starts_on"),
        APIField("period_ends_on"),
        APIField("working_days"),
        APIField("entries"),
        APIField("objection_instructions"),
        APIField("outcome"),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("publicity notice")
        verbose_name_plural = _("publicity notices")

    def clean(self):
        """Art. 10: the period is computed from its length in working days when that is given; where the
        holiday calendar does not cover the period the editor enters the end date by hand. A period never
        ends before it starts."""
        super().clean()
        if self.working_days and self.period_starts_on:
            try:
                self.period_ends_on = windows.publicity_ends_on(self.period_starts_on, self.working_days)
            except CalendarNotCovered as exc:
                raise ValidationError(
                    {
                        "working_days": _(
                            "The official holiday calendar for %(year)s is not known yet, so the end date cannot be "
                            "computed. Clear the length in working days and enter the end date by hand."
                        )
                        % {"year": exc.year}
                    }
                ) from exc
        if not self.period_ends_on:
            raise ValidationError(
                {"period_ends_on": _("Enter the last day of the period, or its length in working days.")}
            )
        if self.period_starts_on and self.period_ends_on < self.period_starts_on:
            raise ValidationError({"period_ends_on": _("The period cannot end before it starts.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        status = self.status
        context["status"] = status
        context["form_url"] = self.url + self.reverse_subpage("objection") if self.url else None
        context["has_ended"] = bool(status and status.state is windows.WindowState.ENDED)
        context["entries"] = self.entries.select_related("center", "area", "industry")
        return context

    @path("objection/", name="objection")
    def objection(self, request):
        """The objection form for this 公示 (the submissions app decides whether it accepts)."""
        from submissions import views as submission_views

        form_view = getattr(submission_views, "objection_form", None)
        if form_view is None:
            raise Http404(_("Online objections are not available."))
        return form_view(request, self)


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
    kind = models.CharField(_("kind of center"), max_length=20, choices=CenterKind.choices, blank=True)
    area = models.ForeignKey(
        "directory.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    industry = models.ForeignKey(
        "directory.Industry",
        verbose_name=_("industry served"),
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
    api_fields = [
        APIField("center"),
        APIField("display_name"),
        APIField("lead_unit_name"),
        APIField("kind"),
        APIField("area_name"),
        APIField("industry_name"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("proposed center")
        verbose_name_plural = _("proposed centers")

    def clean(self):
        super().clean()
        if not self.center_id and not self.proposed_name:
            raise ValidationError({"proposed_name": _("Choose a center or enter the proposed center's name.")})

    @property
    def display_name(self) -> str:
        return self.center.title if self.center_id else self.proposed_name

    @property
    def display_lead_unit(self) -> str:
        return self.lead_unit_name or (self.center.lead_unit_name if self.center_id else "")

    @property
    def display_kind(self) -> str:
        kind = self.kind or (self.center.kind if self.center_id else "")
        return str(CENTER_KIND_LABELS[kind]) if kind else ""

    @property
    def area_name(self) -> str:
        return self.area.name if self.area_id else ""

    @property
    def industry_name(self) -> str:
        return self.industry.name if self.industry_id else ""

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
    api_fields = [*NoticePage.api_fields, APIField("evaluation_year"), APIField("ratings")]
    base_form_class = EvaluationBulletinForm
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("evaluation bulletin")
        verbose_name_plural = _("evaluation bulletins")

    def clean(self):
        """Art. 13: one rating per center per year, so a center appears once on a bulletin."""
        super().clean()
        seen = set()
        for rating in self.ratings.all():
            if rating.center_id in seen:
                raise ValidationError(
                    _("%(center)s is rated more than once; keep one rating per center.") % {"center": rating.center}
                )
            seen.add(rating.center_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ratings"] = self.ratings.select_related("center", "center__area")
        return context


class BulletinRating(Orderable):
    """One center's rating on an evaluation bulletin (Art. 13: 优秀, 良好, 合格 or 不合格)."""

    bulletin = ParentalKey(EvaluationBulletin, on_delete=models.CASCADE, related_name="ratings")
    center = models.ForeignKey(
        "directory.CenterPage", verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)

    panels = [FieldRowPanel([FieldPanel("center"), FieldPanel("rating")])]
    api_fields = [APIField("center"), APIField("rating"), APIField("rating_label")]

    class Meta(Orderable.Meta):
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    @property
    def rating_label(self) -> str:
        return str(RATING_LABELS.get(self.rating, self.rating))


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
    api_fields = [
        *NoticePage.api_fields,
        APIField("center"),
        APIField("cause"),
        APIField("cause_label"),
        APIField("effective_on"),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("revocation notice")
        verbose_name_plural = _("revocation notices")

    @property
    def cause_label(self) -> str:
        return str(self.get_cause_display())


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
    api_fields = [*NoticePage.api_fields, APIField("in_force_from")]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
