"""Demo content of the center lifecycle: every state at least once. Runs after the directory and notices
demo steps (which already leave one center revoked for two fails, so its lead unit is banned, and one
under reorganisation after a fail). This step adds a staff proposal to revoke a center for false
materials (awaiting confirmation); demo change reports belong to the submissions app's demo. Safe to run
again: records are found by their natural keys first."""

import datetime as dt

from django.utils import timezone
from wagtail.models import ReferenceIndex

from directory import lifecycle
from directory.models import (
    CenterStatus,
    ProposalState,
    ReorganisationTask,
    Revocation,
    RevocationCause,
    RevocationProposal,
)


def _pick(centers: dict):
    """A demo center in good standing to play a part, chosen the same way on every run."""
    for slug in sorted(centers):
        center = centers[slug]
        center.refresh_from_db()
        if center.status == CenterStatus.ACTIVE:
            return center
    return None


def load_lifecycle(context: dict) -> str:
    centers = context.get("centers") or {}
    if not centers:
        return "lifecycle: no demo centers, nothing added"
    today = timezone.localdate()
    users = context.get("users", {})
    editor = users.get("editor")

    # Proposed for revocation: cause (2), entered by staff with evidence, awaiting confirmation.
    proposed = RevocationProposal.objects.filter(
        cause=RevocationCause.FALSE_MATERIALS, proposed_by__isnull=False
    ).first()
    if proposed is None:
        target = _pick(centers)
        if target is not None:
            proposed = lifecycle.revocation_propose(
                center=target,
                cause=RevocationCause.FALSE_MATERIALS,
                evidence="年度运行评价复核发现：申报材料所列服务企业中有 37 家无服务记录，营收数据与审计报告不符"
                "（复核意见见附件）。",
                on=today - dt.timedelta(days=4),
                by=editor,
            )

    # The demo's revocation was recorded while the directory's pages were loaded with the reference index
    # paused, and got its notice from the notices' demo after: index its links (center, notice) once, now,
    # so the admin's "usage" of those pages counts it from the first load on.
    for revocation in Revocation.objects.all():
        ReferenceIndex.create_or_update_for_object(revocation)

    reorganising = ReorganisationTask.objects.filter(closed=False).count()
    bans = lifecycle.revocations_banning(on=today).count()
    return (
        f"lifecycle: {reorganising} reorganisation task(s), "
        f"{RevocationProposal.objects.filter(state=ProposalState.PROPOSED).count()} proposal(s) awaiting confirmation, "
        f"{Revocation.objects.count()} revocation(s) with {bans} active ban(s)"
    )
