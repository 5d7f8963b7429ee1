"""What a person submitted keeps its subject: running the demo loader again does not detach an
objection from its 公示 entries, deleting an entry that objections name is refused, and an editor who
removes such an entry in the page editor is told why beside the row (not a 500)."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from notices.models import PublicityEntry, PublicityNotice
from submissions.models import Objection
from tests.factories import objection_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_objection(demo_content, post, site_tree):
    notice = PublicityNotice.objects.live().filter(locale__language_code="zh-hans").order_by("-period_starts_on")[0]
    entries = list(notice.entries.order_by("sort_order")[:2])
    response = post(
        notice.url + "objection/",
        objection_data(notice, real_name="王五", entries=[e.pk for e in entries], email="wangwu@example.com"),
    )
    assert response.status_code == 302
    objection = Objection.objects.get(real_name="王五")
    assert set(objection.entries.all()) == set(entries)
    return notice, objection, entries


def test_running_the_demo_again_keeps_an_objection_and_its_entries(demo_objection):
    notice, objection, entries = demo_objection
    ids = sorted(e.pk for e in entries)
    call_command("load_demo", stdout=io.StringIO())
    objection = Objection.objects.get(pk=objection.pk)
    assert sorted(objection.entries.values_list("pk", flat=True)) == ids
    assert set(PublicityNotice.objects.get(pk=notice.pk).entries.values_list("pk", flat=True)) >= set(ids)


def test_deleting_an_entry_that_an_objection_names_is_refused(demo_objection):
    _notice, objection, entries = demo_objection
    with pytest.raises(ProtectedError):
        entries[0].delete()
    assert objection.entries.count() == 2
    Objection.objects.filter(entries=entries[1]).delete()
    entries[1].delete()  # once no objection names it, an entry can go
    assert not PublicityEntry.objects.filter(pk=entries[1].pk).exists()


def edit_form_data(body: str) -> dict:
    """What the browser would send back from the page editor, unchanged."""
    start = body.rfind("<form", 0, body.index('id="page-edit-form"'))
    form = BeautifulSoup(body[start:], "html.parser")
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or field.get("type") in {"submit", "button", "file"} or field.has_attr("disabled"):
            continue
        if field.get("type") in {"checkbox", "radio"}:
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
            continue
        if field.name == "textarea":
            data[name] = field.text
        elif field.name == "select":
            chosen = field.find_all("option", selected=True)
            data[name] = (
                [option.get("value", option.text) for option in chosen]
                if field.has_attr("multiple")
                else (chosen[0].get("value", chosen[0].text) if chosen else "")
            )
        else:
            data[name] = field.get("value", "")
    return data


def test_an_editor_removing_an_objected_entry_is_told_why_and_nothing_changes(client, site_tree, demo_objection):
    notice, objection, entries = demo_objection
    client.force_login(get_user_model().objects.get(username="admin"))  # as load_demo left it
    url = reverse("wagtailadmin_pages:edit", args=[notice.pk])
    page = client.get(url)
    assert page.status_code == 200, (page.status_code, page.get("Location"))
    data = edit_form_data(page.content.decode())
    position = next(
        key.split("-")[1] for key, value in data.items() if key.endswith("-id") and value == str(entries[0].pk)
    )
    data[f"entries-{position}-DELETE"] = "1"
    # The body's StreamField is drawn by script from JSON, so its inputs are not in the HTML; send it empty
    # (the page is refused before anything is saved, whatever its body).
    for stream in ("body",):
        if f"{stream}-count" not in data:
            data.update(nested_form_data({stream: streamfield([])}))
    data["action-publish"] = "action-publish"
    response = client.post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "cannot be removed from this publicity" in body or "不能从本公示中移除" in body
    assert entries[0].display_name in body
    assert PublicityEntry.objects.filter(pk=entries[0].pk).exists()
    assert objection.entries.count() == 2
