"""Builders for the lifecycle tests: a small directory (areas, an industry, centers) and the notice list."""

import contextlib
import itertools

from directory.models import Area, CenterIndustry, CenterKind, CenterPage, DirectoryPage, Industry
from directory.validators import credit_code_for_seed
from home.demo import child_by_slug

_serial = itertools.count(1)


def credit_code(serial: int | None = None) -> str:
    return credit_code_for_seed(serial or next(_serial))


def directory(home) -> DirectoryPage:
    page = child_by_slug(home, "centers")
    if page is None:
        page = DirectoryPage(title="促进中心名录", slug="centers")
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


def area(locale, slug="nanchang", name="南昌市", bureau="南昌市工业和信息化局") -> Area:
    obj, _ = Area.objects.get_or_create(
        locale=locale, slug=slug, defaults={"name": name, "bureau_name": bureau, "division_code": "3601"}
    )
    return obj


def industry(locale, slug="electronics", name="电子信息") -> Industry:
    obj, _ = Industry.objects.get_or_create(locale=locale, slug=slug, defaults={"name": name})
    return obj


def center(
    home,
    *,
    title="南昌市区域型数字化转型促进中心",
    slug=None,
    kind=CenterKind.INDUSTRY,
    area_obj=None,
    management_unit="江西省电子信息行业协会",
    code=None,
) -> CenterPage:
    parent = directory(home)
    zh = home.locale
    page = CenterPage(
        title=title,
        slug=slug or f"center-{next(_serial)}",
        kind=kind,
        area=area_obj or area(zh),
        lead_unit_name="江西某某科技有限公司",
        lead_unit_credit_code=code or credit_code(),
        management_unit=management_unit,
        batch_year=2023,
    )
    page.industry_links.add(CenterIndustry(industry=industry(zh)))
    if kind == CenterKind.REGIONAL:
        page.industry_links.add(CenterIndustry(industry=industry(zh, "rare-earth", "稀土")))
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def notice_index(home):
    from notices.models import NoticeIndexPage

    page = child_by_slug(home, "notices")
    if page is None:
        page = NoticeIndexPage(title="通知公告", slug="notices")
        home.add_child(instance=page)
        page.save_revision().publish()
    return page


# --- STAND-IN for the notices app's receiver ------------------------------------------------------
# `directory.lifecycle.revocation_confirm` no longer drafts the revocation notice: it sends
# `directory.signals.revocation_proposal_confirmed`, and the notices app's receiver (written by the
# notices team, `notices.drafting.revocation_notice_draft`) drafts it. Until that receiver is merged,
# the tests that expect a draft connect this small stand-in through a fixture. It does nothing when a
# real receiver already set `proposal.notice`, so it is harmless after the merge; remove it then.


def _stand_in_draft_revocation_notice(sender, *, proposal, effective_on, by=None, **kwargs):
    from django.core.exceptions import ValidationError

    from notices.models import NoticeIndexPage, RevocationNotice

    if proposal.notice_id is not None:
        return
    center = proposal.center
    index = NoticeIndexPage.objects.filter(slug="notices", locale_id=center.locale_id).first()
    if index is None:
        raise ValidationError("There is no notice list to put the revocation notice under.")
    notice = RevocationNotice(
        title=f"关于撤销{center.title}称号的公告",
        slug=f"revocation-{center.slug}-{effective_on:%Y%m%d}"[:255],
        center=center,
        cause=proposal.cause,
        effective_on=effective_on,
        published_on=effective_on,
        summary=f"{center.title}：撤销省级数字化转型促进中心称号。",
        live=False,
        locale=center.locale,
    )
    index.add_child(instance=notice)
    notice.save_revision(user=by, log_action=True)
    proposal.notice = notice
    proposal.save(update_fields=["notice"])


@contextlib.contextmanager
def stand_in_revocation_drafting():
    """STAND-IN: connect `_stand_in_draft_revocation_notice` for the duration of a test."""
    from directory.models import RevocationProposal
    from directory.signals import revocation_proposal_confirmed

    uid = "tests.directory.stand_in_revocation_drafting"
    revocation_proposal_confirmed.connect(
        _stand_in_draft_revocation_notice, sender=RevocationProposal, dispatch_uid=uid
    )
    try:
        yield
    finally:
        revocation_proposal_confirmed.disconnect(sender=RevocationProposal, dispatch_uid=uid)
