"""Item 6 of issue 14: a name like =HYPERLINK(...) never reaches a CSV as a live formula, in the desk's
exports or in the open-data directory."""

import csv
import io

import pytest
from django.urls import reverse

from home.spreadsheets import safe_cell
from tests import factories as f

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("x")'


def rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert safe_cell(start + "1+1") == "'" + start + "1+1"


def test_plain_text_and_numbers_are_left_alone():
    assert safe_cell("赣州市数字化转型促进中心") == "赣州市数字化转型促进中心"
    assert safe_cell(-5) == -5 and safe_cell(None) is None


def test_the_open_data_csv_shows_a_formula_name_as_text(client, site_tree):
    page = f.directory_page(site_tree["home"])
    f.center(page, FORMULA, area=f.area(), slug="formula")
    response = client.get("/centers/export.csv")
    assert response.status_code == 200
    names = [row[0] for row in rows(response.content.decode("utf-8"))[1:]]
    assert names == ["'" + FORMULA]


def test_the_desk_csv_shows_a_formula_name_as_text(world, as_user):
    world.app_a.lead_unit_name = FORMULA
    world.app_a.proposed_name = "+" + FORMULA
    world.app_a.save()
    client = as_user(world.users["admin"])
    response = client.get(reverse("submissions_application:index"), {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    cells = [cell for row in rows(text) for cell in row]
    assert "'" + FORMULA in cells and "'+" + FORMULA in cells
    assert FORMULA not in cells
