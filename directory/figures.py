"""The directory's sections of the figures page (数据统计, hook "figures_sections", see home.figures):
centers by kind and by city, ratings per year from published bulletins, events per month. Centers are
counted with the directory's own facet counts (`CenterFilterSet`), so the figures, the map and the
directory's filters agree."""

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from directory.filters import CenterFilterSet
from directory.models import CenterKind, CenterRating, DirectoryPage, EventPage, Rating
from home.figures import FigureSection


def _directory(locale):
    return DirectoryPage.objects.live().filter(locale=locale).first()


def center_sections(*, page, request) -> list[FigureSection]:
    directory = _directory(page.locale)
    if directory is None:
        return []
    filterset = CenterFilterSet({}, queryset=directory.centers(), locale=page.locale, current_by_default=True)
    by_kind = filterset.facet_counts()["kind"]
    per_kind = {}
    for kind in CenterKind.values:
        per_kind[kind] = CenterFilterSet(
            {"kind": kind}, queryset=directory.centers(), locale=page.locale, current_by_default=True
        ).region_counts()
    names = filterset.filters["region"].extra["choices"]
    note = _("Centers in the programme today (revoked centers are not counted), as in the directory.")
    return [
        FigureSection(
            key="centers-by-kind",
            title=_("Centers by kind"),
            row_heading=_("Kind"),
            series=[_("Centers")],
            rows=[(str(label).capitalize(), [by_kind.get(kind, 0)]) for kind, label in CenterKind.choices],
            notes=[note],
            order=10,
        ),
        FigureSection(
            key="centers-by-city",
            title=_("Centers by city"),
            row_heading=_("City"),
            series=[str(label).capitalize() for _kind, label in CenterKind.choices],
            rows=[(name, [per_kind[kind].get(slug, 0) for kind in CenterKind.values]) for slug, name in names],
            notes=[note],
            order=20,
        ),
    ]


def rating_section(*, page, request) -> list[FigureSection]:
    """Ratings per evaluation year (Art. 13), from published bulletins only: one per center per year."""
    rows = (
        CenterRating.objects.filter(source_page__live=True).order_by().values("year", "rating").annotate(n=Count("pk"))
    )
    table: dict[int, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["year"], {})[row["rating"]] = row["n"]
    return [
        FigureSection(
            key="ratings-by-year",
            title=_("Evaluation ratings by year"),
            row_heading=_("Year"),
            series=[str(label).capitalize() for _value, label in Rating.choices],
            rows=[(str(year), [table[year].get(r, 0) for r in Rating.values]) for year in sorted(table)],
            notes=[_("From the published evaluation bulletins.")],
            order=30,
        )
    ]


def event_section(*, page, request) -> list[FigureSection]:
    """Matchmaking events per month (China time), already held and still to come."""
    now = timezone.now()
    events = EventPage.objects.live().filter(locale=page.locale).order_by()
    table: dict = {}
    for key, queryset in (("past", events.filter(ends_at__lt=now)), ("upcoming", events.filter(ends_at__gte=now))):
        for row in queryset.annotate(month=TruncMonth("starts_at")).values("month").annotate(n=Count("pk")):
            table.setdefault(row["month"].date() if hasattr(row["month"], "date") else row["month"], {})[key] = row["n"]
    return [
        FigureSection(
            key="events-by-month",
            title=_("Matchmaking events by month"),
            row_heading=pgettext("figures", "Month"),
            series=[_("held"), _("upcoming")],
            rows=[
                (month.strftime("%Y-%m"), [table[month].get("past", 0), table[month].get("upcoming", 0)])
                for month in sorted(table)
            ],
            order=60,
        )
    ]
