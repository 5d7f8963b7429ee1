"""The directory as open data (docs/contract.md): /centers/export.csv (UTF-8 with BOM, so spreadsheet programs
show Chinese) and /centers/export.json, one row per center, honouring the directory's filters and order.
CSV cells that would run as a formula are neutralised (home.spreadsheets)."""

import csv
import io
from collections import defaultdict

from django.http import HttpResponse, JsonResponse

from directory.filters import CenterFilterSet
from directory.listing import Labeller
from directory.models import CenterRating, Rating
from home.public_address import absolute_url
from home.spreadsheets import safe_row

COLUMNS = ("name", "url", "kind", "area", "industries", "services", "status", "ratings", "lead_unit", "management_unit")


def export_rows(page, request) -> list[dict]:
    """One dict per center in the shape of docs/contract.md; a fixed number of queries for any number of centers.
    Without `?list=current` it is the whole open dataset, revoked centers included and marked (what scripts of
    docs/contract.md rely on); the directory page's own links add `list=current`, so "this list" means what
    the page shows: revoked centers only when asked for (`?status=revoked`)."""
    current_by_default = request.GET.get("list") == "current"
    filterset = CenterFilterSet(
        request.GET, queryset=page.centers(), locale=page.locale, current_by_default=current_by_default
    )
    centers = list(
        filterset.ordered()
        .select_related("area")
        .prefetch_related("industry_links__industry", "service_links__service")
    )
    ratings = defaultdict(list)
    for record in CenterRating.objects.filter(center_key__in=[c.translation_key for c in centers]).order_by("-year"):
        ratings[record.center_key].append(
            {"year": record.year, "rating": str(Rating(record.rating).label), "code": record.rating}
        )
    labeller = Labeller(page.locale)
    rows = []
    for center in centers:
        labeller.label_center(center)
        rows.append(
            {
                "name": center.title,
                "url": absolute_url(center.get_url(request=request)),
                "kind": center.kind,
                "area": center.area_label,
                "industries": center.industry_labels,
                "services": center.service_labels,
                "status": center.status,
                "ratings": ratings.get(center.translation_key, []),
                "lead_unit": center.lead_unit_name,
                "lead_unit_credit_code": center.lead_unit_credit_code,
                "management_unit": center.management_unit,
                "batch_year": center.batch_year,
            }
        )
    return rows


def export_json(page, request) -> JsonResponse:
    rows = export_rows(page, request)
    response = JsonResponse({"count": len(rows), "results": rows}, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response


def export_csv(page, request) -> HttpResponse:
    rows = export_rows(page, request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([*COLUMNS, "lead_unit_credit_code", "batch_year"])
    for row in rows:
        writer.writerow(
            safe_row(
                [
                    row["name"],
                    row["url"],
                    row["kind"],
                    row["area"],
                    "; ".join(row["industries"]),
                    "; ".join(row["services"]),
                    row["status"],
                    "; ".join(f"{r['year']}: {r['rating']}" for r in row["ratings"]),
                    row["lead_unit"],
                    row["management_unit"],
                    row["lead_unit_credit_code"],
                    row["batch_year"],
                ]
            )
        )
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="centers.csv"'
    return response
