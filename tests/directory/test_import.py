"""Importing the province's records (issue 20): the template round-trips, a bad row stops the whole file,
a re-import changes nothing, Traditional names match, imported revocations ban, and the admin screen."""

import csv
import io
import time

import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from directory import demo, importing, lifecycle, services
from directory.importing.columns import COLUMNS
from directory.models import CenterKind, CenterPage, CenterRating, CenterStatus, Rating, Revocation, RevocationCause
from tests import factories as h

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = pytest.mark.usefixtures("demo_shell_per_module")


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted by their msgids; one test checks the Chinese the editors read."""
    with translation.override("en"):
        yield


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


# --- A small site: two areas, two industries, a service, an empty directory ------------------------


@pytest.fixture
def site(home):
    h.area("nanchang", "南昌市")
    h.area("ganzhou", "赣州市")
    h.industry("electronics", "电子信息")
    h.industry("rare-earth", "稀土")
    h.ServiceFactory(slug="diagnosis", name="诊断咨询")
    return h.directory_page(home)


def center_row(n: int, **fields) -> dict:
    row = {
        "name": f"南昌第{n}数字化转型促进中心",
        "kind": "区域型",
        "area": "南昌市",
        "industries": "电子信息、稀土",
        "services": "诊断咨询",
        "lead_unit": f"南昌第{n}数字科技有限公司",
        "credit_code": h.credit_code(900 + n),
        "members": f"南昌研究院{n}（{h.credit_code(5000 + n)}）",
        "batch_year": "2024",
        "phone": "0791-88000000",
        "address": "南昌市红谷滩区某路1号",
    }
    row.update(fields)
    return row


def test_a_file_with_one_bad_row_imports_nothing_and_names_the_row_and_column(site):
    bad_code = h.credit_code(902)[:-1] + ("0" if h.credit_code(902)[-1] != "0" else "1")
    content = csv_file("centers", [center_row(1), center_row(2, credit_code=bad_code), center_row(3)])
    plan = importing.import_file(content, kind="centers", filename="centers.csv")
    assert not plan.ok
    assert [(e.row, e.column) for e in plan.errors] == [(3, "G（统一社会信用代码）")]
    assert "last character does not match" in plan.errors[0].message  # in Chinese: 校验位不符
    assert CenterPage.objects.count() == 0


def test_errors_are_in_chinese_for_a_chinese_editor(site):
    with translation.override("zh-hans"):
        plan = importing.preview(csv_file("centers", [center_row(1, area="上海市")]), kind="centers")
    assert plan.errors[0].column == "C（所在地区）"
    assert plan.errors[0].message.startswith("没有名为“上海市”的地区")


def test_the_rules_of_the_forms_apply_to_each_row(site):
    rows = [
        center_row(1, industries="电子信息"),  # regional with one industry (Art. 5)
        center_row(2, kind="行业型", industries="稀土", management_unit=""),  # Art. 11
        center_row(3, credit_code=h.credit_code(901)),  # the same code as row 2 of the file
        center_row(4, industries="电子信息、木材"),
        center_row(5, batch_year="明年", email="not-an-email"),
    ]
    plan = importing.preview(csv_file("centers", rows), kind="centers")
    problems = {(e.row, e.column.split("（")[1].rstrip("）")) for e in plan.errors}
    assert problems == {
        (2, "服务行业"),
        (3, "管理单位"),
        (4, "统一社会信用代码"),
        (5, "服务行业"),
        (6, "认定年份"),
        (6, "电子邮箱"),
    }
    messages = " ".join(e.message for e in plan.errors)
    assert "Art. 5" in messages and "Art. 11" in messages and "row 2 of this file" in messages


def test_traditional_and_short_area_names_match_the_taxonomy(site):
    rows = [center_row(1, area="贛州", industries="電子信息、稀土", services="診斷諮詢")]
    plan = importing.import_file(csv_file("centers", rows, bom=False), kind="centers", filename="c.csv")
    assert plan.ok and plan.created == 1
    center = CenterPage.objects.get()
    assert center.area.slug == "ganzhou"
    assert center.management_unit == "赣州市工业和信息化局"  # Art. 11
    assert {link.industry.slug for link in center.industry_links.all()} == {"electronics", "rare-earth"}
    assert [m.name for m in center.consortium_members.all()] == ["南昌研究院1"]


def test_a_reimport_changes_nothing_and_a_corrected_file_updates_with_a_new_revision(site):
    rows = [center_row(1), center_row(2)]
    import_ok(csv_file("centers", rows), "centers", "c.csv")
    revisions = {c.pk: c.revisions.count() for c in CenterPage.objects.all()}
    plan = import_ok(csv_file("centers", rows), "centers", "c.csv")
    assert (plan.created, plan.updated, plan.skipped) == (0, 0, 2)
    assert {c.pk: c.revisions.count() for c in CenterPage.objects.all()} == revisions

    # The corrected file renames a center (matched by its credit code) and moves another's address.
    rows = [center_row(1, name="南昌第一数字化转型促进中心"), center_row(2, address="南昌市新建区某路2号")]
    plan = import_ok(csv_file("centers", rows), "centers", "c.csv")
    assert (plan.created, plan.updated) == (0, 2)
    assert plan.actions[0].changes == ["促进中心名称"] and plan.actions[1].changes == ["地址"]
    first = CenterPage.objects.get(lead_unit_credit_code=h.credit_code(901))
    assert first.title == "南昌第一数字化转型促进中心" and first.revisions.count() == revisions[first.pk] + 1
    assert CenterPage.objects.get(lead_unit_credit_code=h.credit_code(902)).address == "南昌市新建区某路2号"
    assert CenterPage.objects.count() == 2


def test_what_the_site_recorded_is_compared_not_overwritten(site, home):
    center = h.center(site, "南昌第1数字化转型促进中心", kind=CenterKind.REGIONAL, code=h.credit_code(901))
    services.center_record_rating(center=center, year=2024, rating=Rating.GOOD, source_page=home)
    services.center_set_status(center=center, status=CenterStatus.REORGANISING, on=timezone.localdate())
    plan = importing.preview(csv_file("centers", [center_row(1, status="正常运行")]), kind="centers")
    assert plan.ok and "it is not changed" in plan.notes[0].message
    ratings = [{"center": center.title, "year": "2024", "rating": "不合格", "bulletin": "赣工信〔2025〕1号"}]
    plan = import_ok(csv_file("ratings", ratings), "ratings", "r.csv")
    assert plan.skipped == 1 and "the site's rating is kept" in plan.notes[0].message
    assert CenterRating.objects.get().rating == Rating.GOOD


def test_ratings_are_recorded_through_the_lifecycle_rules(site):
    center = h.center(site, "南昌第1数字化转型促进中心", kind=CenterKind.REGIONAL, code=h.credit_code(901))
    rows = [
        {"center": "南昌第1数字化转型促进中心", "year": "2024年", "rating": "不合格"},
        {"center": "南昌第1數字化轉型促進中心", "year": "2023", "rating": "合格", "bulletin": "赣工信〔2024〕3号"},
        {"center": "没有这个中心", "year": "2024", "rating": "优秀"},
    ]
    plan = importing.import_file(csv_file("ratings", rows), kind="ratings")
    assert [(e.row, e.column) for e in plan.errors] == [(4, "A（促进中心名称）")]
    assert not CenterRating.objects.exists()
    plan = import_ok(csv_file("ratings", rows[:2]), "ratings", "r.csv")
    assert plan.created == 2
    center.refresh_from_db()
    assert (center.latest_rating, center.status) == (Rating.FAIL, CenterStatus.REORGANISING)  # Art. 17
    assert importing.preview(csv_file("ratings", rows[:2]), kind="ratings").skipped == 2


def test_a_revocation_imported_with_a_lower_case_credit_code_still_bans(site):
    center = h.center(site, "南昌第1数字化转型促进中心", kind=CenterKind.REGIONAL, code=h.credit_code(901))
    today = timezone.localdate()
    revoked_on = today.replace(year=today.year - 1)
    rows = [
        {
            "lead_unit": "某某数字科技有限公司",
            "credit_code": " " + h.VALID_CODE.lower(),
            "cause": "（二）",
            "revoked_on": revoked_on.strftime("%Y年%m月%d日"),
        },
        {
            "lead_unit": center.lead_unit_name,
            "credit_code": center.lead_unit_credit_code.lower(),
            "center": center.title,
            "cause": "连续两次评价不合格",
            "revoked_on": revoked_on.isoformat(),
            "notice": "赣工信〔2024〕9号",
        },
    ]
    plan = import_ok(csv_file("revocations", rows), "revocations", "r.csv")
    assert plan.created == 2
    ban = lifecycle.active_ban_for(h.VALID_CODE, on=today)
    assert ban is not None and ban.cause == RevocationCause.FALSE_MATERIALS
    assert lifecycle.active_ban_for(center.lead_unit_credit_code, on=today) is not None
    center.refresh_from_db()
    assert (center.status, center.revocation_cause) == (CenterStatus.REVOKED, RevocationCause.TWO_FAILS)
    assert Revocation.objects.get(center=center).credit_code == center.lead_unit_credit_code
    assert importing.preview(csv_file("revocations", rows), kind="revocations").skipped == 2


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"%PDF-1.4 not a table", "a.pdf", "not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0old", "a.xls", "old Excel file"),
        ("名称,类型\n".encode("gbk"), "a.csv", "not in UTF-8"),
        ("名称,地区\n甲,乙\n".encode(), "a.csv", "Missing columns"),
    ],
)
def test_a_file_that_is_not_the_template_gets_a_clear_message(site, content, name, message):
    with pytest.raises(importing.ImportFileError) as caught:
        importing.preview(content, kind="centers", filename=name)
    assert message in " ".join(caught.value.messages)


@override_settings(DIRECTORY_IMPORT_MAX_BYTES=100)
def test_a_file_over_the_size_limit_is_refused(site):
    with pytest.raises(importing.ImportFileError) as caught:
        importing.preview(csv_file("centers", [center_row(1), center_row(2)]), kind="centers")
    assert "largest file accepted is 100" in caught.value.messages[0]


def test_five_thousand_rows_are_previewed_in_seconds_with_a_fixed_number_of_queries(site):
    h.center(site, "已有中心", kind=CenterKind.REGIONAL, code=h.credit_code(1))
    rows = [center_row(n, credit_code=h.credit_code(10_000 + n)) for n in range(5000)]
    content = csv_file("centers", rows)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        plan = importing.preview(content, kind="centers")
    elapsed = time.perf_counter() - started
    assert plan.ok and plan.created == 5000
    assert len(queries) < 20
    assert elapsed < 15, elapsed  # about 2 s on one core


# --- The admin screen ----------------------------------------------------------------------------


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_an_editor_uploads_previews_corrects_and_confirms(site, site_tree, as_user):
    client = as_user(site_tree["users"]["editor"])
    assert reverse("directory_import:index") in client.get(reverse("wagtailadmin_home")).content.decode()
    page = client.get(reverse("directory_import:index"))
    assert page.status_code == 200
    template = client.get(reverse("directory_import:download", args=["centers"]))
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")

    rows = [center_row(1), center_row(2, area="上海市"), center_row(3)]
    upload = io.BytesIO(csv_file("centers", rows))
    upload.name = "centers.csv"
    response = client.post(reverse("directory_import:index"), {"kind": "centers", "file": upload})
    assert response.status_code == 200
    errors = soup(response).find("table", attrs={"aria-label": "Errors"}).get_text(" ", strip=True)
    assert "3" in errors and "C（所在地区）" in errors and "上海市" in errors
    assert not soup(response).find("input", attrs={"name": "token"})

    rows[1]["area"] = "贛州"
    upload = io.BytesIO(csv_file("centers", rows))
    upload.name = "centers.csv"
    response = client.post(reverse("directory_import:index"), {"kind": "centers", "file": upload})
    changes = soup(response).find("table", attrs={"aria-label": "What would change"}).get_text(" ", strip=True)
    assert changes.count("create") == 3
    assert CenterPage.objects.count() == 0
    token = soup(response).find("input", attrs={"name": "token"})["value"]

    response = client.post(reverse("directory_import:confirm"), {"token": token})
    assert response.status_code == 302
    assert CenterPage.objects.live().count() == 3
    assert "3 created" in client.get(response["Location"]).content.decode()
    listing = client.get(site.url).content.decode()
    assert "南昌第2数字化转型促进中心" in listing
    # The token is used up: confirming again imports nothing twice.
    client.post(reverse("directory_import:confirm"), {"token": token})
    assert CenterPage.objects.count() == 3


def test_a_file_that_is_not_a_spreadsheet_is_refused_beside_the_field(site, site_tree, as_user):
    client = as_user(site_tree["users"]["editor"])
    upload = io.BytesIO(b"%PDF-1.4")
    upload.name = "report.pdf"
    response = client.post(reverse("directory_import:index"), {"kind": "centers", "file": upload})
    assert response.status_code == 400
    assert "not a spreadsheet" in response.content.decode()


def test_someone_else_is_refused(site, site_tree, as_user):
    """A city-bureau reviewer may use the admin but not this screen: Wagtail sends them back to the
    dashboard ("you do not have permission"), and nothing is imported."""
    client = as_user(site_tree["users"]["nanchang"])
    upload = io.BytesIO(csv_file("centers", [center_row(1)]))
    upload.name = "centers.csv"
    for response in (
        client.get(reverse("directory_import:index")),
        client.post(reverse("directory_import:index"), {"kind": "centers", "file": upload}),
        client.get(reverse("directory_import:download", args=["centers"])),
        client.post(reverse("directory_import:confirm"), {"token": "x" * 32}),
    ):
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert CenterPage.objects.count() == 0
    assert reverse("directory_import:index") not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_command_is_a_dry_run_unless_told_to_commit(site, tmp_path):
    path = tmp_path / "centers.csv"
    path.write_bytes(csv_file("centers", [center_row(1), center_row(2)]))
    out = io.StringIO()
    call_command("import_directory", str(path), kind="centers", stdout=out)
    assert "2 to create" in out.getvalue() and CenterPage.objects.count() == 0
    call_command("import_directory", str(path), kind="centers", commit=True, stdout=io.StringIO())
    assert CenterPage.objects.count() == 2
    path.write_bytes(csv_file("centers", [center_row(3, area="上海市")]))
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_directory", str(path), kind="centers", commit=True, stdout=io.StringIO(), stderr=out)
    assert "row 2, C（所在地区）" in out.getvalue() and CenterPage.objects.count() == 2
    template = tmp_path / "template.xlsx"
    call_command("export_directory", str(template), kind="ratings", template=True, stdout=io.StringIO())
    assert load_workbook(template).worksheets[0]["A1"].value == "促进中心名称*"


def test_a_new_center_where_another_holds_the_place_is_imported_with_an_art_9_note(site):
    """Art. 9: in principle one center per area and one per industry. The province's file is imported as it
    recorded it; the preview notes the center already there (on the site or earlier in the file)."""
    h.center(site, "南昌市数字化转型促进中心", kind=CenterKind.REGIONAL, code=h.credit_code(950))
    rows = [
        center_row(1),  # a second regional center in 南昌 (the site has one)
        center_row(2, kind="行业型", industries="稀土", management_unit="省稀土行业协会"),
        center_row(3, kind="行业型", industries="稀土", management_unit="省稀土行业协会"),  # row 3 holds 稀土 too
        center_row(4, area="赣州市"),  # 赣州 has none: no note
        center_row(5, area="赣州市", status="已撤销"),  # a revoked center holds no place
    ]
    plan = importing.preview(csv_file("centers", rows), kind="centers")
    assert plan.ok and plan.created == 5, [(e.row, e.column, e.message) for e in plan.errors]
    notes = {(n.row, n.column.split("（")[1].rstrip("）")): n.message for n in plan.notes if "Art. 9" in n.message}
    assert set(notes) == {(2, "所在地区"), (4, "服务行业")}
    assert "“南昌市数字化转型促进中心” already holds this place" in notes[(2, "所在地区")]
    assert "row 3 of this file" in notes[(4, "服务行业")]
    with translation.override("zh-hans"):
        plan = importing.preview(csv_file("centers", rows[:1]), kind="centers")
    assert plan.notes[0].message.startswith("第九条：原则上每个地区、每个行业只建设1个数字化转型促进中心")
