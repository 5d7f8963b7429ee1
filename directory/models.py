"""Centers, the taxonomies that classify them, their ratings, and matchmaking events.

Pages: DirectoryPage (/centers/) → CenterPage; EventIndexPage (/events/) → EventPage.
Snippets (translatable, stable slugs): Area, Industry, Service.
Status and ratings are written by `directory.services` only (from bulletins, revocations and lifecycle
rules), never typed into the page editor, and survive page revisions (see `CenterPage.with_content_json`).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from directory.validators import normalise_credit_code, validate_credit_code
from home.search import index_text


class CenterKind(models.TextChoices):
    """Art. 5: the two kinds of center."""

    REGIONAL = "regional", _("regional")
    INDUSTRY = "industry", _("industry")


class CenterStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    REORGANISING = "reorganising", _("under reorganisation")
    REVOKED = "revoked", _("revoked")


class Rating(models.TextChoices):
    """Art. 13: the four grades of the annual evaluation, best first."""

    EXCELLENT = "excellent", _("excellent")
    GOOD = "good", _("good")
    PASS = "pass", _("pass")
    FAIL = "fail", _("fail")


class RevocationCause(models.TextChoices):
    """Art. 15: the four causes for revoking a center."""

    TWO_FAILS = "two_fails", _("(1) failed the evaluation two years running")
    FALSE_MATERIALS = "false_materials", _("(2) false materials or data")
    ACCIDENT_OR_VIOLATION = (
        "accident_or_violation",
        _("(3) a major quality or safety accident or serious violation of law"),
    )
    CLOSURE = "closure", _("(4) closure or termination")


# --- Taxonomies -----------------------------------------------------------------------------------


class TaxonomyBase(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"), max_length=60, help_text=_("Stable address part used in filters, e.g. nanchang.")
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Area(TaxonomyBase):
    """One of the 12 areas: the 11 设区市 and 赣江新区. Each has a city bureau that receives applications
    (Art. 7) and manages the regional centers there (Art. 11)."""

    division_code = models.CharField(_("administrative division code"), max_length=6, blank=True)
    bureau_name = models.CharField(
        _("city bureau"), max_length=100, help_text=_("e.g. 南昌市工业和信息化局; for 赣江新区, 赣江新区经发局.")
    )

    panels = [*TaxonomyBase.panels, FieldPanel("division_code"), FieldPanel("bureau_name")]

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class Industry(TaxonomyBase):
    """An industry a center serves (e.g. 稀土, 电子信息)."""

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


class Service(TaxonomyBase):
    """One of the ten public services of Art. 2 (供需对接, 诊断咨询, …)."""

    description = models.TextField(_("description"), blank=True)

    panels = [*TaxonomyBase.panels, FieldPanel("description")]

    class Meta(TaxonomyBase.Meta):
        verbose_name = _("service")
        verbose_name_plural = _("services")
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


# --- The directory --------------------------------------------------------------------------------


class DirectoryPage(Page):
    """The directory of approved centers at /centers/: search, filters with counts, open-data export."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.CenterPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("center directory")


class CenterPage(Page):
    """A provincial Digital Transformation Promotion Center: who runs it, what it offers, its standing.
    Appears in the directory, in search, and in 公示 lists and evaluation bulletins that name it."""

    SERVICE_MANAGED_FIELDS = ("status", "status_changed_on", "revocation_cause", "latest_rating", "latest_rating_year")

    kind = models.CharField(_("kind"), max_length=20, choices=CenterKind.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    lead_unit_name = models.CharField(_("lead unit"), max_length=200)
    lead_unit_credit_code = models.CharField(
        _("lead unit's unified social credit code"), max_length=18, validators=[validate_credit_code], db_index=True
    )
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

    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.FilterField("kind"),
        index.FilterField("status"),
        index.FilterField("area_id"),
        index.FilterField("latest_rating"),
        index.FilterField("locale_id"),
    ]

    parent_page_types = ["directory.DirectoryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centers")

    def clean(self):
        super().clean()
        if self.lead_unit_credit_code:
            self.lead_unit_credit_code = normalise_credit_code(self.lead_unit_credit_code)
        industries = [link for link in self.industry_links.all() if link.industry_id]
        if self.kind == CenterKind.REGIONAL and len(industries) < 2:
            raise ValidationError(
                {"kind": _("A regional center must serve at least two industries (Art. 5); add them below.")}
            )
        if self.kind == CenterKind.INDUSTRY and len(industries) != 1:
            raise ValidationError({"kind": _("An industry center serves exactly one industry (Art. 5).")})

    def with_content_json(self, content):
        """Revisions never roll back status or ratings: those belong to bulletins and revocations."""
        obj = super().with_content_json(content)
        for name in self.SERVICE_MANAGED_FIELDS:
            setattr(obj, name, getattr(self, name))
        return obj

    def search_text(self) -> str:
        return index_text(
            self.title,
            " ".join(f.name for f in self.former_names.all()),
            self.lead_unit_name,
            self.area.name if self.area_id else "",
            " ".join(link.industry.name for link in self.industry_links.all() if link.industry_id),
            " ".join(link.service.name for link in self.service_links.all() if link.service_id),
            self.introduction,
        )


class CenterIndustry(Orderable):
    center = ParentalKey(CenterPage, on_delete=models.CASCADE, related_name="industry_links")
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("industry")]


class CenterService(Orderable):
    """A service of Art. 2 that this center offers, with what it actually provides."""

    center = ParentalKey(CenterPage, on_delete=models.CASCADE, related_name="service_links")
    service = models.ForeignKey(Service, verbose_name=_("service"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("what this center provides"), blank=True)

    panels = [FieldPanel("service"), FieldPanel("description")]


class ConsortiumMember(Orderable):
    """A member of the consortium (联合体) that runs a center with its lead unit (Art. 4)."""

    center = ParentalKey(CenterPage, on_delete=models.CASCADE, related_name="consortium_members")
    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
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


# --- Events ---------------------------------------------------------------------------------------


class EventIndexPage(Page):
    """Supply–demand matchmaking events (供需对接会) at /events/, upcoming first; a calendar feed."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event list")


class EventPage(Page):
    """A supply–demand matchmaking event (Art. 18), organised by one or more centers."""

    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), null=True, blank=True)
    how_to_register = models.TextField(_("how to register"), blank=True)
    description = RichTextField(_("description"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("venue"),
        FieldPanel("area"),
        InlinePanel("industry_links", heading=_("Industries"), label=_("industry")),
        InlinePanel("organisers", heading=_("Organising centers"), label=_("organiser")),
        FieldPanel("audience"),
        FieldRowPanel([FieldPanel("registration_deadline"), FieldPanel("capacity")]),
        FieldPanel("how_to_register"),
        FieldPanel("description"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.FilterField("starts_at"),
        index.FilterField("area_id"),
        index.FilterField("locale_id"),
    ]
    parent_page_types = ["directory.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("matchmaking event")
        verbose_name_plural = _("matchmaking events")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})

    def search_text(self) -> str:
        return index_text(
            self.title,
            self.venue,
            self.area.name if self.area_id else "",
            " ".join(link.industry.name for link in self.industry_links.all() if link.industry_id),
            " ".join(o.center.title for o in self.organisers.all() if o.center_id),
            self.description,
        )


class EventIndustry(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="industry_links")
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("industry")]


class EventOrganiser(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="organisers")
    center = models.ForeignKey(
        CenterPage, verbose_name=_("center"), on_delete=models.CASCADE, related_name="event_links"
    )

    panels = [FieldPanel("center")]
