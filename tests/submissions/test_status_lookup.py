"""Checking a submission with its receipt number and access code; private attachments."""

import re

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client

from submissions.models import Attachment, Objection, StatusChange
from submissions.states import ObjectionState
from tests import factories
from tests.factories import objection_data

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]
STATUS = "/submissions/status/"


@pytest.fixture
def filed(post, client, open_publicity):
    """An objection with one evidence file, filed through the form; returns (objection, access code)."""
    response = post(
        open_publicity.url + "objection/", {**objection_data(open_publicity), "evidence": [factories.png()]}
    )
    page = client.get(response["Location"]).content.decode()
    code = page.split('id="access-code">')[1].split("<")[0]
    client.session.flush()
    return Objection.objects.get(), code


def without_csrf(body: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)


def test_status_page_shows_a_form_with_labels(client, site_tree):
    body = client.get(STATUS).content.decode()
    assert '<label class="field__label" for="id_receipt_number">' in body
    assert '<label class="field__label" for="id_access_code">' in body


def test_right_code_shows_status_dates_history_and_reply(client, filed):
    objection, code = filed
    objection.state = ObjectionState.DISMISSED
    objection.reply = "经核实，异议事项与事实不符，不予支持。"
    objection.save()
    StatusChange.objects.create(
        objection=objection, action="dismiss", from_state="investigating", to_state="dismissed", note="内部备注"
    )
    body = client.post(
        STATUS, {"receipt_number": objection.receipt_number.lower(), "access_code": code.lower()}
    ).content.decode()
    assert objection.receipt_number in body
    assert "经核实，异议事项与事实不符，不予支持。" in body
    assert objection.submitted_at.astimezone().strftime("%Y-%m-%d") in body
    assert "内部备注" not in body
    assert "证据.png" in body
    # Each step of the history: when, then the state, with the full-width colon of Chinese text.
    assert re.search(r"</time>：[^<]+</li>", body)


def test_a_wrong_code_and_an_unknown_number_look_the_same(client, filed):
    objection, code = filed
    wrong_code = client.post(STATUS, {"receipt_number": objection.receipt_number, "access_code": "AAAAAAAA"})
    unknown = client.post(STATUS, {"receipt_number": "YY-2025-999999", "access_code": "AAAAAAAA"})
    assert wrong_code.status_code == unknown.status_code == 200
    # The only difference is the number the visitor typed, echoed back in its field.
    first = without_csrf(wrong_code.content.decode()).replace(objection.receipt_number, "N")
    second = without_csrf(unknown.content.decode()).replace("YY-2025-999999", "N")
    assert first == second
    assert 'id="error-summary"' in first


@pytest.mark.usefixtures("cache_backend")  # also on Redis, as production counts
def test_lookups_are_rate_limited_per_address(client, filed, settings):
    settings.STATUS_LOOKUP_RATE = "3/m"
    objection, code = filed
    for _ in range(3):
        assert (
            client.post(STATUS, {"receipt_number": objection.receipt_number, "access_code": "WRONG234"}).status_code
            == 200
        )
    blocked = client.post(STATUS, {"receipt_number": objection.receipt_number, "access_code": code})
    assert blocked.status_code == 429
    assert objection.receipt_number not in blocked.content.decode()
    other_address = client.post(
        STATUS, {"receipt_number": objection.receipt_number, "access_code": code}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_address.status_code == 200 and objection.receipt_number in other_address.content.decode()


@pytest.mark.usefixtures("cache_backend")  # also on Redis, as production counts
def test_submissions_are_rate_limited_per_address(post, open_publicity, settings):
    settings.SUBMISSION_RATE = "2/h"
    url = open_publicity.url + "objection/"
    assert post(url, objection_data(open_publicity)).status_code == 302
    assert post(url, objection_data(open_publicity)).status_code == 302
    assert post(url, objection_data(open_publicity)).status_code == 429
    assert Objection.objects.count() == 2


def test_attachment_is_served_to_the_submitter_after_lookup_only(client, filed):
    objection, code = filed
    attachment = Attachment.objects.get()
    url = f"/submissions/files/{attachment.pk}/"
    assert client.get(url).status_code == 404
    client.post(STATUS, {"receipt_number": objection.receipt_number, "access_code": code})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == factories.PNG_BYTES
    assert "attachment" in response["Content-Disposition"] and "no-store" in response["Cache-Control"]
    assert Client().get(url).status_code == 404


def test_attachment_is_served_to_staff_whose_role_may_read_the_objection_only(filed):
    from home.roles import OBJECTION_HANDLERS, ensure_roles

    attachment = Attachment.objects.get()
    url = f"/submissions/files/{attachment.pk}/"
    user = User.objects.create_user("clerk", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_objection"))
    staff = Client()
    staff.force_login(user)
    assert staff.get(url).status_code == 404
    user.groups.add(ensure_roles()[OBJECTION_HANDLERS])
    staff = Client()
    staff.force_login(User.objects.get(pk=user.pk))
    assert staff.get(url).status_code == 200


def test_attachments_are_not_under_public_media(filed, settings):
    attachment = Attachment.objects.get()
    assert not attachment.file.path.startswith(str(settings.MEDIA_ROOT))
    assert attachment.file.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert Client().get("/media/" + attachment.file.name).status_code == 404


def test_receipt_is_found_in_any_case_and_with_spaces(client, filed):
    objection, code = filed
    body = client.post(
        STATUS, {"receipt_number": f" {objection.receipt_number.lower()} ", "access_code": f" {code[:4]} {code[4:]} "}
    ).content.decode()
    assert "error-summary" not in body and objection.receipt_number in body
