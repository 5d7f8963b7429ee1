"""What an import would do: one action per row (create, update or skip), the errors that stop it and
the notes an editor should read (disagreements with what the site itself recorded).

`Site` loads everything the checks compare against once (taxonomies, centers with their child rows,
ratings, revocations), so checking 5,000 rows asks the database a fixed number of times.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from wagtail.models import Locale

from directory.importing.columns import name_key, place_key
from directory.models import (
    Area,
    CenterPage,
    CenterRating,
    DirectoryPage,
    Industry,
    Revocation,
    Service,
)
from directory.rules import places_held

CREATE, UPDATE, SKIP = "create", "update", "skip"


@dataclass
class Problem:
    """An error or a note about one cell: its row, its column (letter and header) and a message."""

    row: int
    column: str
    message: str


@dataclass
class Action:
    row: int
    action: str
    label: str
    changes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)
    target: object = None


@dataclass
class Plan:
    """The dry run of one file: actions for the rows, errors (nothing is written while there is one) and
    notes (written as reported, nothing overwritten)."""

    kind: str
    actions: list[Action] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_errors

    def _count(self, action: str) -> int:
        return sum(1 for a in self.actions if a.action == action)

    @property
    def created(self) -> int:
        return self._count(CREATE)

    @property
    def updated(self) -> int:
        return self._count(UPDATE)

    @property
    def skipped(self) -> int:
        return self._count(SKIP)

    @property
    def changes(self) -> list[Action]:
        return [a for a in self.actions if a.action != SKIP]

    @property
    def rows(self) -> int:
        return len(self.actions) + len({p.row for p in self.errors})


class Site:
    """What is already on the site, loaded once, with lookups by the keys a spreadsheet uses."""

    def __init__(self):
        self.locale = Locale.get_default()

    @cached_property
    def directory(self) -> DirectoryPage | None:
        return DirectoryPage.objects.filter(locale=self.locale).first()

    def _taxonomy(self, model, key=name_key) -> dict:
        table = {}
        for obj in model.objects.filter(locale=self.locale):
            table.setdefault(key(obj.slug), obj)
        for obj in model.objects.filter(locale=self.locale):
            table[key(obj.name)] = obj
        return table

    @cached_property
    def areas(self) -> dict[str, Area]:
        return self._taxonomy(Area, place_key)

    @cached_property
    def industries(self) -> dict[str, Industry]:
        return self._taxonomy(Industry)

    @cached_property
    def services(self) -> dict[str, Service]:
        return self._taxonomy(Service)

    def area(self, text):
        return self.areas.get(place_key(text))

    @cached_property
    def centers(self) -> list[CenterPage]:
        return list(
            CenterPage.objects.filter(locale=self.locale)
            .select_related("area")
            .prefetch_related(
                "industry_links__industry", "service_links__service", "consortium_members", "former_names"
            )
            .order_by("path")
        )

    @cached_property
    def centers_by_code(self) -> dict[str, list[CenterPage]]:
        table = defaultdict(list)
        for center in self.centers:
            table[center.lead_unit_credit_code.upper()].append(center)
        return table

    @cached_property
    def place_holders(self) -> dict[tuple, CenterPage]:
        """Art. 9 place (`directory.rules.place_of`) → the live center holding it, first in tree order."""
        table = {}
        for center in self.centers:
            if center.live:
                for place in places_held(center):
                    table.setdefault(place, center)
        return table

    @cached_property
    def centers_by_name(self) -> dict[str, CenterPage]:
        return {name_key(c.title): c for c in self.centers}

    @cached_property
    def centers_by_former_name(self) -> dict[str, CenterPage]:
        return {name_key(f.name): c for c in self.centers for f in c.former_names.all()}

    def find_center(self, *, name: str = "", code: str = "") -> CenterPage | None:
        """A center by its lead unit's credit code (the one with this name when several share it), else by
        its name, current or former."""
        by_code = self.centers_by_code.get(code, []) if code else []
        if len(by_code) == 1:
            return by_code[0]
        key = name_key(name)
        named = self.centers_by_name.get(key) or self.centers_by_former_name.get(key)
        if by_code:
            return named if named in by_code else None
        return named

    @cached_property
    def ratings(self) -> dict[tuple, CenterRating]:
        keys = [c.translation_key for c in self.centers]
        return {
            (r.center_key, r.year): r
            for r in CenterRating.objects.filter(center_key__in=keys).select_related("source_page")
        }

    @cached_property
    def revocations(self) -> list[Revocation]:
        return list(Revocation.objects.all())

    @cached_property
    def revocations_by_center(self) -> dict[int, Revocation]:
        return {r.center_id: r for r in self.revocations if r.center_id}

    @cached_property
    def revocations_by_unit(self) -> dict[tuple, Revocation]:
        return {(r.credit_code.upper(), r.revoked_on): r for r in self.revocations}
