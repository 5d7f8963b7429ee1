"""The permission matrix of the review desk, cell by cell: who can list, open, download, move and export.

Rows: anonymous, the submitter (who has shown receipt number + access code on the public status page),
staff without a desk role, the 南昌 city reviewer (own area A vs 赣州's application B), the objection
handler, an expert (assigned vs not assigned) and a provincial editor.
"""

import io

import openpyxl
import pytest
from django.urls import reverse

from submissions.states import ApplicationState, ObjectionState
from tests.factories import ACCESS_CODE

# One world for the module (built once, a savepoint per test): every cell reads the same accounts, submissions.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_world_per_module")]

LOGIN, DENIED, MISSING, OK = "login", "denied", "missing", "ok"


def outcome(response) -> str:
    if response.status_code == 302 and "/admin/login/" in response["Location"]:
        return LOGIN
    if response.status_code == 403 or (response.status_code == 302 and response["Location"].rstrip("/") == "/admin"):
        return DENIED
    if response.status_code == 404:
        return MISSING
    assert response.status_code in (200, 302), response.status_code
    return OK


def submitter(client, world):
    """The applicant of A, recognised on the public side by receipt number and access code."""
    client.logout()
    response = client.post(
        reverse("submissions:status"), {"receipt_number": world.app_a.receipt_number, "access_code": ACCESS_CODE}
    )
    assert world.app_a.receipt_number in response.content.decode()
    return client


def login(client, world, who):
    if who == "anonymous":
        client.logout()
        return client
    if who == "submitter":
        return submitter(client, world)
    client.logout()
    client.force_login(world.user(who), backend="django.contrib.auth.backends.ModelBackend")
    return client


ACTORS = ["anonymous", "submitter", "clerk", "nanchang", "handler", "expert", "expert2", "editor"]

# --- List ------------------------------------------------------------------------------------------

# Which applications each actor finds in the application desk (None: the desk is refused).
APPLICATION_LIST = {
    "anonymous": LOGIN,
    "submitter": LOGIN,
    "clerk": DENIED,
    "nanchang": {"A"},
    "handler": DENIED,
    "expert": {"assigned"},
    "expert2": set(),
    "editor": {"A", "B", "assigned"},
}


@pytest.mark.parametrize("who", ACTORS)
def test_application_list(client, world, who):
    login(client, world, who)
    response = client.get(reverse("submissions_application:index"))
    expected = APPLICATION_LIST[who]
    if isinstance(expected, str):
        assert outcome(response) == expected
        return
    assert response.status_code == 200
    body = response.content.decode()
    shown = {
        label
        for label, app in (("A", world.app_a), ("B", world.app_b), ("assigned", world.app_assigned))
        if app.receipt_number in body
    }
    assert shown == expected
    assert world.draft.lead_unit_name not in body


OBJECTION_LIST = {
    "anonymous": LOGIN,
    "submitter": LOGIN,
    "clerk": DENIED,
    "nanchang": DENIED,
    "handler": OK,
    "expert": DENIED,
    "expert2": DENIED,
    "editor": OK,
}


@pytest.mark.parametrize("who", ACTORS)
def test_objection_list(client, world, who):
    login(client, world, who)
    response = client.get(reverse("submissions_objection:index"))
    assert outcome(response) == OBJECTION_LIST[who]
    assert (world.objection.receipt_number in response.content.decode()) == (OBJECTION_LIST[who] == OK)


# --- Detail ----------------------------------------------------------------------------------------

DETAIL = {
    #            A        B        assigned  objection
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN),
    "submitter": (LOGIN, LOGIN, LOGIN, LOGIN),
    "clerk": (DENIED, DENIED, DENIED, DENIED),
    "nanchang": (OK, MISSING, MISSING, DENIED),
    "handler": (DENIED, DENIED, DENIED, OK),
    "expert": (MISSING, MISSING, OK, DENIED),
    "expert2": (MISSING, MISSING, MISSING, DENIED),
    "editor": (OK, OK, OK, OK),
}


@pytest.mark.parametrize("who", ACTORS)
def test_detail(client, world, who):
    login(client, world, who)
    got = []
    for submission, url_name in (
        (world.app_a, "submissions_application:inspect"),
        (world.app_b, "submissions_application:inspect"),
        (world.app_assigned, "submissions_application:inspect"),
        (world.objection, "submissions_objection:inspect"),
    ):
        response = client.get(reverse(url_name, args=[submission.pk]))
        got.append(outcome(response))
        if got[-1] == OK:
            assert submission.receipt_number in response.content.decode()
    assert tuple(got) == DETAIL[who]


def test_nobody_opens_a_draft(client, world):
    login(client, world, "editor")
    assert client.get(reverse("submissions_application:inspect", args=[world.draft.pk])).status_code == 404


# --- Attachment download (staff desk URL and the public URL) --------------------------------------

ATTACHMENT = {
    #            A        B        assigned objection
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN),
    "submitter": (LOGIN, LOGIN, LOGIN, LOGIN),
    "clerk": (MISSING, MISSING, MISSING, MISSING),
    "nanchang": (OK, MISSING, MISSING, MISSING),
    "handler": (MISSING, MISSING, MISSING, OK),
    "expert": (MISSING, MISSING, OK, MISSING),
    "expert2": (MISSING, MISSING, MISSING, MISSING),
    "editor": (OK, OK, OK, OK),
}
PUBLIC_ATTACHMENT = {
    **{who: tuple(OK if cell == OK else MISSING for cell in row) for who, row in ATTACHMENT.items()},
    # The submitter of A, having shown A's receipt and code, gets A's file and nothing else.
    "submitter": (OK, MISSING, MISSING, MISSING),
}


def _files(world):
    return (world.file_a, world.file_b, world.file_assigned, world.file_objection)


@pytest.mark.parametrize("who", ACTORS)
def test_attachment_download_on_the_desk(client, world, who):
    login(client, world, who)
    got = []
    for attachment in _files(world):
        response = client.get(reverse("submissions_attachment", args=[attachment.pk]))
        got.append(outcome(response))
        if got[-1] == OK:
            assert b"".join(response.streaming_content).startswith(b"%PDF")
            assert "attachment" in response["Content-Disposition"]
    assert tuple(got) == ATTACHMENT[who]


@pytest.mark.parametrize("who", ACTORS)
def test_attachment_download_on_the_public_address(client, world, who):
    login(client, world, who)
    got = tuple(outcome(client.get(reverse("submissions:attachment", args=[a.pk]))) for a in _files(world))
    assert got == PUBLIC_ATTACHMENT[who]


# --- Transition through the admin ------------------------------------------------------------------

TRANSITION = {
    # (A: pass preliminary, B: pass preliminary, assigned: propose for publicity, objection: investigate)
    "anonymous": (LOGIN, LOGIN, LOGIN, LOGIN),
    "submitter": (LOGIN, LOGIN, LOGIN, LOGIN),
    "clerk": (DENIED, DENIED, DENIED, DENIED),
    "nanchang": (OK, MISSING, MISSING, DENIED),
    "handler": (DENIED, DENIED, DENIED, OK),
    "expert": (MISSING, MISSING, DENIED, DENIED),
    "expert2": (MISSING, MISSING, MISSING, DENIED),
    # Editors see A and B but the preliminary review is the city bureau's: the step is not offered (403).
    "editor": (DENIED, DENIED, OK, DENIED),
}


@pytest.mark.parametrize("who", ACTORS)
def test_transition(client, world, who):
    login(client, world, who)
    cases = (
        (world.app_a, "submissions_application:inspect", "pass_preliminary", ApplicationState.PRELIMINARY_PASSED),
        (world.app_b, "submissions_application:inspect", "pass_preliminary", ApplicationState.PRELIMINARY_PASSED),
        (world.app_assigned, "submissions_application:inspect", "propose_for_publicity", ApplicationState.IN_PUBLICITY),
        (world.objection, "submissions_objection:inspect", "investigate", ObjectionState.INVESTIGATING),
    )
    got = []
    for submission, url_name, action, target in cases:
        before = type(submission).objects.get(pk=submission.pk).state
        response = client.post(
            reverse(url_name, args=[submission.pk]),
            {"transition-action": action, "transition-note": "审核意见", "transition-reply": ""},
        )
        got.append(outcome(response))
        after = type(submission).objects.get(pk=submission.pk).state
        assert after == (target if got[-1] == OK else before)
    assert tuple(got) == TRANSITION[who]


# --- Export ----------------------------------------------------------------------------------------

EXPORT = {
    "anonymous": LOGIN,
    "submitter": LOGIN,
    "clerk": DENIED,
    "nanchang": {"A"},
    "handler": DENIED,
    "expert": {"assigned"},
    "expert2": set(),
    "editor": {"A", "B", "assigned"},
}


@pytest.mark.parametrize("who", ACTORS)
def test_export(client, world, who):
    login(client, world, who)
    response = client.get(reverse("submissions_application:index") + "?export=xlsx")
    expected = EXPORT[who]
    if isinstance(expected, str):
        assert outcome(response) == expected
        return
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    receipts = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    labels = {"A": world.app_a, "B": world.app_b, "assigned": world.app_assigned}
    assert receipts == {labels[label].receipt_number for label in expected}


@pytest.mark.parametrize("who", ["nanchang", "handler", "editor"])
def test_objection_export_follows_the_list(client, world, who):
    login(client, world, who)
    response = client.get(reverse("submissions_objection:index") + "?export=xlsx")
    if OBJECTION_LIST[who] != OK:
        assert outcome(response) == DENIED
        return
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [world.objection.receipt_number]
    assert rows[0][2] == str(world.publicity.entries.first())
