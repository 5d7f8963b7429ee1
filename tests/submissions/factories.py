"""Builders for the submissions tests: notices with windows, taxonomies, centers, and files whose
content (not name) is a PDF, an image, a Word document or an executable."""

import datetime as dt
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import Locale

from directory.models import Area, CenterIndustry, CenterKind, CenterPage, DirectoryPage, Industry
from notices.models import ApplicationNotice, NoticeIndexPage, PublicityEntry, PublicityNotice

VALID_CODE = "91350100M000100Y43"


def credit_code(seed: int) -> str:
    """A valid unified social credit code built from `seed` (check character computed)."""
    from directory.validators import credit_code_check_character

    first17 = f"91360100MA{seed:07d}"
    return first17 + credit_code_check_character(first17)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


def notice_index(home) -> NoticeIndexPage:
    index = NoticeIndexPage.objects.child_of(home).first()
    if index is None:
        index = NoticeIndexPage(title="通知公告", slug="notices")
        home.add_child(instance=index)
        index = publish(index)
    return index


def application_notice(home, *, opens_at=None, closes_at=None, slug="apply-2025", **fields) -> ApplicationNotice:
    now = timezone.now()
    notice = ApplicationNotice(
        title=fields.pop("title", "关于组织申报2025年度省级数字化转型促进中心的通知"),
        slug=slug,
        round_year=fields.pop("round_year", now.year),
        window_opens_at=opens_at or now - dt.timedelta(days=3),
        window_closes_at=closes_at or now + dt.timedelta(days=10),
        **fields,
    )
    notice_index(home).add_child(instance=notice)
    return publish(notice)


def publicity_notice(
    home, *, starts_on=None, ends_on=None, slug="publicity-2025", entries=3, **fields
) -> PublicityNotice:
    today = timezone.localdate()
    notice = PublicityNotice(
        title=fields.pop("title", "2025年度省级数字化转型促进中心拟认定名单公示"),
        slug=slug,
        period_starts_on=starts_on or today - dt.timedelta(days=2),
        period_ends_on=ends_on or today + dt.timedelta(days=5),
        working_days=None,
        entries=[
            PublicityEntry(proposed_name=f"拟认定促进中心{i}", lead_unit_name=f"申报单位{i}", sort_order=i)
            for i in range(1, entries + 1)
        ],
        **fields,
    )
    notice_index(home).add_child(instance=notice)
    return publish(notice)


def area(slug="nanchang", name="南昌市", bureau="南昌市工业和信息化局", locale=None) -> Area:
    locale = locale or Locale.get_default()
    obj, _ = Area.objects.get_or_create(
        slug=slug, locale=locale, defaults={"name": name, "bureau_name": bureau, "division_code": "3601"}
    )
    return obj


def industry(slug="rare-earth", name="稀土", locale=None) -> Industry:
    locale = locale or Locale.get_default()
    obj, _ = Industry.objects.get_or_create(slug=slug, locale=locale, defaults={"name": name})
    return obj


def center(
    home,
    *,
    kind=CenterKind.REGIONAL,
    area_obj=None,
    industries=(),
    slug="center",
    title="南昌市区域型数字化转型促进中心",
    **fields,
):
    directory = DirectoryPage.objects.child_of(home).first()
    if directory is None:
        directory = DirectoryPage(title="促进中心名录", slug="centers")
        home.add_child(instance=directory)
        directory = publish(directory)
    page = CenterPage(
        title=title,
        slug=slug,
        kind=kind,
        area=area_obj or area(),
        lead_unit_name=fields.pop("lead_unit_name", "南昌某数字科技有限公司"),
        lead_unit_credit_code=fields.pop("lead_unit_credit_code", VALID_CODE),
        batch_year=2024,
        industry_links=[CenterIndustry(industry=i) for i in industries],
        **fields,
    )
    directory.add_child(instance=page)
    return publish(page)


# --- Files ------------------------------------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 50 + b"This program cannot be run in DOS mode"
)


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def pdf(name="申报书.pdf", size=None) -> SimpleUploadedFile:
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="证据.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_BYTES, content_type="image/png")


def exe_named_pdf(name="申报书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EXE_BYTES, content_type="application/pdf")


def docx(name="建设方案.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, docx_bytes(), content_type="application/octet-stream")
