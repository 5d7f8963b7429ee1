"""The map of Jiangxi's 11 设区市 shaded by their number of centers (issue 19), on the directory and on
its own page (/centers/map/). The outlines are read from the committed static SVG that
`manage.py build_jiangxi_map` writes; the numbers are the directory's own facet counts
(`CenterFilterSet.region_counts`), so the map, the directory's "Area" facet and the directory filtered
by a city always agree. No JavaScript: every city is a link to the directory filtered to it."""

import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory.filters import CenterFilterSet
from directory.models import CenterKind

SVG_FILE = Path(__file__).resolve().parent / "static" / "directory" / "jiangxi-cities.svg"
SVG_NS = "{http://www.w3.org/2000/svg}"
POINT_AREA = "ganjiang"  # 赣江新区: a state-level new area, not an administrative area; drawn as a point

# Lower bound of each shade, lightest first (CSS classes map-shade-0 … map-shade-4).
SHADE_FLOORS = (0, 1, 2, 3, 5)


class MapChoice:
    """Which centers the map page counts: `?map=all|regional|industry` (plain links, no JavaScript)."""

    ALL = "all"
    REGIONAL = CenterKind.REGIONAL.value
    INDUSTRY = CenterKind.INDUSTRY.value
    choices = [(ALL, _("all centers")), (REGIONAL, _("regional centers")), (INDUSTRY, _("industry centers"))]


@dataclass(frozen=True)
class Shape:
    slug: str
    d: str = ""
    x: float = 0
    y: float = 0


@lru_cache(maxsize=1)
def map_shapes() -> tuple[str, tuple[Shape, ...], Shape]:
    """(viewBox, the cities' outlines, 赣江新区's point) from the committed SVG, read once per process."""
    root = ET.parse(SVG_FILE).getroot()  # noqa: S314 (our own committed file, not input)
    cities = tuple(
        Shape(
            slug=el.get("data-area"),
            d=el.get("d"),
            x=float(el.get("data-label-x")),
            y=float(el.get("data-label-y")),
        )
        for el in root.iter(f"{SVG_NS}path")
    )
    circle = root.find(f"{SVG_NS}circle")
    point = Shape(slug=circle.get("data-area"), x=float(circle.get("cx")), y=float(circle.get("cy")))
    return root.get("viewBox"), cities, point


def shade_of(count: int) -> int:
    return max(i for i, floor in enumerate(SHADE_FLOORS) if count >= floor)


def legend() -> list[dict]:
    items = []
    for i, floor in enumerate(SHADE_FLOORS):
        upper = SHADE_FLOORS[i + 1] - 1 if i + 1 < len(SHADE_FLOORS) else None
        if upper is None:
            label = f"{floor}+"
        elif upper == floor:
            label = str(floor)
        else:
            label = f"{floor}–{upper}"
        items.append({"shade": i, "label": label})
    return items


def city_label(name: str, count: int) -> str:
    """The accessible name of a city's link: "南昌市：3 个促进中心" / "Nanchang: 3 centers"."""
    return ngettext("%(name)s: %(count)s center", "%(name)s: %(count)s centers", count) % {
        "name": name,
        "count": count,
    }


def city_map(*, counts: dict[str, int], names: dict[str, str], link: Callable[[str], str]) -> dict:
    """What the map template draws: each city's outline, shade, count, link and accessible name, and
    赣江新区 as a marked point. `counts` maps area slugs to numbers, `names` area slugs to names in the
    page's language, `link(slug)` gives the directory address filtered to that area."""
    view_box, shapes, point = map_shapes()

    def item(shape: Shape) -> dict:
        count = counts.get(shape.slug, 0)
        name = names.get(shape.slug, shape.slug)
        return {
            "slug": shape.slug,
            "name": name,
            "count": count,
            "label": city_label(name, count),
            "href": link(shape.slug),
            "shade": shade_of(count),
            "d": shape.d,
            "x": shape.x,
            "y": shape.y,
        }

    cities = [item(shape) for shape in shapes]
    return {
        "view_box": view_box,
        "cities": cities,
        "point": item(point),
        "legend": legend(),
        "total": sum(c["count"] for c in cities) + counts.get(point.slug, 0),
    }


def area_names(filterset: CenterFilterSet) -> dict[str, str]:
    """Area slug → name in the page's language, from the choices the directory's filter already holds."""
    return dict(filterset.filters["region"].extra["choices"])


def directory_map(*, filterset: CenterFilterSet, region_counts: dict[str, int], link: Callable[[str], str]) -> dict:
    """The map on the directory page: the "Area" facet's counts (the other filters kept) drawn on the map."""
    return city_map(counts=region_counts, names=area_names(filterset), link=link)


def map_page_context(page, request) -> dict:
    """The map page (/centers/map/): centers in the directory's default view (not revoked) per city, by
    kind and together; the map shades by the chosen `?map=`, the table shows all three."""
    choice = request.GET.get("map")
    if choice not in dict(MapChoice.choices):
        choice = MapChoice.ALL

    def counts_for(kind: str | None) -> tuple[CenterFilterSet, dict[str, int]]:
        filterset = CenterFilterSet(
            {"kind": kind} if kind else {}, queryset=page.centers(), locale=page.locale, current_by_default=True
        )
        return filterset, filterset.region_counts()

    filterset, regional = counts_for(MapChoice.REGIONAL)
    _, industry = counts_for(MapChoice.INDUSTRY)
    total = {slug: regional.get(slug, 0) + industry.get(slug, 0) for slug in {*regional, *industry}}
    shown = {MapChoice.ALL: total, MapChoice.REGIONAL: regional, MapChoice.INDUSTRY: industry}[choice]
    names = area_names(filterset)

    def link(slug: str, kind: str = choice) -> str:
        params = {"region": slug} if kind == MapChoice.ALL else {"region": slug, "kind": kind}
        return f"{page.url}?{urlencode(params)}"

    drawn = city_map(counts=shown, names=names, link=link)
    rows = [
        {
            "slug": slug,
            "name": name,
            "regional": regional.get(slug, 0),
            "industry": industry.get(slug, 0),
            "total": total.get(slug, 0),
            "href": link(slug, MapChoice.ALL),
            "regional_href": link(slug, MapChoice.REGIONAL),
            "industry_href": link(slug, MapChoice.INDUSTRY),
        }
        for slug, name in names.items()
    ]
    return {
        "city_map": drawn,
        "map_choice": choice,
        "map_choices": [
            {"value": value, "label": label, "url": f"?map={value}", "selected": value == choice}
            for value, label in MapChoice.choices
        ],
        "map_rows": rows,
        "map_totals": {
            "regional": sum(regional.values()),
            "industry": sum(industry.values()),
            "total": sum(total.values()),
        },
    }
