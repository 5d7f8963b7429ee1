"""The figures page (数据统计, issue 19): sections of counts that the apps above register through the Wagtail
hook "figures_sections", each drawn on the server as an accessible SVG bar chart, with its data table and
a CSV download. A hook is `fn(*, page, request) -> list[FigureSection]`; the numbers come from each
app's own selectors (the directory's facet counts, the 公示 pages' counts), never from a query of ours."""

import csv
import io
from dataclasses import dataclass, field

from wagtail import hooks

FIGURES_SECTIONS_HOOK = "figures_sections"

LABEL_WIDTH = 150
BAR_WIDTH = 300
BAR_HEIGHT = 16
BAR_GAP = 3
ROW_GAP = 12
VALUE_SPACE = 40


@dataclass
class FigureSection:
    """One chart and table: `rows` are (label, [value per series]); `series` names the columns."""

    key: str
    title: str
    series: list[str]
    rows: list[tuple[str, list[int]]]
    row_heading: str
    description: str = ""
    order: int = 100
    notes: list[str] = field(default_factory=list)

    @property
    def totals(self) -> list[int]:
        return [sum(values[i] for _, values in self.rows) for i in range(len(self.series))]

    def chart(self) -> dict:
        """The bars' geometry: one group per row, one bar per series, scaled to the largest value."""
        top = max([v for _, values in self.rows for v in values] + [1])
        groups, y = [], 0
        per_row = len(self.series) * (BAR_HEIGHT + BAR_GAP)
        for label, values in self.rows:
            bars = []
            for i, value in enumerate(values):
                width = round(BAR_WIDTH * value / top, 1)
                bar_y = y + i * (BAR_HEIGHT + BAR_GAP)
                bars.append(
                    {
                        "series": i,
                        "value": value,
                        "y": bar_y,
                        "width": width,
                        "text_x": LABEL_WIDTH + width + 4,
                        "text_y": bar_y + BAR_HEIGHT - 3,
                    }
                )
            groups.append({"label": label, "y": y, "label_y": y + per_row / 2 + 4, "bars": bars})
            y += per_row + ROW_GAP
        return {
            "width": LABEL_WIDTH + BAR_WIDTH + VALUE_SPACE,
            "height": max(y, 1),
            "label_x": LABEL_WIDTH - 6,
            "bar_x": LABEL_WIDTH,
            "bar_height": BAR_HEIGHT,
            "groups": groups,
        }

    def csv_text(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([self.row_heading, *self.series])
        for label, values in self.rows:
            writer.writerow([label, *values])
        return out.getvalue()


def figures_sections(*, page, request) -> list[FigureSection]:
    """Every registered section, in their `order`."""
    sections = []
    for fn in hooks.get_hooks(FIGURES_SECTIONS_HOOK):
        sections.extend(fn(page=page, request=request))
    return sorted(sections, key=lambda s: s.order)
