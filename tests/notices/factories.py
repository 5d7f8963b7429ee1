"""Builders for the notices tests: the notice list, notices of each kind, and a small directory of
centers for bulletins, 公示 entries and revocations to point at."""

import datetime as dt
import itertools

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale

from directory.models import Area, CenterIndustry, CenterKind, CenterPage, DirectoryPage, Industry
from directory.validators import credit_code_check_character
from home.demo import child_by_slug
from notices import windows
from notices.models import (
    ApplicationNotice,
    BulletinRating,
    EvaluationBulletin,
    NoticeIndexPage,
    PolicyNotice,
    PublicityEntry,
    PublicityNotice,
    RevocationNotice,
)

_serial = itertools.count(1)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


def china(day: dt.date, hour=0, minute=0, second=0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=windows.CHINA)


def notice_index(home) -> NoticeIndexPage:
    index = child_by_slug(home, "notices")
    if index is None:
        index = NoticeIndexPage(title="通知公告", slug="notices")
        home.add_child(instance=index)
        index = publish(index)
    return index


def _add(home, page, *, live=True):
    notice_index(home).add_child(instance=page)
    return publish(page) if live else page


def slug(prefix: str) -> str:
    return f"{prefix}-{next(_serial)}"


def application_notice(home, *, opens_at=None, closes_at=None, live=True, **fields) -> ApplicationNotice:
    now = timezone.now()
    fields.setdefault("title", "关于组织申报省级数字化转型促进中心的通知")
    fields.setdefault("slug", slug("application"))
    fields.setdefault("round_year", now.year)
    fields.setdefault("document_number", "赣工信数字函〔2026〕18号")
    page = ApplicationNotice(
        window_opens_at=opens_at or now - dt.timedelta(days=3),
        window_closes_at=closes_at or now + dt.timedelta(days=10),
        **fields,
    )
    return _add(home, page, live=live)


def publicity_notice(home, *, starts_on=None, ends_on=None, entries=None, live=True, **fields) -> PublicityNotice:
    today = timezone.localdate()
    fields.setdefault("title", "省级数字化转型促进中心拟认定名单公示")
    fields.setdefault("slug", slug("publicity"))
    page = PublicityNotice(
        period_starts_on=starts_on or today - dt.timedelta(days=2),
        period_ends_on=ends_on or today + dt.timedelta(days=5),
        working_days=fields.pop("working_days", None),
        entries=entries
        if entries is not None
        else [PublicityEntry(proposed_name=f"拟认定促进中心{i}", lead_unit_name=f"申报单位{i}") for i in range(1, 4)],
        **fields,
    )
    return _add(home, page, live=live)


def policy_notice(home, *, live=True, **fields) -> PolicyNotice:
    fields.setdefault("title", "江西省省级数字化转型促进中心管理办法")
    fields.setdefault("slug", slug("policy"))
    fields.setdefault("in_force_from", dt.date(2024, 10, 26))
    return _add(home, PolicyNotice(**fields), live=live)


def bulletin(home, *, year: int, ratings: dict, live=True, **fields) -> EvaluationBulletin:
    """`ratings` maps CenterPage → rating value."""
    fields.setdefault("title", f"关于{year}年度省级数字化转型促进中心运行评价结果的通报")
    fields.setdefault("slug", slug("evaluation"))
    page = EvaluationBulletin(
        evaluation_year=year,
        ratings=[BulletinRating(center=center, rating=rating) for center, rating in ratings.items()],
        **fields,
    )
    return _add(home, page, live=live)


def revocation(home, *, center, cause="two_fails", effective_on=None, live=True, **fields) -> RevocationNotice:
    fields.setdefault("title", f"关于撤销{center.title}资格的通知")
    fields.setdefault("slug", slug("revocation"))
    page = RevocationNotice(center=center, cause=cause, effective_on=effective_on or timezone.localdate(), **fields)
    return _add(home, page, live=live)


# --- The directory side ----------------------------------------------------------------------------


def area(slug="nanchang", name="南昌市") -> Area:
    obj, _ = Area.objects.get_or_create(
        locale=Locale.get_default(),
        slug=slug,
        defaults={"name": name, "bureau_name": f"{name}工业和信息化局", "division_code": "3601"},
    )
    return obj


def industry(slug="electronics", name="电子信息") -> Industry:
    obj, _ = Industry.objects.get_or_create(locale=Locale.get_default(), slug=slug, defaults={"name": name})
    return obj


def directory(home) -> DirectoryPage:
    page = child_by_slug(home, "centers")
    if page is None:
        page = DirectoryPage(title="促进中心名录", slug="centers")
        home.add_child(instance=page)
        page = publish(page)
    return page


def center(home, *, title=None, slug_=None, kind=CenterKind.INDUSTRY, **fields) -> CenterPage:
    serial = next(_serial)
    first17 = f"91360100MA{serial:07d}"
    page = CenterPage(
        title=title or f"测试行业数字化转型促进中心{serial}",
        slug=slug_ or f"center-{serial}",
        kind=kind,
        area=fields.pop("area", None) or area(),
        lead_unit_name=fields.pop("lead_unit_name", f"测试科技有限公司{serial}"),
        lead_unit_credit_code=first17 + credit_code_check_character(first17),
        batch_year=fields.pop("batch_year", 2023),
        industry_links=[CenterIndustry(industry=industry())],
        **fields,
    )
    directory(home).add_child(instance=page)
    return publish(page)


def document(title="申报信息汇总表", name="template.pdf", content=b"%PDF-1.4\n%test\n"):
    Document = get_document_model()
    doc = Document(title=title)
    doc.file.save(name, ContentFile(content), save=False)
    doc.save()
    return doc
