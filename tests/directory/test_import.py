"""Importing the province's records (issue 20): the template round-trips, a bad row stops the whole file,
a re-import changes nothing, Traditional names match, imported revocations ban, and the admin screen."""

import csv
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from directory import demo, importing, lifecycle
from directory.importing.columns import COLUMNS
from directory.models import CenterPage, CenterRating, CenterStatus, Revocation, RevocationCause
from tests import factories as h


def csv_file(kind: str, rows: list[dict], *, bom=True) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.title for c in COLUMNS[kind]])
    for row in rows:
        writer.writerow([row.get(c.key, "") for c in COLUMNS[kind]])
    return (("\ufeff" if bom else "") + out.getvalue()).encode()


def snapshot() -> dict:
    """The Chinese directory as a visitor and the ban rules see it."""
    centers = CenterPage.objects.live().filter(locale__language_code="zh-hans")
    ratings = {}
    for r in CenterRating.objects.all():
        ratings.setdefault(r.center_key, []).append((r.year, r.rating))
    return {
        c.title: (
            c.kind,
            c.area.slug,
            sorted(link.industry.slug for link in c.industry_links.all()),
            sorted(link.service.slug for link in c.service_links.all()),
            c.lead_unit_name,
            c.lead_unit_credit_code,
            sorted((m.name, m.credit_code) for m in c.consortium_members.all()),
            c.management_unit,
            c.batch_year,
            (c.phone, c.email, c.website, c.address),
            sorted(f.name for f in c.former_names.all()),
            (c.status, c.revocation_cause, c.latest_rating, c.latest_rating_year),
            sorted(ratings.get(c.translation_key, [])),
        )
        for c in centers
    } | {
        "revocations": sorted(
            (r.center_name, r.lead_unit_name, r.credit_code, r.cause, r.revoked_on, r.ban_ends_on)
            for r in Revocation.objects.all()
        )
    }


@pytest.fixture
def demo_directory(site_tree):
    context = dict(site_tree)
    demo.load(context)
    return context


def empty_the_directory():
    """Leave the taxonomies and the directory page, remove every center and its records."""
    for page in CenterPage.objects.order_by("-depth", "-path"):
        page.delete()
    Revocation.objects.all().delete()
    CenterRating.objects.all().delete()


def import_ok(content: bytes, kind: str, name="f.xlsx"):
    plan = importing.import_file(content, kind=kind, filename=name)
    assert plan.ok, [(e.row, e.column, e.message) for e in plan.errors] + plan.file_errors
    return plan


@pytest.mark.django_db
def test_the_exported_directory_imports_into_an_empty_site_as_the_same_directory(demo_directory):
    before = snapshot()
    files = {kind: importing.export(kind) for kind in importing.KINDS}
    empty_the_directory()
    assert CenterPage.objects.count() == 0
    for kind in importing.KINDS:
        plan = import_ok(files[kind], kind)
        assert plan.updated == 0
    assert snapshot() == before
    # … and importing the same files again changes nothing.
    for kind in importing.KINDS:
        plan = importing.preview(files[kind], kind=kind, filename="f.xlsx")
        assert plan.ok and plan.created == plan.updated == 0 and plan.skipped > 0, kind


@pytest.mark.django_db
def test_the_template_has_a_chinese_header_an_example_row_and_allowed_values(demo_directory):
    book = load_workbook(io.BytesIO(importing.template("centers")))
    sheet, allowed = book.worksheets
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["促进中心名称*", "类型*", "所在地区*"]
    assert sheet["A2"].value.startswith("示例：")
    columns = {col[0].value: [c.value for c in col[1:] if c.value] for col in allowed.iter_cols()}
    assert "赣州市" in columns["地区"] and "稀土" in columns["行业"]
    assert columns["评价结果"] == ["优秀", "良好", "合格", "不合格"]
    assert "区域型" in columns["类型"] and "重组中" in columns["状态"]
    # The example row itself is never imported.
    plan = importing.preview(importing.template("centers"), kind="centers")
    assert plan.ok and plan.actions == []
