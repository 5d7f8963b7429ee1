"""Which areas and industries a notice concerns: those the editor chose on the page (`NoticePage.areas`,
`NoticePage.industries`) and those of its entries — a 公示's entries (their area and industry, or their
center's), a bulletin's rated centers, a revocation's center. Areas and industries are matched by slug,
the same in every language, so a Chinese notice and its English translation concern the same ones.

`area_q`/`industry_q` are the queryset filters (`NoticePageQuerySet.in_area` / `in_industry`: the listing, the
feeds); `notice_topics` is the same rule for one notice in Python (`NoticePage.topics`, the alerts). A notice
naming no area concerns the whole province.

`NoticePage` (base.py) asks here, and the models holding a notice's entries live in modules that import base.py:
this module names them by label when a query is built (`_notice_models`), as a ForeignKey names a model, and
imports none of them."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import CharField, Exists, OuterRef, Q, Value

from directory.models import Area, Industry
from directory.selectors import taxonomy_choices


@dataclass(frozen=True)
class Topics:
    area_slugs: frozenset[str]
    industry_slugs: frozenset[str]


def _notice_models():
    """NoticePage, PublicityEntry, BulletinRating and RevocationNotice, from the app registry."""
    return tuple(
        apps.get_model("notices", name)
        for name in ("NoticePage", "PublicityEntry", "BulletinRating", "RevocationNotice")
    )


def area_q(slug: str) -> Q:
    """Notices (rows of `NoticePage` or a subclass) that concern the area `slug`."""
    NoticePage, PublicityEntry, BulletinRating, RevocationNotice = _notice_models()
    outer = OuterRef("pk")
    return Q(
        Exists(NoticePage.areas.through.objects.filter(noticepage_id=outer, area__slug=slug))
        | Exists(PublicityEntry.objects.filter(Q(area__slug=slug) | Q(center__area__slug=slug), notice_id=outer))
        | Exists(BulletinRating.objects.filter(bulletin_id=outer, center__area__slug=slug))
        | Exists(RevocationNotice.objects.filter(pk=outer, center__area__slug=slug))
    )


def industry_q(slug: str) -> Q:
    """Notices that concern the industry `slug`."""
    NoticePage, PublicityEntry, BulletinRating, RevocationNotice = _notice_models()
    outer = OuterRef("pk")
    by_center = Q(center__industry_links__industry__slug=slug)
    return Q(
        Exists(NoticePage.industries.through.objects.filter(noticepage_id=outer, industry__slug=slug))
        | Exists(PublicityEntry.objects.filter(Q(industry__slug=slug) | by_center, notice_id=outer))
        | Exists(BulletinRating.objects.filter(by_center, bulletin_id=outer))
        | Exists(RevocationNotice.objects.filter(by_center, pk=outer))
    )


def notice_topics(notice) -> Topics:
    """The slugs of the areas and industries `notice` concerns: one query whatever its kind."""
    NoticePage, PublicityEntry, BulletinRating, RevocationNotice = _notice_models()
    pk = notice.pk
    areas = Area.objects.filter(
        Q(pk__in=NoticePage.areas.through.objects.filter(noticepage_id=pk).values("area_id"))
        | Q(pk__in=PublicityEntry.objects.filter(notice_id=pk).values("area_id"))
        | Q(pk__in=PublicityEntry.objects.filter(notice_id=pk).values("center__area_id"))
        | Q(pk__in=BulletinRating.objects.filter(bulletin_id=pk).values("center__area_id"))
        | Q(pk__in=RevocationNotice.objects.filter(pk=pk).values("center__area_id"))
    )
    industries = Industry.objects.filter(
        Q(pk__in=NoticePage.industries.through.objects.filter(noticepage_id=pk).values("industry_id"))
        | Q(pk__in=PublicityEntry.objects.filter(notice_id=pk).values("industry_id"))
        | Q(pk__in=PublicityEntry.objects.filter(notice_id=pk).values("center__industry_links__industry_id"))
        | Q(pk__in=BulletinRating.objects.filter(bulletin_id=pk).values("center__industry_links__industry_id"))
        | Q(pk__in=RevocationNotice.objects.filter(pk=pk).values("center__industry_links__industry_id"))
    )
    tagged = (
        areas.order_by()
        .values_list(Value("area", output_field=CharField()), "slug")
        .union(industries.order_by().values_list(Value("industry", output_field=CharField()), "slug"))
    )
    rows = list(tagged)
    return Topics(
        frozenset(slug for tag, slug in rows if tag == "area"),
        frozenset(slug for tag, slug in rows if tag == "industry"),
    )


def taxonomy_names(topics: Topics, locale) -> dict[str, list[str]]:
    """The names of `topics` in `locale`, in the editors' order (the taxonomies are kept per process)."""
    return {
        "areas": [name for slug, name in taxonomy_choices(Area, locale) if slug in topics.area_slugs],
        "industries": [name for slug, name in taxonomy_choices(Industry, locale) if slug in topics.industry_slugs],
    }
