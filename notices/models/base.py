"""What every notice has, and the list they sit under at /notices/.

`NoticePage` holds what every notice has (文号, issuing units, publication date, body, attachments); five
page types extend it, one module each in this package. The listing, feed, search and API query
`NoticePage`, so they treat all five alike. Windows are judged by `notices.windows`, the areas and
industries a notice concerns by `topics`. Other apps add panels to a notice's page through the Wagtail hook
"notice_page_panels" (see `NoticePage.page_panels`); the list's context and feeds are in `notices.views`.
"""

import datetime as dt

from django import forms
from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from directory.models import CenterKind, Rating
from home.blocks import BodyBlock
from home.cache import page_locale
from home.page_views import PageViewsMixin
from home.routing import ChildRoutesMixin
from home.search import index_text, name_index_text, page_search_fields
from notices import cycle, windows
from notices.models.topics import area_q, industry_q, notice_topics, taxonomy_names

NOTICE_PAGE_PANELS_HOOK = "notice_page_panels"
# The views of the notice list, by Wagtail hook name (home/page_views.py): in notices/views.py, registered by
# notices/wagtail_hooks.py. `(request, index) -> dict` for the list's context, `-> HttpResponse` for the feeds.
NOTICE_LIST_CONTEXT_HOOK = "notice_list_context"
NOTICE_RSS_FEED_HOOK = "notice_rss_feed"
NOTICE_ATOM_FEED_HOOK = "notice_atom_feed"

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
    EVALUATION_ROUND = "evaluation_round", _("evaluation notice")
    REVOCATION = "revocation", _("revocation notice")
    POLICY = "policy", _("policy document")


# The kinds of notice that open a window (applications, a 公示's objections, evaluation materials): their
# status needs the specific page. `notices.selectors.with_window_types` loads exactly these.
WINDOW_KINDS = (NoticeKind.APPLICATION, NoticeKind.PUBLICITY, NoticeKind.EVALUATION_ROUND)


class NoticeStatusFilter(models.TextChoices):
    """The window states a listing can be narrowed to (?status=)."""

    OPEN = "open", _("open now")
    UPCOMING = "upcoming", _("not yet open")
    CLOSED = "closed", _("closed or ended")


class NoticePageQuerySet(PageQuerySet):
    """Named filters of the notice listing and feed (called by `notices.filters.NoticeFilterSet`)."""

    def newest_first(self):
        """Newest date first; on the same date the later-made page first. Both columns are the notice's own,
        so the newest come straight from the date index: a tie broken by the page's first publication (in
        wagtailcore_page) made SQLite sort every notice for each listing and the home page (21 ms at 50,000)."""
        return self.order_by("-published_on", "-pk")

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def published_in(self, year: int):
        return self.filter(published_on__year=year)

    def in_area(self, slug: str):
        """Notices concerning the area `slug` (chosen by the editor or from their entries, `topics.area_q`)."""
        return self.filter(area_q(slug))

    def in_industry(self, slug: str):
        return self.filter(industry_q(slug))

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


class NoticeIndexPage(PageViewsMixin, RoutablePageMixin, ChildRoutesMixin, Page):
    """All notices at /notices/, newest first, filterable by kind, year and status (shareable query
    strings), with counts, pagination, an RSS 2.0 feed at feed/ and an Atom feed at feed/atom/."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = [
        "notices.ApplicationNotice",
        "notices.PublicityNotice",
        "notices.EvaluationBulletin",
        "notices.EvaluationRoundNotice",
        "notices.RevocationNotice",
        "notices.PolicyNotice",
    ]
    max_count_per_parent = 1
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("notice list")

    def notices(self):
        """The live notices under this list, newest first, to show a page of them. Each notice is tested as a
        child of this list by its own page row (EXISTS), so SQLite walks the notices newest first from the date
        index and stops after a page (/notices/ at 50,000 notices: 31 -> 14 ms, "open now" 44 -> 19 ms); joined
        on the tree's path, it scanned every page and sorted all the notices. Counting them all is the other
        way round: `counted_notices`."""
        children = Page.objects.child_of(self).filter(pk=OuterRef("pk"))
        return NoticePage.objects.live().filter(Exists(children)).newest_first()

    def counted_notices(self):
        """The same notices, unordered, to count them all (the listing's facets): joined on the tree's path,
        which SQLite counts in one scan of the pages (14 ms at 50,000 notices, where testing each took 72)."""
        return NoticePage.objects.child_of(self).live()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.view_context(request, NOTICE_LIST_CONTEXT_HOOK))
        return context

    @path("feed/", name="feed")
    def rss_feed(self, request):
        return self.serve_view(request, NOTICE_RSS_FEED_HOOK)

    @path("feed/atom/", name="atom_feed")
    def atom_feed(self, request):
        return self.serve_view(request, NOTICE_ATOM_FEED_HOOK)


def default_language_only() -> dict:
    """Editors choose areas and industries among the default language's (matched by slug in every language)."""
    return {"locale__language_code": settings.LANGUAGE_CODE}


def localized(objects, locale_id: int) -> dict:
    """`{(model, pk): its translation into the language locale_id}` for translatable objects (centers, areas, industries) a
    notice refers to, so an English page shows English names where a translation exists; one query per
    model with objects in another language, none when all are in that language already. Objects without a
    translation map to themselves."""
    found, by_model = {}, {}
    for obj in objects:
        if obj is None:
            continue
        found[(type(obj), obj.pk)] = obj
        if obj.locale_id != locale_id:
            by_model.setdefault(type(obj), []).append(obj)
    for model, items in by_model.items():
        translations = model.objects.filter(locale_id=locale_id, translation_key__in={o.translation_key for o in items})
        if hasattr(model, "area_id") and hasattr(model, "live"):
            translations = translations.select_related("area")
        key_map = {t.translation_key: t for t in translations}
        for obj in items:
            found[(model, obj.pk)] = key_map.get(obj.translation_key, obj)
    return found


class NoticePage(Page):
    """What every notice has. Not created directly: pick one of the five kinds."""

    KIND = None

    kind = models.CharField(
        pgettext_lazy("notice kind", "kind"), max_length=20, choices=NoticeKind.choices, editable=False, db_index=True
    )
    document_number = models.CharField(
        _("document number"), max_length=80, blank=True, help_text=_("文号, e.g. 赣工信规字〔2024〕4号")
    )
    issuing_units = models.CharField(
        _("issuing units"),
        max_length=300,
        default="江西省工业和信息化厅",
        help_text=_("Separate several units with 、"),
    )
    published_on = models.DateField(_("publication date"), default=timezone.localdate, db_index=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences shown in lists and the feed.")
    )
    body = StreamField(BodyBlock(), blank=True, use_json_field=True, verbose_name=_("body"))
    areas = ParentalManyToManyField(
        "directory.Area",
        verbose_name=_("areas concerned"),
        blank=True,
        related_name="+",
        limit_choices_to=default_language_only,
        help_text=_(
            "Besides those of its entries. Subscribers and the area filter find the notice by them; "
            "leave empty for the whole province."
        ),
    )
    industries = ParentalManyToManyField(
        "directory.Industry",
        verbose_name=_("industries concerned"),
        blank=True,
        related_name="+",
        limit_choices_to=default_language_only,
        help_text=_("Besides those of its entries."),
    )

    objects = NoticePageManager()

    is_creatable = False
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    common_panels = [
        FieldRowPanel([FieldPanel("document_number"), FieldPanel("published_on")]),
        FieldPanel("issuing_units"),
        FieldPanel("summary"),
        FieldRowPanel(
            [
                FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
                FieldPanel("industries", widget=forms.CheckboxSelectMultiple),
            ]
        ),
    ]
    content_panels = [
        *Page.content_panels,
        *common_panels,
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
    ]
    search_fields = page_search_fields(
        Page.search_fields,
        index.FilterField("kind"),
        index.FilterField("published_on"),
        index.FilterField("locale_id"),
    )
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

    def search_summary(self) -> str:
        """The second-weight field: document number, issuing units and summary."""
        return index_text(self.document_number, self.issuing_units, self.summary)

    def search_text(self) -> str:
        return " ".join([name_index_text(self.title), self.search_summary(), index_text(self.body)])

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
        已结束; an evaluation round's open window reads 评价材料受理中), now; None for notices without a window."""
        if self.kind not in WINDOW_KINDS:
            return None  # no window: no need to load the specific page
        return windows.notice_status(self.specific)

    @property
    def status_data(self) -> dict | None:
        status = self.status
        if status is None:
            return None
        return {"state": status.state.value, "label": status.label, "days_left": status.days_left}

    @cached_property
    def topics(self):
        """The areas and industries this notice concerns (`topics.notice_topics`): one query."""
        return notice_topics(self)

    def topic_names(self) -> dict[str, list[str]]:
        """{"areas": [...], "industries": [...]}: the names in this page's language, in the editors' order."""
        return taxonomy_names(self.topics, page_locale(self))

    def page_panels(self, request) -> list[str]:
        """What other apps show at the end of this notice's page (e.g. the submissions app's public counts),
        as HTML in registration order.

        Each function registered for the Wagtail hook "notice_page_panels" is called as `fn(request, notice)`
        with the specific notice and returns None (nothing to show) or `(template_name, context)`; the
        template is rendered with that context plus `notice`."""
        panels = []
        for fn in hooks.get_hooks(NOTICE_PAGE_PANELS_HOOK):
            panel = fn(request, self)
            if panel:
                template_name, context = panel
                panels.append(render_to_string(template_name, {**context, "notice": self}, request=request))
        return panels

    def cycle_pages(self):
        """The yearly cycle this notice belongs to, as (application notice, 公示, published list), any of them
        None; None when the notice is not part of one. Found through the 公示's `round_notice` and
        `list_notice`, in any language (a translation's links point at the pages they were copied from)."""
        publicities = NoticePage.list_publicities.rel.related_model.objects.live()  # PublicityNotice
        if self.kind == NoticeKind.APPLICATION:
            found = publicities.filter(round_notice__translation_key=self.translation_key)
        else:
            found = publicities.filter(list_notice__translation_key=self.translation_key)
        publicity = found.order_by("-period_starts_on", "-pk").first()
        if publicity is None:
            return (self, None, None) if self.kind == NoticeKind.APPLICATION else None
        return publicity.round_notice, publicity, publicity.list_notice

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_panels"] = self.page_panels(request)
        pages = self.cycle_pages()
        context["cycle"] = cycle.cycle_steps(*pages, locale_id=self.locale_id) if pages else None
        return context


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
