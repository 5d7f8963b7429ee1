"""The directory page, center pages and their ratings.

Status and ratings are written by `directory.services` only (from bulletins, revocations and lifecycle
rules), never typed into the page editor, and survive page revisions (see `CenterPage.with_content_json`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from directory.fields import CreditCodeField, IdListField
from directory.models.querysets import CenterPageManager
from directory.models.taxonomies import (
    Area,
    AreaIndustryNamesMixin,
    CenterKind,
    CenterStatus,
    Industry,
    Rating,
    RevocationCause,
    Service,
)
from directory.rules import management_unit_for, pinyin_sort_key
from home.page_views import PageViewsMixin
from home.routing import ChildRoutesMixin
from home.search import index_text, name_index_text, page_search_fields

# The views of these pages, by Wagtail hook name (home/page_views.py). The directory's own are in
# directory/views.py, registered by directory/wagtail_hooks.py: `(request, directory) -> HttpResponse`, and
# `(request, center) -> dict` for a center page's context.
DIRECTORY_LISTING_HOOK = "directory_listing"
DIRECTORY_MAP_HOOK = "directory_map"
DIRECTORY_EXPORT_CSV_HOOK = "directory_export_csv"
DIRECTORY_EXPORT_JSON_HOOK = "directory_export_json"
CENTER_CONTEXT_HOOK = "center_page_context"
# A center page's forms, registered by submissions: `(request, center) -> HttpResponse`.
CENTER_CHANGE_REPORT_FORM_HOOK = "center_change_report_form"
CENTER_EVALUATION_FORM_HOOK = "center_evaluation_form"

# --- The directory-----------------------------------------------------------------------------


class DirectoryPage(PageViewsMixin, RoutablePageMixin, ChildRoutesMixin, Page):
    """The directory of approved centers at /centers/: search, filters with counts, sorting, and the same
    list as open data at /centers/export.csv and /centers/export.json."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.CenterPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("center directory")

    def centers(self):
        """The live centers of this directory's language."""
        return CenterPage.objects.live().filter(locale_id=self.locale_id)

    @path("")
    def listing(self, request):
        """The directory with its search, filters and counts."""
        return self.serve_view(request, DIRECTORY_LISTING_HOOK)

    @path("map/", name="map")
    def city_map(self, request):
        """A map of Jiangxi's cities shaded by their number of centers, with the same numbers as a table."""
        return self.serve_view(request, DIRECTORY_MAP_HOOK)

    @path("export.csv/", name="export_csv")
    def export_csv(self, request):
        return self.serve_view(request, DIRECTORY_EXPORT_CSV_HOOK)

    @path("export.json/", name="export_json")
    def export_json(self, request):
        return self.serve_view(request, DIRECTORY_EXPORT_JSON_HOOK)


class CenterPage(PageViewsMixin, AreaIndustryNamesMixin, RoutablePageMixin, Page):
    """A provincial Digital Transformation Promotion Center: who runs it, what it offers, its standing.
    Appears in the directory, in search, and in 公示 lists and evaluation bulletins that name it."""

    SERVICE_MANAGED_FIELDS = ("status", "status_changed_on", "revocation_cause", "latest_rating", "latest_rating_year")

    kind = models.CharField(_("kind"), max_length=20, choices=CenterKind.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    lead_unit_name = models.CharField(_("lead unit"), max_length=200)
    lead_unit_credit_code = CreditCodeField(_("lead unit's unified social credit code"), db_index=True)
    management_unit = models.CharField(
        _("management unit"),
        max_length=200,
        blank=True,
        help_text=_(
            "Art. 11: for a regional center its area's city bureau (filled in when left blank); "
            "for an industry center the unit that recommended it."
        ),
    )
    batch_year = models.PositiveSmallIntegerField(_("batch year"))
    introduction = RichTextField(_("introduction"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)

    # Written by directory.services only.
    status = models.CharField(
        _("status"), max_length=20, choices=CenterStatus.choices, default=CenterStatus.ACTIVE, db_index=True
    )
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    revocation_cause = models.CharField(
        _("revocation cause"), max_length=30, choices=RevocationCause.choices, blank=True
    )
    latest_rating = models.CharField(
        _("latest rating"), max_length=20, choices=Rating.choices, blank=True, db_index=True
    )
    latest_rating_year = models.PositiveSmallIntegerField(_("year of latest rating"), null=True, blank=True)
    name_sort_key = models.CharField(
        _("name in pinyin order"), max_length=600, blank=True, editable=False, db_index=True
    )
    # The ids of the industries and services its links name, kept by `save()` from the links it saves: the
    # directory's facet counts read them from `center_facets_idx` with each search hit's other columns, where
    # looking up every hit's links cost more than the rest of the counts together (directory.filters).
    industry_ids = IdListField(_("industry ids"))
    service_ids = IdListField(_("service ids"))

    objects = CenterPageManager()

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("kind"), FieldPanel("area"), FieldPanel("batch_year")]),
        MultiFieldPanel(
            [FieldPanel("lead_unit_name"), FieldPanel("lead_unit_credit_code"), FieldPanel("management_unit")],
            heading=_("Units"),
        ),
        InlinePanel("industry_links", heading=_("Industries served"), label=_("industry"), min_num=1),
        InlinePanel("service_links", heading=_("Services offered"), label=_("service")),
        InlinePanel("consortium_members", heading=_("Consortium members"), label=_("member")),
        FieldPanel("introduction"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email"), FieldPanel("website")],
            heading=_("Contacts"),
        ),
        InlinePanel("former_names", heading=_("Former names"), label=_("former name")),
        HelpPanel(
            content=_(
                "Status and ratings are set by evaluation bulletins, revocation notices and the lifecycle "
                "desk, not here."
            ),
            heading=_("Status and ratings"),
        ),
    ]

    search_fields = page_search_fields(
        Page.search_fields,
        index.FilterField("kind"),
        index.FilterField("status"),
        index.FilterField("area_id"),
        index.FilterField("latest_rating"),
        index.FilterField("locale_id"),
    )

    # Open data (/api/v2/pages/?type=directory.CenterPage&fields=*): every public field of the page.
    api_fields = [
        APIField("kind"),
        APIField("kind_label"),
        APIField("area_name"),
        APIField("industry_names"),
        APIField("services_offered"),
        APIField("status"),
        APIField("status_label"),
        APIField("status_changed_on"),
        APIField("revocation_cause"),
        APIField("ratings"),
        APIField("latest_rating"),
        APIField("latest_rating_year"),
        APIField("lead_unit_name"),
        APIField("management_unit"),
        APIField("batch_year"),
        APIField("introduction"),
        APIField("address"),
        APIField("phone"),
        APIField("email"),
        APIField("website"),
        APIField("member_names"),
        APIField("former_name_list"),
    ]

    parent_page_types = ["directory.DirectoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        indexes = [
            # The directory's facet counts read what they group by for each search hit from this index alone
            # (directory.filters.CenterFilterSet.CARRIED), not from the center's row.
            models.Index(
                # Key columns all (SQLite has no INCLUDE): a lookup by page_ptr reads the rest from the index.
                fields=["page_ptr", "kind", "status", "latest_rating", "area", "industry_ids", "service_ids"],
                name="center_facets_idx",
            )
        ]

    def clean(self):
        super().clean()
        industries = [link for link in self.industry_links.all() if link.industry_id]
        if self.kind == CenterKind.REGIONAL and len(industries) < 2:
            raise ValidationError(
                {"kind": _("A regional center must serve at least two industries (Art. 5); add them below.")}
            )
        errors = {}
        if self.kind == CenterKind.INDUSTRY and len(industries) != 1:
            errors["kind"] = _("An industry center serves exactly one industry (Art. 5).")
        if self.kind == CenterKind.INDUSTRY and not (self.management_unit or "").strip():
            errors["management_unit"] = _(
                "Art. 11: an industry center is managed by the unit that recommended it; enter that unit."
            )
        if errors:
            raise ValidationError(errors)

    @path("report-change/", name="report_change")
    def report_change(self, request):
        """Art. 17: the change-report form for this center (submissions); 404 when none is registered."""
        return self.serve_view(request, CENTER_CHANGE_REPORT_FORM_HOOK)

    @path("evaluation/", name="evaluation")
    def evaluation(self, request):
        """Art. 12–13: the center's evaluation materials for the open round (submissions); 404 when none is
        registered."""
        return self.serve_view(request, CENTER_EVALUATION_FORM_HOOK)

    LINKED_IDS = ("industry_links", "service_links", "industry_ids", "service_ids")

    def save(self, *args, **kwargs):
        self.name_sort_key = pinyin_sort_key(self.title)
        self.management_unit = self.get_management_unit()
        update_fields = kwargs.get("update_fields")
        # A save of some fields only (a new revision's pointers) leaves the links, and the ids with them; one
        # that saves the links (modelcluster commits the relations named in update_fields) writes the ids too.
        if update_fields is None or set(update_fields) & set(self.LINKED_IDS):
            self.industry_ids, self.service_ids = self.linked_ids()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "industry_ids", "service_ids"}
        return super().save(*args, **kwargs)

    def linked_ids(self) -> tuple[list[int], list[int]]:
        """The distinct ids of the industries and of the services its links name (the links it is about to save,
        when they were set on it), in order: what `industry_ids` and `service_ids` hold."""
        return (
            sorted({link.industry_id for link in self.industry_links.all() if link.industry_id}),
            sorted({link.service_id for link in self.service_links.all() if link.service_id}),
        )

    # --- open data (api_fields) ------------------------------------------------------------------------

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())

    @property
    def status_label(self) -> str:
        return str(self.get_status_display())

    @property
    def services_offered(self) -> list[dict]:
        return [
            {"service": link.service.name, "description": link.description}
            for link in self.service_links.all()
            if link.service_id
        ]

    @property
    def ratings(self) -> list[dict]:
        """`[{"year": 2025, "rating": "good", "label": "良好"}, …]`, newest first (Art. 13)."""
        records = CenterRating.objects.filter(center_key=self.translation_key).order_by("-year")
        return [{"year": r.year, "rating": r.rating, "label": str(Rating(r.rating).label)} for r in records]

    @property
    def member_names(self) -> list[str]:
        return [member.name for member in self.consortium_members.all()]

    @property
    def former_name_list(self) -> list[dict]:
        return [{"name": f.name, "until": f.until.isoformat() if f.until else None} for f in self.former_names.all()]

    def get_management_unit(self) -> str:
        """Art. 11, through `directory.rules.management_unit_for`."""
        return management_unit_for(
            kind=self.kind, area=self.area if self.area_id else None, recommended_by=self.management_unit
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.view_context(request, CENTER_CONTEXT_HOOK))
        return context

    def with_content_json(self, content):
        """Revisions never roll back status or ratings: those belong to bulletins and revocations."""
        obj = super().with_content_json(content)
        for name in self.SERVICE_MANAGED_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def search_text(self) -> str:
        """Everything a visitor may type to find this center; built once per instance, because the
        indexer asks for it once per index column."""
        if getattr(self, "_search_text", None) is None:
            self._search_text = self._build_search_text()
        return self._search_text

    def search_summary(self) -> str:
        """The second-weight field: former names, area, industries, services and the introduction."""
        if getattr(self, "_search_summary", None) is None:
            self._search_summary = " ".join(
                [
                    name_index_text(*(f.name for f in self.former_names.all())),
                    name_index_text(self.area.name if self.area_id else "", place=True),
                    index_text(
                        " ".join(link.industry.name for link in self.industry_links.all() if link.industry_id),
                        " ".join(link.service.name for link in self.service_links.all() if link.service_id),
                        self.introduction,
                    ),
                ]
            )
        return self._search_summary

    def _build_search_text(self) -> str:
        return " ".join(
            [
                name_index_text(self.title),
                self.search_summary(),
                index_text(
                    self.lead_unit_name,
                    " ".join(link.description for link in self.service_links.all()),
                ),
            ]
        )


class CenterIndustry(Orderable):
    center = ParentalKey(CenterPage, on_delete=models.CASCADE, related_name="industry_links")
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("industry")]

    class Meta(Orderable.Meta):
        # The industry facet reads a center's industries from this index alone (directory.filters).
        indexes = [models.Index(fields=["center", "industry"], name="center_industry_idx")]


class CenterService(Orderable):
    """A service of Art. 2 that this center offers, with what it actually provides."""

    center = ParentalKey(CenterPage, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("what this center provides"), blank=True)

    panels = [FieldPanel("service"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        # The service facet reads a center's services from this index alone (directory.filters).
        indexes = [models.Index(fields=["center", "service"], name="center_service_idx")]


class ConsortiumMember(Orderable):
    """A member of the consortium (联合体) that runs a center with its lead unit (Art. 4)."""

    center = ParentalKey(CenterPage, on_delete=models.CASCADE, related_name="consortium_members")
    name = models.CharField(_("name"), max_length=200)
    credit_code = CreditCodeField(_("unified social credit code"), blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)

    panels = [FieldPanel("name"), FieldPanel("credit_code"), FieldPanel("role")]


class FormerName(Orderable):
    """A name the center used before a change (Art. 17); still found by search."""

    center = ParentalKey(CenterPage, on_delete=models.CASCADE, related_name="former_names")
    name = models.CharField(_("former name"), max_length=200)
    until = models.DateField(_("used until"), null=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("until")]


class CenterRating(models.Model):
    """A center's rating for one year (Art. 12–14): one per center per year, from a published evaluation
    bulletin or entered by staff with a reason. Keyed by the center's translation key so every language
    version of the center shares it."""

    center_key = models.UUIDField(_("center"), db_index=True)
    year = models.PositiveSmallIntegerField(_("year"))
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)
    source_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("bulletin"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("center rating")
        verbose_name_plural = _("center ratings")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["center_key", "year"], name="one_rating_per_center_year")]

    def __str__(self):
        return f"{self.year}: {self.get_rating_display()}"
