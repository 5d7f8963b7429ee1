"""Item 8 of issue 14: inputs that made the site answer 500 on SQLite or PostgreSQL now get a 400 or 404
(the API) or "not a valid choice" beside the field (forms and desk filters)."""

import pytest
from django.test import Client
from django.urls import reverse

from submissions.models import Objection
from tests.factories import objection_data

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]

HUGE = "9" * 20


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "query",
    [
        "search=%00",
        "search=%22",
        "search=%20%22%20",
        "locale=%00",
        "offset=" + "9" * 30,
        "limit=" + "9" * 30,
        "child_of=" + HUGE,
        "search=a&search_operator=%00",
        "type=%00",
    ],
)
def test_the_pages_api_answers_bad_parameters_with_400(anonymous, site_tree, query):
    response = anonymous.get("/api/v2/pages/?" + query)
    assert response.status_code == 400
    assert "message" in response.json()


def test_a_quote_in_an_api_search_is_read_as_a_space(anonymous, site_tree):
    assert anonymous.get("/api/v2/pages/?search=%22政策").status_code == 200


def test_an_id_no_database_holds_is_a_404(anonymous, site_tree):
    assert anonymous.get(f"/api/v2/pages/{HUGE}/").status_code == 404
    assert anonymous.get(f"/api/v2/documents/{HUGE}/").status_code == 404


def test_a_huge_entry_id_on_the_objection_form_is_an_invalid_choice(client, open_publicity):
    response = client.post(f"{open_publicity.url}objection/", objection_data(open_publicity, entries=[HUGE]))
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert Objection.objects.count() == 0


def test_the_desk_filters_refuse_huge_ids_readably(world, as_user):
    client = as_user(world.users["admin"])
    client.raise_request_exception = False
    for name in ("submissions_application:index", "submissions_objection:index"):
        for query in ({"notice": HUGE}, {"area": HUGE}, {"notice": "１２"}):
            assert client.get(reverse(name), query).status_code == 200, (name, query)
    assert client.get(reverse("submissions_application:batch"), {"id": [HUGE, "²"]}).status_code in (200, 302)
