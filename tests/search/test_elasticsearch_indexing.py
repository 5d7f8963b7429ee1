"""Elasticsearch with a fake client (tests/fakes/elasticsearch.py, which records every call): the index
updates on publish, unpublish, move, delete and on the services that change a center's status or rating,
as background tasks when a worker runs; the `search_index` commands (versioned index + alias swap); and
the directory and site search through the Elasticsearch engine giving what the database engine gives."""

import datetime as dt
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from elasticsearch.dsl import connections

from directory import services
from directory.models import CenterKind, CenterPage, DirectoryPage
from home.search_es import indexing
from tests import factories as f
from tests.fakes.elasticsearch import FakeElasticsearch

ES_SETTINGS = {
    "ELASTICSEARCH_URL": "http://elasticsearch.invalid:9200",
    "ELASTICSEARCH_INDEX_PREFIX": "t",
    "SEARCH_ENGINE": "home.search_es.engine.ElasticsearchEngine",
}


@pytest.fixture
def fake_es(settings):
    for name, value in ES_SETTINGS.items():
        setattr(settings, name, value)
    es = FakeElasticsearch()
    connections.add_connection("default", es)
    indexing.create_indexes()
    es.calls.clear()
    yield es
    connections.remove_connection("default")


def writes(es):
    """(action, alias, id, document) of every bulk operation, in order."""
    out = []
    for call, args in es.calls:
        if call != "bulk":
            continue
        ops = iter(args["operations"])
        for op in ops:
            ((verb, spec),) = op.items()
            out.append((verb, spec["_index"], int(spec["_id"]), next(ops) if verb == "index" else None))
    return out


@pytest.fixture
def tree(site_tree):
    home = site_tree["home"]
    return {"home": home, "directory": f.directory_page(home)}


# --- Index updates ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_publishing_a_center_writes_its_document(fake_es, tree, django_capture_on_commit_callbacks):
    rare = f.IndustryFactory(slug="rare-earths", name="稀土")
    with django_capture_on_commit_callbacks(execute=True):
        center = f.center(tree["directory"], "贛州市稀土產業數字化轉型促進中心", industries=[rare], batch_year=2024)
    ((verb, alias, pk, doc),) = [w for w in writes(fake_es) if w[2] == center.pk][-1:]
    assert (verb, alias, pk) == ("index", "t-centers", center.pk)
    # Traditional is indexed as Simplified, cut into words, with pinyin; facets as keywords
    assert "赣州" in doc["title"].split() and "ganzhou" in doc["title"].split()
    assert "贛州" not in doc["body"]
    assert doc["industries"] == ["rare-earths"]
    assert (doc["kind"], doc["status"], doc["year"], doc["locale"]) == ("industry", "active", 2024, "zh-hans")
    assert fake_es.indexes[next(iter(fake_es.aliases))]  # the document is in the index behind the alias


@pytest.mark.django_db
def test_unpublishing_and_deleting_remove_the_document(fake_es, tree, django_capture_on_commit_callbacks):
    center = f.center(tree["directory"], "南昌航空产业数字化转型促进中心")
    other = f.center(tree["directory"], "上饶光伏产业数字化转型促进中心")
    fake_es.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        center.unpublish()
    assert writes(fake_es) == [("delete", "t-centers", center.pk, None)]
    fake_es.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        CenterPage.objects.get(pk=other.pk).delete()
    assert ("delete", "t-centers", other.pk, None) in writes(fake_es)


@pytest.mark.django_db
def test_moving_a_page_rewrites_the_documents_under_it(fake_es, tree, django_capture_on_commit_callbacks):
    center = f.center(tree["directory"], "南昌航空产业数字化转型促进中心")
    section = DirectoryPage(title="促进中心名录（归档）", slug="archive")
    tree["home"].add_child(instance=section)
    section.save_revision().publish()
    fake_es.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        CenterPage.objects.get(pk=center.pk).move(section, pos="last-child")
    center.refresh_from_db()
    ((verb, _, pk, doc),) = [w for w in writes(fake_es) if w[2] == center.pk]
    assert verb == "index" and doc["path"] == center.path and doc["path"].startswith(section.path)


@pytest.mark.django_db
def test_status_and_rating_services_rewrite_the_center(fake_es, tree, django_capture_on_commit_callbacks):
    center = f.center(tree["directory"], "抚州市数字化转型促进中心", kind=CenterKind.REGIONAL)
    fake_es.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.center_record_rating(center=center, year=2025, rating="excellent")
    ((_, _, _, doc),) = [w for w in writes(fake_es) if w[2] == center.pk]
    assert (doc["rating"], doc["rating_year"]) == ("excellent", 2025)
    fake_es.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.center_mark_revoked(center=center, cause="two_fails", effective_on=dt.date(2026, 3, 1))
    assert [w[3]["status"] for w in writes(fake_es) if w[2] == center.pk] == ["revoked"]


@pytest.mark.django_db
def test_with_a_worker_the_update_is_queued_not_run(fake_es, tree, django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
        default_task_backend.clear()
        with django_capture_on_commit_callbacks(execute=True):
            center = f.center(tree["directory"], "南昌航空产业数字化转型促进中心")
        queued = [r for r in default_task_backend.results if r.task.name == "update_search_documents"]
        assert writes(fake_es) == []
        assert {"model": "directory.CenterPage", "pks": [center.pk]} in [r.kwargs for r in queued]


@pytest.mark.django_db
def test_without_elasticsearch_nothing_is_sent(settings, tree, django_capture_on_commit_callbacks):
    es = FakeElasticsearch()
    connections.add_connection("default", es)
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            f.center(tree["directory"], "南昌航空产业数字化转型促进中心")
        assert es.calls == []
        assert [c for c in callbacks if c.__module__ == "home.search_es.signals"] == []
    finally:
        connections.remove_connection("default")


@pytest.mark.django_db
def test_an_unreachable_server_never_undoes_the_editors_action(fake_es, tree, django_capture_on_commit_callbacks):
    def down(**kwargs):
        raise ConnectionError("elasticsearch is down")

    fake_es.bulk = down
    with django_capture_on_commit_callbacks(execute=True):
        center = f.center(tree["directory"], "南昌航空产业数字化转型促进中心")
    assert CenterPage.objects.get(pk=center.pk).live


# --- Commands ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_create_migrate_and_rebuild_swap_aliases(settings, tree):
    for name, value in ES_SETTINGS.items():
        setattr(settings, name, value)
    es = FakeElasticsearch()
    connections.add_connection("default", es)
    try:
        f.center(tree["directory"], "南昌航空产业数字化转型促进中心")
        call_command("search_index", "create")
        first = {alias: index for index, aliases in es.aliases.items() for alias in aliases}
        assert set(first) == {"t-centers", "t-events", "t-notices"}
        created = [a for c, a in es.calls if c == "indices.create"]
        assert {c["mappings"]["properties"]["body"]["analyzer"] for c in created} == {"jx_tokens"}
        es.calls.clear()
        call_command("search_index", "create")
        assert not [c for c, _ in es.calls if c == "indices.create"]  # nothing to do

        call_command("search_index", "rebuild", "--only", "centers")
        rebuilt = {alias: index for index, aliases in es.aliases.items() for alias in aliases}
        assert rebuilt["t-centers"] != first["t-centers"] and rebuilt["t-events"] == first["t-events"]
        assert first["t-centers"] not in es.indexes  # the old index is gone after the swap
        assert len(es.indexes[rebuilt["t-centers"]]) == 1
        swap = [a for c, a in es.calls if c == "indices.update_aliases"][-1]["actions"]
        assert swap == [
            {"remove": {"index": first["t-centers"], "alias": "t-centers"}},
            {"add": {"index": rebuilt["t-centers"], "alias": "t-centers"}},
        ]  # one atomic request: searches always find an index

        call_command("search_index", "migrate", "--only", "centers")
        migrated = {alias: index for index, aliases in es.aliases.items() for alias in aliases}
        assert ("reindex", {"source": {"index": "t-centers"}, "dest": {"index": migrated["t-centers"]}}) in es.calls
        assert len(es.indexes[migrated["t-centers"]]) == 1
    finally:
        connections.remove_connection("default")


@pytest.mark.django_db
def test_the_commands_refuse_without_elasticsearch_or_an_unknown_index(settings):
    with pytest.raises(CommandError, match="ELASTICSEARCH_URL"):
        call_command("search_index", "create")
    settings.ELASTICSEARCH_URL = "http://elasticsearch.invalid:9200"
    with pytest.raises(CommandError, match="centres"):
        call_command("search_index", "create", "--only", "centres")


# --- Searching through the engine -------------------------------------------------------------------


@pytest.fixture
def directory(tree):
    page = tree["directory"]
    ganzhou = f.AreaFactory(slug="ganzhou", name="赣州市")
    nanchang = f.AreaFactory(slug="nanchang", name="南昌市", division_code="3601")
    rare = f.IndustryFactory(slug="rare-earths", name="稀土")
    furniture = f.IndustryFactory(slug="furniture", name="家具")
    diagnosis = f.ServiceFactory(slug="diagnosis", name="诊断咨询")
    centers = [
        f.center(page, "赣州市稀土产业数字化转型促进中心", area=ganzhou, industries=[rare], services=[diagnosis]),
        f.center(
            page, "赣州市数字化转型促进中心", area=ganzhou, industries=[rare, furniture], kind=CenterKind.REGIONAL
        ),
        f.center(page, "南康家具产业数字化转型促进中心", area=ganzhou, industries=[furniture]),
        f.center(page, "南昌家具产业数字化转型促进中心", area=nanchang, industries=[furniture]),
    ]
    services.center_mark_revoked(center=centers[3], cause="two_fails", effective_on=dt.date(2026, 3, 1))
    f.event(f.events_page(tree["home"]), "稀土产业链供需对接会", industries=[rare], organisers=[centers[0]])
    f.policy_notice(tree["home"], title="关于公布稀土行业中心评价结果的通知")
    return page


def page_view(client, url):
    response = client.get(url)
    context = response.context
    if "centers" in context:
        facets = {fa["name"]: {o["value"]: o["count"] for o in fa["options"]} for fa in context["facets"]}
        return [c.title for c in context["centers"]], context["result_count"], facets
    return {g["key"]: ([h.title for h in g["hits"]], g["count"]) for g in context["groups"]}


URLS = [
    "/centers/?q=" + quote("稀土"),
    "/centers/?q=" + quote("贛州 家具"),
    "/centers/?q=" + quote("ganzhou"),
    "/centers/?region=ganzhou&industry=furniture",
    "/centers/?q=" + quote("家具") + "&status=revoked",
    "/centers/?q=" + quote("数字化转型") + "&kind=industry",
    "/search/?q=" + quote("稀土"),
    "/search/?q=" + quote("赣州 诊断"),
]


@pytest.mark.django_db
def test_the_elasticsearch_engine_gives_what_the_database_gives(client, settings, directory):
    on_database = [page_view(client, url) for url in URLS]
    for name, value in ES_SETTINGS.items():
        setattr(settings, name, value)
    es = FakeElasticsearch()
    connections.add_connection("default", es)
    try:
        call_command("search_index", "rebuild")
        on_elasticsearch = [page_view(client, url) for url in URLS]
        searched = [a["body"] for c, a in es.calls if c == "search"]
        assert any("aggs" in body for body in searched)  # the facets came from Elasticsearch
    finally:
        connections.remove_connection("default")
    for url, database, elastic in zip(URLS, on_database, on_elasticsearch, strict=True):
        assert elastic == database, url
    assert on_database[0][1] == 2 and on_database[0][2]["region"] == {"ganzhou": 2}


@pytest.mark.django_db
def test_documents_elasticsearch_refuses_are_logged(fake_es, tree, caplog):
    center = f.center(tree["directory"], "南昌航空产业数字化转型促进中心")

    def refuse(*, operations, **kwargs):
        fake_es.calls.append(("bulk", {"operations": operations}))
        error = {"type": "mapper_parsing_exception", "reason": "failed to parse field [year]"}
        return {"errors": True, "items": [{"index": {"_id": str(center.pk), "status": 400, "error": error}}]}

    fake_es.bulk = refuse
    with caplog.at_level("ERROR", logger="home.search_es.indexing"):
        indexing.update_pages(CenterPage, [center.pk])
    assert f"document {center.pk}" in caplog.text and "failed to parse field [year]" in caplog.text


@pytest.mark.django_db
def test_the_commands_say_when_elasticsearch_does_not_answer(settings):
    """No server on these machines: the command names the address instead of a traceback."""
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    connections.create_connection("default", hosts=[settings.ELASTICSEARCH_URL], request_timeout=2, max_retries=0)
    try:
        with pytest.raises(CommandError, match="http://127.0.0.1:9 refused or did not answer"):
            call_command("search_index", "create")
    finally:
        connections.remove_connection("default")


@pytest.mark.django_db
def test_renaming_a_center_or_an_area_rewrites_the_documents_holding_its_name(
    fake_es, tree, django_capture_on_commit_callbacks
):
    area = f.AreaFactory(slug="ganzhou", name="赣州市")
    center = f.center(tree["directory"], "赣州市稀土产业数字化转型促进中心", area=area)
    event = f.event(f.events_page(tree["home"]), "稀土产业链供需对接会", organisers=[center])
    fake_es.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        center.title = "赣州市稀土新材料数字化转型促进中心"
        center.save_revision().publish()
    ((_, alias, _, doc),) = [w for w in writes(fake_es) if w[2] == event.pk]
    assert alias == "t-events" and "材料" in doc["summary"].split()
    fake_es.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        area.name = "赣州"
        area.save()
    rewritten = {(w[1], w[2]) for w in writes(fake_es)}
    assert {("t-centers", center.pk), ("t-events", event.pk)} <= rewritten


@pytest.mark.django_db
def test_a_model_without_a_document_is_searched_through_wagtails_backend(fake_es, monkeypatch, site_tree):
    from home.models import HomePage
    from home.search_es.engine import ElasticsearchEngine

    asked = []
    monkeypatch.setattr(ElasticsearchEngine.fallback, "match_pks", lambda qs, groups: asked.append(groups) or [7])
    assert ElasticsearchEngine().match_pks(HomePage.objects.all(), [("江西",)]) == [7]
    assert asked == [[("江西",)]]
    assert not [c for c, _ in fake_es.calls if c == "search"]
