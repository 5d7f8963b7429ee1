"""Carrying out a checked plan: all rows or none, in one transaction, through the directory's services.

Centers are created under the directory page or updated as a new published revision (page history is
kept); ratings go through `services.center_record_rating` (so the lifecycle rules of Art. 15 (1) and 17
apply) and revocations through `services.center_mark_revoked` or `lifecycle.revocation_record_for_unit`
(so the ban of Art. 16 applies). Skipped rows are not touched.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from directory import lifecycle, services
from directory.importing.columns import CENTERS, RATINGS, note_with_number
from directory.importing.plan import CREATE, SKIP, Plan, Site
from directory.models import (
    CenterIndustry,
    CenterPage,
    CenterService,
    CenterStatus,
    ConsortiumMember,
    FormerName,
)
from home.pinyin import syllables
from home.search import deferred_indexing, index_objects


class PlanHasErrors(Exception):
    pass


def apply(plan: Plan, *, site: Site, by=None) -> Plan:
    """Write what `plan` says, all or nothing. Refuses a plan with errors."""
    if not plan.ok:
        raise PlanHasErrors
    with transaction.atomic():
        if plan.kind == CENTERS:
            _apply_centers(plan, site=site, by=by)
        elif plan.kind == RATINGS:
            _apply_ratings(plan)
        else:
            _apply_revocations(plan, by=by)
    return plan


def _slug(title: str, taken: set[str]) -> str:
    base = slugify("-".join(syllables(title)))[:60].strip("-") or "center"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _set_content(page: CenterPage, data: dict) -> None:
    for name in (
        "title", "kind", "area", "lead_unit_name", "lead_unit_credit_code", "management_unit", "batch_year",
        "phone", "email", "website", "address",
    ):  # fmt: skip
        setattr(page, name, data[name])
    page.draft_title = data["title"]
    descriptions = {link.service_id: link.description for link in page.service_links.all()}
    roles = {member.name: member.role for member in page.consortium_members.all()}
    dated = [f for f in page.former_names.all() if f.until]
    page.industry_links = [CenterIndustry(industry=i) for i in data["industries"]]
    page.service_links = [CenterService(service=s, description=descriptions.get(s.pk, "")) for s in data["services"]]
    page.consortium_members = [
        ConsortiumMember(name=name, credit_code=code, role=roles.get(name, "")) for name, code in data["members"]
    ]
    kept = {f.name for f in dated}
    page.former_names = [
        *(FormerName(name=f.name, until=f.until) for f in dated),
        *(FormerName(name=name) for name in data["former_names"] if name not in kept),
    ]


def _apply_centers(plan: Plan, *, site: Site, by) -> None:
    directory = site.directory
    taken = set(directory.get_children().values_list("slug", flat=True))
    written = []
    with deferred_indexing(CenterPage):
        for action in plan.actions:
            if action.action == SKIP:
                continue
            if action.action == CREATE:
                page = CenterPage(slug=_slug(action.data["title"], taken), live=False)
                _set_content(page, action.data)
                directory.add_child(instance=page)
            else:
                page = CenterPage.objects.get(pk=action.target.pk)
                _set_content(page, action.data)
            page.save_revision(user=by, log_action=True).publish(user=by)
            status = action.data["status"]
            if action.action == CREATE and status and status != CenterStatus.ACTIVE:
                services.center_set_status(center=page, status=status, on=timezone.localdate())
            written.append(page.pk)
    index_objects(CenterPage, CenterPage.objects.filter(pk__in=written))


def _apply_ratings(plan: Plan) -> None:
    """Oldest year first for each center, so the rules see the sequence in order."""
    changes = sorted(plan.changes, key=lambda a: (a.target.pk, a.data["year"]))
    for action in changes:
        data = action.data
        services.center_record_rating(
            center=data["center"], year=data["year"], rating=data["rating"], reason=note_with_number(data["bulletin"])
        )


def _apply_revocations(plan: Plan, *, by) -> None:
    for action in plan.changes:
        data = action.data
        note = note_with_number(data["notice"])
        if data["center"] is not None:
            services.center_mark_revoked(
                center=data["center"], cause=data["cause"], effective_on=data["revoked_on"], evidence=note, by=by
            )
        else:
            lifecycle.revocation_record_for_unit(
                lead_unit_name=data["lead_unit"],
                credit_code=data["credit_code"],
                cause=data["cause"],
                revoked_on=data["revoked_on"],
                center_name=data["center_name"],
                evidence=note,
                by=by,
            )
