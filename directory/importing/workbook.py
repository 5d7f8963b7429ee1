"""The template (a header row in Chinese, an example row and a sheet of allowed values) and the export
of the directory in the same format, so a file exported here imports back unchanged."""

import io
from collections import defaultdict

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from directory.importing.columns import (
    ALLOWED_SHEET_TITLE,
    CENTERS,
    COLUMNS,
    EXAMPLE_MARK,
    RATINGS,
    SHEET_TITLES,
    join_members,
    label_zh,
    labels_zh,
    number_from_note,
)
from directory.importing.plan import Site
from directory.models import CenterKind, CenterRating, CenterStatus, Rating, Revocation, RevocationCause
from directory.validators import credit_code_for_seed

EXAMPLE_CODE = credit_code_for_seed(1, division_code="3607")

EXAMPLES = {
    CENTERS: {
        "name": EXAMPLE_MARK + "赣州稀土产业数字化转型促进中心",
        "kind": "行业型",
        "area": "赣州市",
        "industries": "稀土",
        "services": "供需对接、诊断咨询",
        "lead_unit": "赣州某某数字科技有限公司",
        "credit_code": EXAMPLE_CODE,
        "members": "赣州某某研究院（" + credit_code_for_seed(2, division_code="3607") + "）；江西某某服务有限公司",
        "management_unit": "江西省稀土行业协会",
        "batch_year": 2024,
        "phone": "0797-8000000",
        "email": "service@example.org",
        "website": "https://example.org/",
        "address": "赣州市章贡区某某路1号",
        "former_names": "",
        "status": "正常运行",
    },
    RATINGS: {
        "center": EXAMPLE_MARK + "赣州稀土产业数字化转型促进中心",
        "credit_code": EXAMPLE_CODE,
        "year": 2024,
        "rating": "良好",
        "bulletin": "赣工信数字字〔2025〕1号",
    },
    "revocations": {
        "lead_unit": EXAMPLE_MARK + "某某数字科技有限公司",
        "credit_code": EXAMPLE_CODE,
        "center": "某某产业数字化转型促进中心",
        "cause": "（一）连续两次评价不合格",
        "revoked_on": "2024-03-10",
        "notice": "赣工信数字字〔2024〕2号",
    },
}

# Which allowed-values column feeds a drop-down in which data column.
DROPDOWNS = {"kind": "类型", "area": "地区", "status": "状态", "rating": "评价结果", "cause": "撤销原因"}


def allowed_values(site: Site) -> dict[str, list[str]]:
    locale_areas = sorted(set(site.areas.values()), key=lambda a: (a.sort_order, a.name))
    industries = sorted(set(site.industries.values()), key=lambda i: (i.sort_order, i.name))
    services_ = sorted(set(site.services.values()), key=lambda s: (s.sort_order, s.name))
    return {
        "地区": [a.name for a in locale_areas],
        "行业": [i.name for i in industries],
        "服务内容": [s.name for s in services_],
        "类型": labels_zh(CenterKind),
        "状态": labels_zh(CenterStatus),
        "评价结果": labels_zh(Rating),
        "撤销原因": labels_zh(RevocationCause),
    }


def _workbook(kind: str, rows: list[dict], *, site: Site, example: bool) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLES[kind]
    columns = COLUMNS[kind]
    sheet.append([c.title for c in columns])
    bold, grey = Font(bold=True), Font(italic=True, color="808080")
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        sheet.column_dimensions[cell.column_letter].width = column.width
    sheet.freeze_panes = "A2"
    if example:
        sheet.append([EXAMPLES[kind].get(c.key, "") for c in columns])
        for cell in sheet[2]:
            cell.font = grey
    for row in rows:
        sheet.append([row.get(c.key, "") for c in columns])

    allowed = book.create_sheet(ALLOWED_SHEET_TITLE)
    values = allowed_values(site)
    for index, (title, items) in enumerate(values.items(), start=1):
        allowed.cell(row=1, column=index, value=title).font = bold
        allowed.column_dimensions[allowed.cell(row=1, column=index).column_letter].width = 24
        for n, item in enumerate(items, start=2):
            allowed.cell(row=n, column=index, value=item)
    titles = list(values)
    for index, column in enumerate(columns, start=1):
        source = DROPDOWNS.get(column.key)
        if source is None:
            continue
        letter = allowed.cell(row=1, column=titles.index(source) + 1).column_letter
        last = len(values[source]) + 1
        validation = DataValidation(
            type="list", formula1=f"'{ALLOWED_SHEET_TITLE}'!${letter}$2:${letter}${last}", allow_blank=True
        )
        validation.showErrorMessage = False
        sheet.add_data_validation(validation)
        target = sheet.cell(row=2, column=index).column_letter
        validation.add(f"{target}2:{target}5000")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template(kind: str, *, site: Site | None = None) -> bytes:
    """The empty template for `kind`, with its example row (never imported) and allowed values."""
    return _workbook(kind, [], site=site or Site(), example=True)


def export(kind: str, *, site: Site | None = None) -> bytes:
    """The site's records of `kind` in the template's format."""
    site = site or Site()
    rows = {CENTERS: center_rows, RATINGS: rating_rows}.get(kind, revocation_rows)(site)
    return _workbook(kind, rows, site=site, example=False)


def center_rows(site: Site) -> list[dict]:
    return [
        {
            "name": c.title,
            "kind": label_zh(CenterKind, c.kind),
            "area": c.area.name,
            "industries": "、".join(link.industry.name for link in c.industry_links.all()),
            "services": "、".join(link.service.name for link in c.service_links.all()),
            "lead_unit": c.lead_unit_name,
            "credit_code": c.lead_unit_credit_code,
            "members": join_members((m.name, m.credit_code) for m in c.consortium_members.all()),
            "management_unit": c.management_unit,
            "batch_year": c.batch_year,
            "phone": c.phone,
            "email": c.email,
            "website": c.website,
            "address": c.address,
            "former_names": "、".join(f.name for f in c.former_names.all()),
            "status": label_zh(CenterStatus, c.status),
        }
        for c in site.centers
    ]


def rating_rows(site: Site) -> list[dict]:
    centers = {c.translation_key: c for c in site.centers}
    ratings = defaultdict(list)
    for record in CenterRating.objects.filter(center_key__in=centers).select_related("source_page"):
        ratings[record.center_key].append(record)
    rows = []
    for key, center in centers.items():
        for record in sorted(ratings[key], key=lambda r: r.year):
            number = number_from_note(record.reason)
            if record.source_page is not None:
                number = getattr(record.source_page.specific, "document_number", "") or number
            rows.append(
                {
                    "center": center.title,
                    "credit_code": center.lead_unit_credit_code,
                    "year": record.year,
                    "rating": label_zh(Rating, record.rating),
                    "bulletin": number,
                }
            )
    return rows


def revocation_rows(site: Site) -> list[dict]:
    rows = []
    for record in Revocation.objects.select_related("notice").order_by("revoked_on", "pk"):
        number = number_from_note(record.evidence)
        if record.notice is not None:
            number = getattr(record.notice.specific, "document_number", "") or number
        rows.append(
            {
                "lead_unit": record.lead_unit_name,
                "credit_code": record.credit_code,
                "center": record.center_name,
                "cause": label_zh(RevocationCause, record.cause),
                "revoked_on": record.revoked_on.isoformat(),
                "notice": number,
            }
        )
    return rows
