"""The directory at /centers/: filters with counts, sorting, pagination, noindex, the empty state, bad
input, English, and a fixed number of queries whatever the number of centers."""

import csv
import datetime as dt
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import services
from directory.models import CenterKind, CenterService, Service
from tests import factories as f

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = pytest.mark.usefixtures("demo_shell_per_module")


@pytest.fixture
def directory(site_tree, search_engine):
    home = site_tree["home"]
    page = f.directory_page(home)
    zh, en = site_tree["locales"]
    ganzhou = f.AreaFactory(slug="ganzhou", name="赣州市")
    fuzhou = f.AreaFactory(slug="fuzhou", name="抚州市", division_code="3610")
    nanchang = f.AreaFactory(slug="nanchang", name="南昌市", division_code="3601")
    rare = f.IndustryFactory(slug="rare-earths", name="稀土")
    furniture = f.IndustryFactory(slug="furniture", name="家具")
    diagnosis = f.ServiceFactory(slug="diagnosis", name="诊断咨询")
    training = f.ServiceFactory(slug="training", name="人才培训")
    for obj, name in ((ganzhou, "Ganzhou"), (rare, "Rare earths"), (diagnosis, "Diagnosis and consulting")):
        f.translate(obj, en, name=name)
    centers = {
        "ganzhou": f.center(
            page,
            "赣州市数字化转型促进中心",
            area=ganzhou,
            industries=[rare, furniture],
            services=[(diagnosis, "两周内出具诊断报告"), training],
            kind=CenterKind.REGIONAL,
            slug="ganzhou",
            batch_year=2023,
        ),
        "rare": f.center(
            page,
            "赣州市稀土产业数字化转型促进中心",
            area=ganzhou,
            industries=[rare],
            services=[diagnosis],
            batch_year=2024,
        ),
        "fuzhou": f.center(
            page,
            "抚州市数字化转型促进中心",
            area=fuzhou,
            industries=[rare, furniture],
            kind=CenterKind.REGIONAL,
            services=[training],
            batch_year=2022,
        ),
        "nanchang": f.center(
            page, "南昌家具产业数字化转型促进中心", area=nanchang, industries=[furniture], batch_year=2025
        ),
    }
    services.center_record_rating(center=centers["rare"], year=2025, rating="excellent")
    services.center_mark_revoked(center=centers["nanchang"], cause="two_fails", effective_on=dt.date(2026, 3, 1))
    return {"page": page, "centers": centers, "en": en}


def titles(response):
    return [c.title for c in response.context["centers"]]


@pytest.mark.django_db
def test_filters_narrow_and_counts_tell_what_each_choice_gives(client, directory):
    response = client.get("/centers/?region=ganzhou")
    assert response.status_code == 200
    assert set(titles(response)) == {"赣州市数字化转型促进中心", "赣州市稀土产业数字化转型促进中心"}
    facets = {facet["name"]: {o["value"]: o["count"] for o in facet["options"]} for facet in response.context["facets"]}
    assert facets["kind"] == {"regional": 1, "industry": 1}  # within 赣州
    assert facets["region"]["fuzhou"] == 1  # picking another area ignores the current area
    assert facets["service"] == {"diagnosis": 2, "training": 1}
    assert "南昌家具产业数字化转型促进中心" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "q=数字化转型",
        "q=数字化转型&region=ganzhou",
        "q=赣州&kind=regional&service=diagnosis",
        "q=数字化转型&status=revoked",
    ],
)
def test_with_a_text_query_each_count_is_what_its_choice_lists(client, directory, query):
    """With a text query the list and the facets come from one statement: the number
    beside a choice is the number of centers the list shows once it is picked, and the list itself
    holds the centers counted."""
    response = client.get(f"/centers/?{query}")
    checked = 0
    for facet in response.context["facets"]:
        for option in facet["options"]:
            if option["selected"]:
                assert option["count"] == response.context["result_count"], (facet["name"], option["value"])
                continue
            picked = client.get(f"/centers/{option['url']}")
            assert picked.context["result_count"] == option["count"], (facet["name"], option["value"])
            checked += 1
    assert checked >= 3
    assert len(titles(response)) == response.context["result_count"]


@pytest.mark.django_db
def test_the_journey_regional_center_in_ganzhou_offering_diagnosis(client, directory):
    response = client.get("/centers/?region=ganzhou&kind=regional&service=diagnosis")
    assert titles(response) == ["赣州市数字化转型促进中心"]
    body = response.content.decode()
    assert 'href="/centers/ganzhou/"' in body
    assert '<meta name="robots" content="noindex, follow">' in body  # more than one filter


def _submitted(form, **typed) -> dict:
    """What a browser sends for `form`: its inputs' names and values (a select's chosen option), with the
    visitor's `typed` values in place of the named fields'."""
    fields = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    for select in form.find_all("select"):
        chosen = select.find("option", selected=True) or select.find("option")
        fields[select["name"]] = chosen["value"]
    return {**fields, **typed}


@pytest.mark.django_db
def test_a_new_search_and_another_order_keep_the_filters_in_use(client, directory):
    page = BeautifulSoup(client.get("/centers/?region=ganzhou&kind=regional").content, "html.parser")
    searched = client.get("/centers/", _submitted(page.find("form", role="search"), q="数字化转型"))
    assert titles(searched) == ["赣州市数字化转型促进中心"]  # in 赣州 and regional still
    results = BeautifulSoup(searched.content, "html.parser")
    resorted = client.get("/centers/", _submitted(results.find("form", class_="sort-form"), sort="newest"))
    assert resorted.context["query"] == "数字化转型"
    assert resorted.context["filterset"].active_filters == {"kind": "regional", "region": "ganzhou"}
    assert titles(resorted) == ["赣州市数字化转型促进中心"]


@pytest.mark.django_db
def test_one_filter_is_indexable(client, directory):
    body = client.get("/centers/?region=ganzhou").content.decode()
    assert "noindex" not in body


@pytest.mark.django_db
def test_status_and_rating_filters(client, directory):
    assert titles(client.get("/centers/?status=revoked")) == ["南昌家具产业数字化转型促进中心"]
    assert titles(client.get("/centers/?rating=excellent")) == ["赣州市稀土产业数字化转型促进中心"]


@pytest.mark.django_db
def test_sorting_by_pinyin_and_newest(client, directory):
    by_name = titles(client.get("/centers/?sort=name"))
    assert by_name[0] == "抚州市数字化转型促进中心"  # fu before gan
    assert by_name.index("抚州市数字化转型促进中心") < by_name.index("赣州市数字化转型促进中心")
    assert titles(client.get("/centers/?sort=newest"))[0] == "赣州市稀土产业数字化转型促进中心"  # batch 2024
    everyone = titles(client.get("/centers/?sort=name&status=revoked")) + by_name
    assert "南昌家具产业数字化转型促进中心" in everyone


@pytest.mark.django_db
def test_empty_result_offers_to_drop_each_filter(client, directory):
    response = client.get("/centers/?region=fuzhou&service=diagnosis")
    body = response.content.decode()
    assert response.context["result_count"] == 0
    assert "empty-state" in body
    assert 'href="?service=diagnosis"' in body  # drop the area
    assert 'href="?region=fuzhou"' in body  # drop the service


@pytest.mark.django_db
def test_an_unknown_filter_value_is_explained_and_the_rest_kept(client, directory):
    response = client.get("/centers/?region=atlantis&kind=regional")
    body = response.content.decode()
    assert response.status_code == 200
    assert "error-summary" in body
    assert set(titles(response)) == {"赣州市数字化转型促进中心", "抚州市数字化转型促进中心"}
    assert "atlantis" in body  # quoted in the message


@pytest.mark.django_db
def test_english_directory_uses_english_taxonomy_names(client, directory, site_tree):
    from home.demo import ensure_translation

    zh_center = directory["centers"]["ganzhou"]
    ensure_translation(directory["page"], directory["en"], title="Center directory")
    ensure_translation(zh_center, directory["en"], title="Ganzhou Digital Transformation Promotion Center")
    response = client.get("/en/centers/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Ganzhou Digital Transformation Promotion Center" in body
    assert "Diagnosis and consulting" in body
    assert '<html lang="en"' in body


@pytest.mark.django_db
def test_a_filter_in_use_offers_to_clear_it_in_a_sentence(client, directory):
    from home.demo import ensure_translation

    ensure_translation(directory["page"], directory["en"], title="Center directory")
    english = BeautifulSoup(client.get("/en/centers/?region=ganzhou").content, "html.parser")
    assert english.find("a", href="?", string="Any area")  # not "Any Area"
    chinese = BeautifulSoup(client.get("/centers/?region=ganzhou").content, "html.parser")
    assert chinese.find("a", href="?", string="不限地区")


def _service_counts(client, url):
    response = client.get(url)
    return {
        o["value"]: o["count"]
        for facet in response.context["facets"]
        if facet["name"] == "service"
        for o in facet["options"]
    }


@pytest.mark.django_db
def test_a_published_change_of_services_moves_the_service_counts(client, directory):
    """The service counts read the services each center's last save kept (CenterPage.service_ids, from its
    links): a draft changes nothing, publishing it moves the counts, with and without a text query."""
    fuzhou = directory["centers"]["fuzhou"]  # offers training only
    assert _service_counts(client, "/centers/") == {"diagnosis": 2, "training": 2}
    draft = fuzhou.get_latest_revision_as_object()
    draft.service_links = [
        CenterService(service=Service.objects.get(slug="diagnosis", locale=fuzhou.locale), description="上门诊断")
    ]
    revision = draft.save_revision()
    assert _service_counts(client, "/centers/") == {"diagnosis": 2, "training": 2}
    revision.publish()
    assert _service_counts(client, "/centers/") == {"diagnosis": 3, "training": 1}
    assert _service_counts(client, "/centers/?q=抚州") == {"diagnosis": 1}
    assert titles(client.get("/centers/?service=diagnosis&q=抚州")) == ["抚州市数字化转型促进中心"]


@pytest.mark.django_db
def test_the_counted_ids_are_an_integer_array_on_postgresql(directory):
    """The facet counts unnest each hit's ids: an integer array on PostgreSQL (migration 0014), where jsonb took
    ~2.5× as long. The values read back as lists of ints on either database."""
    fuzhou = directory["centers"]["fuzhou"]
    fuzhou.refresh_from_db()
    assert fuzhou.service_ids and all(isinstance(pk, int) for pk in fuzhou.service_ids)
    assert (fuzhou.industry_ids, fuzhou.service_ids) == fuzhou.linked_ids()
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT column_name, udt_name FROM information_schema.columns "
            "WHERE table_name = 'directory_centerpage' AND column_name IN ('industry_ids', 'service_ids')"
        )
        assert dict(cursor.fetchall()) == {"industry_ids": "_int4", "service_ids": "_int4"}


@pytest.mark.django_db
def test_saving_only_a_centers_services_moves_the_service_counts(client, directory):
    """A save of some fields that names the links writes the ids the counts read; one that does not leaves them."""
    fuzhou = directory["centers"]["fuzhou"]  # offers training only
    fuzhou.service_links = [CenterService(service=Service.objects.get(slug="diagnosis", locale=fuzhou.locale))]
    fuzhou.save(update_fields=["title"])
    assert _service_counts(client, "/centers/") == {"diagnosis": 2, "training": 2}
    fuzhou.save(update_fields=["service_links"])
    assert _service_counts(client, "/centers/") == {"diagnosis": 3, "training": 1}


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_number_of_centers(client, directory):
    urls = ["/centers/", "/centers/?q=赣州&region=ganzhou&sort=name", "/centers/export.json", "/centers/ganzhou/"]
    for url in urls:  # warm what a process reads once (site root, locales, PostgreSQL's text-search config)
        client.get(url)
    before = {url: _query_count(client, url) for url in urls}
    page = directory["page"]
    area = f.AreaFactory(slug="ganzhou", name="赣州市")
    extra = [
        f.center(
            page,
            f"赣州市第{n}数字化转型促进中心",
            area=area,
            industries=[f.industry("rare-earths", "稀土")],
            services=[f.ServiceFactory()],
        )
        for n in range(6)
    ]
    for center in extra:
        services.center_record_rating(center=center, year=2025, rating="good")
    after = {url: _query_count(client, url) for url in urls}
    assert after == before


@pytest.mark.django_db
def test_csv_export_opens_in_a_spreadsheet_with_chinese(client, directory):
    response = client.get("/centers/export.csv?region=ganzhou")
    assert response["Content-Type"].startswith("text/csv")
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {row["name"] for row in rows} == {"赣州市数字化转型促进中心", "赣州市稀土产业数字化转型促进中心"}
    rare = next(row for row in rows if row["name"] == "赣州市稀土产业数字化转型促进中心")
    assert rare["area"] == "赣州市"
    assert "2025: 优秀" in rare["ratings"]


@pytest.mark.django_db
def test_json_export_in_the_contract_shape(client, directory):
    data = json.loads(client.get("/centers/export.json?status=revoked").content)
    assert data["count"] == 1
    (row,) = data["results"]
    assert row["name"] == "南昌家具产业数字化转型促进中心"
    assert row["status"] == "revoked"
    assert row["kind"] == "industry"
    assert row["url"].endswith("/centers/" + directory["centers"]["nanchang"].slug + "/")
    for key in ("area", "industries", "services", "ratings", "lead_unit", "management_unit"):
        assert key in row
    rare = json.loads(client.get("/centers/export.json?rating=excellent").content)["results"][0]
    assert rare["ratings"] == [{"year": 2025, "rating": "优秀", "code": "excellent"}]


@pytest.mark.django_db
def test_revoked_centers_leave_the_default_view_but_stay_findable(client, directory):
    """Art. 15: a revoked center stays in the directory, marked, but not in the default (current) list."""
    revoked = "南昌家具产业数字化转型促进中心"
    default = client.get("/centers/")
    assert revoked not in titles(default)
    assert "?status=revoked" in default.content.decode()
    assert titles(client.get("/centers/?status=revoked")) == [revoked]
    # The page's "this list" export means what the page shows: revoked centers only when asked for.
    page = BeautifulSoup(default.content, "html.parser")
    json_link = page.find("a", string="JSON")["href"]
    csv_link = page.find("a", href=lambda h: h and "export.csv" in h)["href"]
    assert "list=current" in json_link
    assert revoked not in [row["name"] for row in client.get(json_link).json()["results"]]
    assert revoked not in client.get(csv_link).content.decode()
    # The bare export is the whole open dataset (docs/contract.md): the revoked center is there, marked.
    everything = client.get("/centers/export.json").json()["results"]
    assert {"name": revoked, "status": "revoked"}.items() <= next(r for r in everything if r["name"] == revoked).items()
    asked = client.get("/centers/export.json?status=revoked").json()["results"]
    assert [row["name"] for row in asked] == [revoked] and asked[0]["status"] == "revoked"
