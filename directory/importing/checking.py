"""The dry run: every row checked with the rules the forms and services use, compared with the site.

- credit codes through `directory.validators` (`normalise_credit_code`, `validate_credit_code`);
- areas, industries and services matched to the taxonomy in Traditional or Simplified (贛州 = 赣州 = 赣州市);
- kind against the number of industries (Art. 5) and the management unit (Art. 11, `management_unit_for`);
- duplicates within the file and against the site; centers matched by credit code, then by name;
- what the site itself recorded (statuses from lifecycle rules, ratings from published bulletins,
  revocations from published notices) is compared and disagreements are reported, never overwritten.
"""

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.importing.columns import (
    CENTERS,
    RATINGS,
    REVOCATIONS,
    Vocabulary,
    as_date,
    as_text,
    as_year,
    label_zh,
    name_key,
    note_with_number,
    number_from_note,
    split_list,
    split_members,
)
from directory.importing.plan import CREATE, SKIP, UPDATE, Action, Plan, Problem, Site
from directory.importing.reading import Table
from directory.models import CenterKind, CenterStatus, Rating, RevocationCause
from directory.rules import PLACE_HOLDING_STATUSES, management_unit_for, place_of
from directory.validators import normalise_credit_code, validate_credit_code

FIRST_YEAR = 2000
LIMITS = {"name": 255, "lead_unit": 200, "management_unit": 200, "address": 200, "phone": 40, "member": 200}


class RowCheck:
    """Collects the errors of one row; `where(key)` names a column the way the editor sees it."""

    def __init__(self, plan: Plan, table: Table, number: int, row: dict):
        self.plan, self.table, self.number, self.row = plan, table, number, row
        self.failed = False

    def text(self, key: str) -> str:
        return as_text(self.row.get(key))

    def error(self, key: str, message: str) -> None:
        self.failed = True
        self.plan.errors.append(Problem(self.number, self.table.where(key), message))

    def note(self, key: str, message: str) -> None:
        self.plan.notes.append(Problem(self.number, self.table.where(key), message))

    def required(self, key: str) -> str:
        value = self.text(key)
        if not value:
            self.error(key, _("This column is required."))
        return value

    def limited(self, key: str, value: str, limit: int) -> str:
        if len(value) > limit:
            self.error(
                key, _("At most %(limit)d characters; this has %(count)d.") % {"limit": limit, "count": len(value)}
            )
        return value

    def credit_code(self, key: str, value: str) -> str:
        code = normalise_credit_code(value)
        try:
            validate_credit_code(code)
        except ValidationError as exc:
            for message in exc.messages:
                self.error(key, message)
        return code

    def year(self, key: str) -> int | None:
        value = self.required(key)
        year = as_year(value) if value else None
        if value and (year is None or not FIRST_YEAR <= year <= timezone.localdate().year):
            self.error(
                key,
                _("Give a year from %(first)d to %(last)d, e.g. 2024.")
                % {"first": FIRST_YEAR, "last": timezone.localdate().year},
            )
            return None
        return year

    def choice(self, key: str, table: dict, allowed: list[str], *, required: bool = True) -> str:
        value = self.required(key) if required else self.text(key)
        if not value:
            return ""
        found = table.get(name_key(value))
        if found is None:
            self.error(
                key,
                _("“%(value)s” is not allowed; use one of: %(allowed)s.")
                % {"value": value, "allowed": "、".join(allowed)},
            )
            return ""
        return found


def check(table: Table, *, kind: str, site: Site | None = None) -> Plan:
    """The plan for importing `table` as records of `kind`; writes nothing."""
    site = site or Site()
    plan = Plan(kind=kind)
    if kind == CENTERS and site.directory is None:
        plan.file_errors.append(_("The site has no center directory page yet; create it first."))
        return plan
    checker = {CENTERS: check_center, RATINGS: check_rating, REVOCATIONS: check_revocation}[kind]
    vocabulary, seen = Vocabulary(), {}
    for number, row in table.rows:
        checker(RowCheck(plan, table, number, row), site=site, vocabulary=vocabulary, seen=seen)
    return plan


def _names(objs) -> list[str]:
    return [o.name for o in objs]


def _taxonomy_list(rc: RowCheck, key: str, lookup, what: str) -> list:
    found = []
    for item in split_list(rc.text(key)):
        obj = lookup.get(name_key(item))
        if obj is None:
            rc.error(key, _("No %(what)s named “%(name)s” on the site.") % {"what": what, "name": item})
        elif obj not in found:
            found.append(obj)
    return found


def check_center(rc: RowCheck, *, site: Site, vocabulary: Vocabulary, seen: dict) -> None:
    name = rc.limited("name", rc.required("name"), LIMITS["name"])
    kind = rc.choice("kind", vocabulary.kinds, [label_zh(CenterKind, k) for k in CenterKind.values])
    area_text = rc.required("area")
    area = site.area(area_text) if area_text else None
    if area_text and area is None:
        rc.error(
            "area",
            _("No area named “%(name)s”; use one of: %(allowed)s.")
            % {"name": area_text, "allowed": "、".join(sorted({a.name for a in site.areas.values()}))},
        )
    industries = _taxonomy_list(rc, "industries", site.industries, _("industry"))
    if not rc.text("industries"):
        rc.required("industries")
    elif kind == CenterKind.REGIONAL and len(industries) < 2 and not rc.failed:
        rc.error("industries", _("A regional center must serve at least two industries (Art. 5)."))
    elif kind == CenterKind.INDUSTRY and len(industries) != 1 and not rc.failed:
        rc.error("industries", _("An industry center serves exactly one industry (Art. 5)."))
    services = _taxonomy_list(rc, "services", site.services, _("service"))
    lead_unit = rc.limited("lead_unit", rc.required("lead_unit"), LIMITS["lead_unit"])
    code_text = rc.required("credit_code")
    code = rc.credit_code("credit_code", code_text) if code_text else ""
    members = []
    for member, member_code in split_members(rc.text("members")):
        rc.limited("members", member, LIMITS["member"])
        members.append((member, rc.credit_code("members", member_code) if member_code else ""))
    typed_unit = rc.limited("management_unit", rc.text("management_unit"), LIMITS["management_unit"])
    management_unit = management_unit_for(kind=kind, area=area, recommended_by=typed_unit) if kind else typed_unit
    if kind == CenterKind.INDUSTRY and not management_unit:
        rc.error(
            "management_unit",
            _("Art. 11: an industry center is managed by the unit that recommended it; give that unit."),
        )
    elif kind == CenterKind.REGIONAL and area and typed_unit and name_key(typed_unit) != name_key(management_unit):
        rc.note(
            "management_unit",
            _(
                "Art. 11: a regional center is managed by its area's city bureau, %(unit)s; that is what will be recorded."
            )
            % {"unit": management_unit},
        )
    batch_year = rc.year("batch_year")
    contacts = {
        "phone": rc.limited("phone", rc.text("phone"), LIMITS["phone"]),
        "email": rc.text("email"),
        "website": rc.text("website"),
        "address": rc.limited("address", rc.text("address"), LIMITS["address"]),
    }
    for key, validator in (("email", EmailValidator()), ("website", URLValidator(schemes=["http", "https"]))):
        if contacts[key]:
            try:
                validator(contacts[key])
            except ValidationError:
                rc.error(
                    key,
                    _("Enter a valid email address.")
                    if key == "email"
                    else _("Enter a full web address, starting with https://."),
                )
    former_names = [n for n in split_list(rc.text("former_names").replace("、", "\n")) if n != name]
    status = rc.choice(
        "status", vocabulary.statuses, [label_zh(CenterStatus, s) for s in CenterStatus.values], required=False
    )

    for key, value, what in (("credit_code", code, "code"), ("name", name_key(name), "name")):
        if value and (what, value) in seen:
            rc.error(key, _("The same as row %(row)d of this file.") % {"row": seen[(what, value)]})
        elif value:
            seen[(what, value)] = rc.number
    center = site.find_center(name=name, code=code) if code and name else None
    if code and name and center is None and site.centers_by_code.get(code):
        rc.error(
            "credit_code",
            _("This credit code belongs to “%(center)s” on the site, not to a center of this name.")
            % {"center": site.centers_by_code[code][0].title},
        )
    other = site.centers_by_name.get(name_key(name)) if name else None
    if center is not None and other is not None and other.pk != center.pk:
        rc.error(
            "name",
            _("Another center on the site has this name (credit code %(code)s).")
            % {"code": other.lead_unit_credit_code},
        )
    if rc.failed:
        return

    data = {
        "title": name,
        "kind": kind,
        "area": area,
        "industries": industries,
        "services": services,
        "lead_unit_name": lead_unit,
        "lead_unit_credit_code": code,
        "members": members,
        "management_unit": management_unit,
        "batch_year": batch_year,
        **contacts,
        "former_names": former_names,
        "status": status,
    }
    if center is None:
        if status and status != CenterStatus.ACTIVE:
            rc.note(
                "status",
                _(
                    "Created with this status; import its ratings and revocation too, so the lifecycle rules and bans know why."
                ),
            )
        _note_place_taken(rc, site=site, kind=kind, area=area, industries=industries, status=status, seen=seen)
        rc.plan.actions.append(Action(rc.number, CREATE, name, data=data))
        return
    if name_key(name) != name_key(center.title) and name_key(name) in {
        name_key(f.name) for f in center.former_names.all()
    }:
        rc.note(
            "name",
            _("The site records “%(name)s” as this center's later name (a confirmed change); the name is kept.")
            % {"name": center.title},
        )
        data["title"] = center.title
    if status and status != center.status:
        rc.note(
            "status",
            _("The site records this center as “%(site)s” (set by the lifecycle rules or a notice); it is not changed.")
            % {"site": label_zh(CenterStatus, center.status)},
        )
    changes = center_changes(center, data)
    rc.plan.actions.append(
        Action(rc.number, UPDATE if changes else SKIP, name, changes=changes, data=data, target=center)
    )


def _note_place_taken(rc: RowCheck, *, site: Site, kind, area, industries, status, seen: dict) -> None:
    """Art. 9 (`directory.rules.places_held`): a new center where another one, on the site or earlier in
    the file, already holds the place is imported as the province recorded it, with a note for the editor.
    A center imported as revoked takes no place."""
    if status and status not in PLACE_HOLDING_STATUSES:
        return
    industry = industries[0] if kind == CenterKind.INDUSTRY and len(industries) == 1 else None
    place = place_of(kind=kind, area=area, industry=industry)
    if place is None:
        return
    column = "area" if kind == CenterKind.REGIONAL else "industries"
    holder = site.place_holders.get(place)
    if holder is not None:
        rc.note(
            column,
            _("Art. 9: in principle one center per area and one per industry; “%(center)s” already holds this place.")
            % {"center": holder.title},
        )
    elif ("place", place) in seen:
        rc.note(
            column,
            _(
                "Art. 9: in principle one center per area and one per industry; row %(row)d of this file holds this place too."
            )
            % {"row": seen[("place", place)]},
        )
    else:
        seen[("place", place)] = rc.number


def center_changes(center, data) -> list[str]:
    """The template headers of the fields `data` would change on `center`."""
    current = {
        "title": center.title,
        "kind": center.kind,
        "area": center.area,
        "industries": [link.industry for link in center.industry_links.all()],
        "services": [link.service for link in center.service_links.all()],
        "lead_unit_name": center.lead_unit_name,
        "lead_unit_credit_code": center.lead_unit_credit_code,
        "members": [(m.name, m.credit_code) for m in center.consortium_members.all()],
        "management_unit": center.management_unit,
        "batch_year": center.batch_year,
        "phone": center.phone,
        "email": center.email,
        "website": center.website,
        "address": center.address,
    }
    headers = {
        "title": "促进中心名称", "kind": "类型", "area": "所在地区", "industries": "服务行业", "services": "服务内容",
        "lead_unit_name": "牵头单位", "lead_unit_credit_code": "统一社会信用代码", "members": "联合体成员",
        "management_unit": "管理单位", "batch_year": "认定年份", "phone": "联系电话", "email": "电子邮箱",
        "website": "网站", "address": "地址",
    }  # fmt: skip
    changes = [
        headers[k]
        for k, v in current.items()
        if (set(v) if isinstance(v, list) else v) != (set(data[k]) if isinstance(data[k], list) else data[k])
    ]
    kept = {f.name for f in center.former_names.all() if f.until}
    if {f.name for f in center.former_names.all()} != kept | set(data["former_names"]):
        changes.append("曾用名")
    return changes


def _center_for(rc: RowCheck, site: Site, *, name_key_: str, code_key: str, required: bool) -> object:
    name = rc.required(name_key_) if required else rc.text(name_key_)
    code_text = rc.text(code_key)
    code = normalise_credit_code(code_text) if code_text else ""
    center = site.find_center(name=name, code=code)
    return name, code, center


def check_rating(rc: RowCheck, *, site: Site, vocabulary: Vocabulary, seen: dict) -> None:
    name, code, center = _center_for(rc, site, name_key_="center", code_key="credit_code", required=True)
    if code:
        rc.credit_code("credit_code", code)
    if name and center is None:
        rc.error("center", _("No center of this name on the site; import the centers first."))
    year = rc.year("year")
    rating = rc.choice("rating", vocabulary.ratings, [label_zh(Rating, r) for r in Rating.values])
    bulletin = rc.limited("bulletin", rc.text("bulletin"), 80)
    if center is not None and year and (center.pk, year) in seen:
        rc.error("year", _("The same as row %(row)d of this file.") % {"row": seen[(center.pk, year)]})
    elif center is not None and year:
        seen[(center.pk, year)] = rc.number
    if rc.failed:
        return
    label = f"{center.title} {year}"
    data = {"center": center, "year": year, "rating": rating, "bulletin": bulletin}
    existing = site.ratings.get((center.translation_key, year))
    if existing is None:
        rc.plan.actions.append(Action(rc.number, CREATE, label, data=data, target=center))
    elif existing.source_page_id:
        if existing.rating != rating:
            rc.note(
                "rating",
                _(
                    "The published bulletin “%(bulletin)s” rates this center “%(site)s” for this year; the site's rating is kept."
                )
                % {"bulletin": existing.source_page.title, "site": label_zh(Rating, existing.rating)},
            )
        rc.plan.actions.append(Action(rc.number, SKIP, label, data=data, target=center))
    else:
        changes = []
        if existing.rating != rating:
            changes.append("评价结果")
        if bulletin and bulletin != number_from_note(existing.reason):
            changes.append("通报文号")
        rc.plan.actions.append(
            Action(rc.number, UPDATE if changes else SKIP, label, changes=changes, data=data, target=center)
        )


def check_revocation(rc: RowCheck, *, site: Site, vocabulary: Vocabulary, seen: dict) -> None:
    lead_unit = rc.limited("lead_unit", rc.required("lead_unit"), LIMITS["lead_unit"])
    code_text = rc.required("credit_code")
    code = rc.credit_code("credit_code", code_text) if code_text else ""
    center_name = rc.limited("center", rc.text("center"), LIMITS["name"])
    cause_text = rc.required("cause")
    cause = vocabulary.cause(cause_text) if cause_text else ""
    if cause_text and not cause:
        rc.error(
            "cause",
            _("“%(value)s” is not a cause of Art. 15; use one of: %(allowed)s.")
            % {"value": cause_text, "allowed": "、".join(label_zh(RevocationCause, c) for c in RevocationCause.values)},
        )
    date_text = rc.required("revoked_on")
    revoked_on = as_date(rc.row.get("revoked_on")) if date_text else None
    if date_text and revoked_on is None:
        rc.error("revoked_on", _("Give the date as 2024-03-10."))
    elif revoked_on and revoked_on > timezone.localdate():
        rc.error("revoked_on", _("This date is in the future."))
    notice = rc.limited("notice", rc.text("notice"), 80)
    if code and revoked_on and (code, revoked_on) in seen:
        rc.error("credit_code", _("The same as row %(row)d of this file.") % {"row": seen[(code, revoked_on)]})
    elif code and revoked_on:
        seen[(code, revoked_on)] = rc.number
    center = site.find_center(name=center_name, code=code) if code else None
    if center_name and center is None and not rc.failed:
        rc.note(
            "center",
            _("No center of this name with this credit code on the site; the ban is recorded for the unit alone."),
        )
    if rc.failed:
        return
    label = center.title if center else (center_name or lead_unit)
    data = {
        "center": center,
        "center_name": center_name or label,
        "lead_unit": lead_unit,
        "credit_code": code,
        "cause": cause,
        "revoked_on": revoked_on,
        "notice": notice,
    }
    existing = site.revocations_by_center.get(center.pk) if center else None
    existing = existing or site.revocations_by_unit.get((code, revoked_on))
    if existing is None:
        rc.plan.actions.append(Action(rc.number, CREATE, label, data=data, target=center))
        return
    changes = [
        header
        for header, same in (
            ("撤销原因", existing.cause == cause),
            ("撤销日期", existing.revoked_on == revoked_on),
            ("撤销公告文号", not notice or number_from_note(existing.evidence) == notice),
        )
        if not same
    ]
    if changes and existing.notice_id:
        rc.note(
            "revoked_on",
            _(
                "A published revocation notice records this revocation differently (%(date)s, %(cause)s); the site's record is kept."
            )
            % {"date": existing.revoked_on.isoformat(), "cause": label_zh(RevocationCause, existing.cause)},
        )
        changes = []
    data["note"] = note_with_number(notice)
    rc.plan.actions.append(
        Action(rc.number, UPDATE if changes else SKIP, label, changes=changes, data=data, target=center)
    )
