"""A 公示 of the proposed list (Art. 10), its entries, and its objection form route."""

import contextlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from directory.models import CenterIndustry, CenterKind
from home.page_views import PageViewsMixin
from home.search import name_index_text
from notices import windows
from notices import working_days as official_calendar
from notices.forms import PublicityNoticeForm
from notices.models.base import CENTER_KIND_LABELS, NoticeKind, NoticePage, localized

OBJECTION_FORM_HOOK = "notice_objection_form"


class PublicityNotice(PageViewsMixin, RoutablePageMixin, NoticePage):
    """A 公示 of the proposed list (Art. 10): the period, the entries, how to object. While the period is
    open its page links to the objection form (objection/); once it ends, the page shows the result first,
    written from the objections' counts (`publicity_result_text`), never typed."""

    KIND = NoticeKind.PUBLICITY
    base_form_class = PublicityNoticeForm

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
    round_notice = models.ForeignKey(
        "notices.ApplicationNotice",
        verbose_name=_("application notice of the round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="round_publicities",
        help_text=_("The application notice this 公示 comes from. Its page links here, and this page links back."),
    )
    list_notice = models.ForeignKey(
        "notices.NoticePage",
        verbose_name=_("published list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="list_publicities",
        help_text=_("The notice that published the recognised centers after this 公示 (Art. 10), once there is one."),
    )

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        MultiFieldPanel(
            [FieldPanel("period_starts_on"), FieldRowPanel([FieldPanel("working_days"), FieldPanel("period_ends_on")])],
            heading=_("Publicity period"),
        ),
        InlinePanel("entries", label=_("entry"), heading=_("Proposed list")),
        MultiFieldPanel(
            [FieldPanel("round_notice"), FieldPanel("list_notice")],
            heading=_("The yearly cycle"),
        ),
        FieldPanel("objection_instructions"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
    ]
    api_fields = [
        *NoticePage.api_fields,
        APIField("period_starts_on"),
        APIField("period_ends_on"),
        APIField("working_days"),
        APIField("entries"),
        APIField("objection_instructions"),
        APIField("round_notice"),
        APIField("list_notice"),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("publicity notice")
        verbose_name_plural = _("publicity notices")

    def clean(self):
        """Art. 10: the period is computed from its length in working days when that is given and the
        official calendar covers it. A period never ends before it starts. A draft may lack its end date
        (`publication_errors` says what publishing needs); a live page may not."""
        super().clean()
        if self.working_days and self.period_starts_on:
            # Where the calendar does not cover the period, publication_errors() says which year is missing.
            with contextlib.suppress(official_calendar.CalendarNotCovered):
                self.period_ends_on = windows.publicity_ends_on(self.period_starts_on, self.working_days)
        if self.period_starts_on and self.period_ends_on and self.period_ends_on < self.period_starts_on:
            raise ValidationError({"period_ends_on": _("The period cannot end before it starts.")})
        checked_by_form = getattr(self, "checks_publication_in_form", False)
        if self.live and not checked_by_form and (errors := self.publication_errors()):
            raise ValidationError(errors)

    def calendar_gap(self) -> "official_calendar.CalendarNotCovered | None":
        """Why the end date cannot be computed from the length in working days (the year nobody has entered
        in the holiday calendar), or None."""
        if not (self.working_days and self.period_starts_on):
            return None
        try:
            windows.publicity_ends_on(self.period_starts_on, self.working_days)
        except official_calendar.CalendarNotCovered as gap:
            return gap
        return None

    def publication_errors(self) -> dict:
        """What must be fixed before this 公示 can be published, by field: its last day."""
        if self.period_ends_on:
            return {}
        if gap := self.calendar_gap():
            advice = _("Until it is entered, clear the length in working days and enter the end date by hand.")
            return {"working_days": f"{gap.message} {advice}"}
        return {"period_ends_on": _("Enter the last day of the period, or its length in working days.")}

    def search_text(self) -> str:
        """The notice's text and the list's entries: each proposed center's name and lead unit (with
        pinyin, as names are indexed everywhere), so site search finds a center named in a 公示."""
        names = []
        for entry in self.entries.all():
            names += [entry.display_name, entry.display_lead_unit]
        return " ".join([super().search_text(), name_index_text(*(n for n in names if n))])

    def cycle_pages(self):
        """This 公示 with the application notice it came from and the notice that published the list (read
        from the page it was translated from when this translation does not name them); both in one query."""
        source = self
        if not (self.round_notice_id or self.list_notice_id):
            source = (
                PublicityNotice.objects.filter(translation_key=self.translation_key)
                .exclude(round_notice=None, list_notice=None)
                .first()
            ) or self
        ids = [pk for pk in (source.round_notice_id, source.list_notice_id) if pk]
        linked = {p.pk: p for p in NoticePage.objects.filter(pk__in=ids).select_related("applicationnotice")}
        round_notice = linked.get(source.round_notice_id)
        round_notice = getattr(round_notice, "applicationnotice", None) if round_notice else None
        return round_notice, self, linked.get(source.list_notice_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        status = self.status
        context["status"] = status
        context["form_url"] = self.url + self.reverse_subpage("objection") if self.url else None
        context["has_ended"] = bool(status and status.state is windows.WindowState.ENDED)
        entries = list(self.entries.select_related("center", "area", "industry"))
        shown = localized([o for e in entries for o in (e.center, e.area, e.industry)], self.locale_id)
        for entry in entries:  # in this page's language where translated (not saved)
            for name in ("center", "area", "industry"):
                obj = getattr(entry, name)
                if obj is not None:
                    setattr(entry, name, shown[(type(obj), obj.pk)])
        prefetch_related_objects(
            [e.center for e in entries if e.center is not None and not e.industry_id],
            Prefetch("industry_links", queryset=CenterIndustry.objects.select_related("industry")),
        )
        context["entries"] = entries
        return context

    @path("objection/", name="objection")
    def objection(self, request):
        """The objection form for this 公示: the view registered for the Wagtail hook "notice_objection_form"
        (`fn(request, notice) -> HttpResponse`; the submissions app's), which decides whether it accepts.
        404 when no app registers one."""
        return self.serve_view(request, OBJECTION_FORM_HOOK)


def publicity_result_text(*, received: int, upheld: int, in_progress: int = 0) -> str:
    """Art. 10: the public result of a 公示 whose period has ended, in the active language, written from
    the objections' counts (the submissions app passes them): "公示期内未收到异议" or "公示期内收到异议
    N 件，其中成立 M 件", and how many are still being checked."""
    if not received:
        return gettext("No objection was received during the publicity period.")
    text = ngettext(
        "%(received)s objection was received during the publicity period; %(upheld)s of them upheld.",
        "%(received)s objections were received during the publicity period; %(upheld)s of them upheld.",
        received,
    ) % {"received": received, "upheld": upheld}
    if in_progress:
        text += " " + gettext("%(count)s still being checked.") % {"count": in_progress}
    return text


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
    proposed_name = models.CharField(
        pgettext_lazy("publicity entry", "proposed center name"), max_length=200, blank=True
    )
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
        """The industry entered, or the industries the listed center serves (a regional center serves
        two or more, Art. 5)."""
        if self.industry_id:
            return self.industry.name
        if self.center_id:
            separator = str(pgettext_lazy("list separator", ", "))
            return separator.join(link.industry.name for link in self.center.industry_links.all() if link.industry_id)
        return ""

    def __str__(self):
        return self.display_name
