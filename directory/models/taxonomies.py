"""The fixed choices of the measures and the taxonomies editors manage (areas, industries, services)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.search import index


class CenterKind(models.TextChoices):
    """Art. 5: the two kinds of center."""

    REGIONAL = "regional", pgettext_lazy("center kind", "regional")
    INDUSTRY = "industry", pgettext_lazy("center kind", "industry")


class CenterStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("center status", "active")
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


# --- Taxonomies--------------------------------------------------------------------------------


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


class AreaIndustryNamesMixin:
    """For a page classified by an `area` foreign key and `industry_links` (a center, an event): the
    names of both as open data (`api_fields`), in the taxonomies' own language."""

    @property
    def area_name(self) -> str:
        return self.area.name if self.area_id else ""

    @property
    def industry_names(self) -> list[str]:
        return [link.industry.name for link in self.industry_links.all() if link.industry_id]
