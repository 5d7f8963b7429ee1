"""Applying for a center while a round is open: the form, its rules and its bad inputs."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.utils import translation

from directory.lifecycle import Ban
from directory.models import CenterKind
from submissions import views
from submissions.models import Application, ApplicationMember, Attachment
from submissions.states import ApplicationState
from tests import factories
from tests.factories import application_data, apply_url

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


def test_both_kinds_offered_first_with_their_conditions(client, open_round):
    body = client.get(open_round.url + "apply/").content.decode()
    assert 'name="kind"' in body and 'value="regional"' in body and 'value="industry"' in body


def test_regional_form_asks_for_each_of_the_nine_conditions(client, open_round):
    body = client.get(apply_url(open_round)).content.decode()
    assert body.count('name="condition_regional_') == 9
    assert 'name="condition_industry_' not in body
    assert "target_industry" not in body
    assert 'id="deadline"' in body


def test_a_complete_application_is_received_with_a_receipt_and_email(client, post, open_round):
    response = post(apply_url(open_round), application_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get()
    assert application.state == ApplicationState.RECEIVED
    assert application.receipt_number.startswith(f"SB-{dt.date.today().year}-")
    assert application.condition_statements["regional_9"] == "第9项条件的满足情况说明。"
    assert {a.role for a in application.attachments.all()} == {"application_book", "construction_plan"}
    assert application.history.get().to_state == ApplicationState.RECEIVED
    receipt_page = client.get(response["Location"]).content.decode()
    assert application.receipt_number in receipt_page
    assert "南昌市工业和信息化局" in receipt_page
    assert len(mail.outbox) == 1 and application.receipt_number in mail.outbox[0].body
    assert mail.outbox[0].to == ["lisi@example.com"]


def test_the_documents_are_stored_before_the_receipt_number_is_taken(post, open_round, writes_around_receipt):
    """Applications sent together at the deadline wait for each other only over the receipt number, which
    locks its counter until the commit: the documents (up to 20 MB each) are written before it."""
    with writes_around_receipt:
        response = post(apply_url(open_round), application_data())
    assert response.status_code == 302
    before, after = writes_around_receipt.split()
    assert before.count("submissions_attachment") == 2 and "submissions_statuschange" in before
    assert after == ["submissions_application"]  # its receipt number, then the commit
    assert Application.objects.get().receipt_number.startswith("SB-")


def test_wrong_check_character_is_explained_beside_the_field_and_input_is_kept(client, post, open_round):
    bad = factories.VALID_CODE[:-1] + ("4" if factories.VALID_CODE[-1] != "4" else "5")
    response = post(apply_url(open_round), application_data(lead_unit_credit_code=bad))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="error-summary"' in body and 'href="#id_lead_unit_credit_code"' in body
    assert 'id="id_lead_unit_credit_code_error"' in body
    assert 'aria-invalid="true"' in body
    assert 'value="南昌数智科技有限公司"' in body
    assert "第9项条件的满足情况说明。" in body
    assert not Application.objects.exists()


@pytest.mark.parametrize("phone", ["12345", "1391234567", "23912345678", "0791-123", "abc"])
def test_wrong_phone_is_refused(post, open_round, phone):
    response = post(apply_url(open_round), application_data(phone=phone))
    assert 'id="id_phone_error"' in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("phone", ["13912345678", "+86 139 1234 5678", "0791-86123456", "079186123456", "010-12345678"])
def test_mainland_mobile_and_landline_formats_are_accepted(post, open_round, phone):
    assert post(apply_url(open_round), application_data(phone=phone)).status_code == 302


def member(n, code, name="合作单位"):
    return {f"members-{n}-name": f"{name}{n}", f"members-{n}-credit_code": code, f"members-{n}-role": "技术支撑"}


def test_consortium_members_require_the_signed_agreement(post, open_round):
    response = post(apply_url(open_round), application_data(**member(0, factories.credit_code(1))))
    body = response.content.decode()
    assert 'id="id_cooperation_agreement_error"' in body and "第四条" in body
    assert not Application.objects.exists()


def test_consortium_with_agreement_is_received_with_its_members(post, open_round):
    data = application_data(**member(0, factories.credit_code(1)), **member(1, factories.credit_code(2)))
    data["cooperation_agreement"] = factories.pdf("合作协议.pdf")
    assert post(apply_url(open_round), data).status_code == 302
    application = Application.objects.get()
    assert sorted(ApplicationMember.objects.values_list("name", flat=True)) == ["合作单位0", "合作单位1"]
    assert application.attachments.filter(role="cooperation_agreement").exists()


def test_member_with_wrong_credit_code_is_listed_in_the_summary(post, open_round):
    data = application_data(**member(0, "91350100M000100Y44"))
    data["cooperation_agreement"] = factories.pdf("合作协议.pdf")
    body = post(apply_url(open_round), data).content.decode()
    assert 'href="#id_members-0-credit_code"' in body
    assert not Application.objects.exists()


def test_a_pdf_that_is_really_an_executable_is_refused(post, open_round):
    body = post(apply_url(open_round), application_data(application_book=factories.exe_named_pdf())).content.decode()
    assert 'id="id_application_book_error"' in body
    assert not Application.objects.exists() and not Attachment.objects.exists()


def test_construction_plan_may_be_word_but_application_book_must_be_pdf(post, open_round):
    body = post(
        apply_url(open_round), application_data(application_book=factories.docx("申报书.docx"))
    ).content.decode()
    assert 'id="id_application_book_error"' in body
    assert not Application.objects.exists()


def test_missing_documents_are_asked_for(post, open_round):
    body = post(apply_url(open_round), application_data(application_book=None, construction_plan=None)).content.decode()
    assert 'id="id_application_book_error"' in body and 'id="id_construction_plan_error"' in body


def test_declaration_is_required_and_names_the_revocation_cause(client, post, open_round):
    assert "第十五条第（二）项" in client.get(apply_url(open_round)).content.decode()
    body = post(apply_url(open_round), application_data(declaration=None)).content.decode()
    assert 'id="id_declaration_error"' in body
    assert not Application.objects.exists()


def test_path_traversal_names_are_cleaned_and_stored_under_a_random_name(post, open_round):
    data = application_data(application_book=factories.pdf("../../../etc/passwd.pdf"))
    assert post(apply_url(open_round), data).status_code == 302
    attachment = Attachment.objects.get(role="application_book")
    assert attachment.original_name == "passwd.pdf"
    assert ".." not in attachment.file.name and "passwd" not in attachment.file.name
    assert storages["private"].exists(attachment.file.name)


def test_when_a_file_fails_to_save_nothing_is_kept(post, open_round):
    storage = storages["private"]
    real_save = storage._save
    saved = []

    def save_then_fail(name, content, *args, **kwargs):
        if saved:
            raise OSError("disk full")
        saved.append(real_save(name, content, *args, **kwargs))
        return saved[-1]

    with mock.patch.object(storage, "_save", side_effect=save_then_fail):
        response = post(apply_url(open_round), application_data())
    assert response.status_code == 200
    with translation.override("zh-hans"):
        assert views.FILES_NOT_SAVED() in response.content.decode()
    assert not Application.objects.exists() and not Attachment.objects.exists()
    assert saved and not storage.exists(saved[0])
    assert mail.outbox == []


def test_a_banned_lead_unit_is_refused_with_the_reason_and_end_date(post, open_round):
    ban = Ban(
        credit_code=factories.VALID_CODE,
        cause="false_materials",
        revoked_on=dt.date(2024, 3, 1),
        ends_on=dt.date(2027, 3, 1),
        center_name="某某促进中心",
    )
    with mock.patch("submissions.services.applications.active_ban_for", return_value=ban) as check:
        body = post(apply_url(open_round), application_data()).content.decode()
    assert check.call_args.args == (factories.VALID_CODE,)
    assert 'id="id_lead_unit_credit_code_error"' in body
    assert "2027-03-01" in body and "某某促进中心" in body
    assert not Application.objects.exists()


def test_an_area_that_already_has_a_center_is_accepted_but_flagged(post, home, open_round):
    factories.center(
        home,
        "南昌市区域型数字化转型促进中心",
        kind=CenterKind.REGIONAL,
        industries=[factories.industry("rare-earth", "稀土"), factories.industry("electronics", "电子信息")],
    )
    assert post(apply_url(open_round), application_data()).status_code == 302
    application = Application.objects.get()
    assert application.duplicate_flag is True
    assert application.duplicate_note == "南昌市区域型数字化转型促进中心"


def test_an_industry_that_already_has_a_center_is_flagged(post, home, open_round):
    factories.center(
        home,
        kind=CenterKind.INDUSTRY,
        industries=[factories.industry("rare-earth", "稀土")],
        slug="rare-earth",
        title="稀土行业促进中心",
    )
    data = application_data(
        kind=CenterKind.INDUSTRY, area=factories.area("ganzhou", "赣州市", "赣州市工业和信息化局").pk
    )
    assert post(apply_url(open_round, CenterKind.INDUSTRY), data).status_code == 302
    application = Application.objects.get()
    assert application.duplicate_flag and application.duplicate_note == "稀土行业促进中心"
    assert application.area.bureau_name == "赣州市工业和信息化局"


def test_a_new_area_is_not_flagged(post, home, open_round):
    factories.center(
        home,
        kind=CenterKind.REGIONAL,
        area=factories.area("jiujiang", "九江市", "九江市工业和信息化局"),
        industries=[factories.industry("rare-earth", "稀土"), factories.industry("electronics", "电子信息")],
    )
    assert post(apply_url(open_round), application_data()).status_code == 302
    assert Application.objects.get().duplicate_flag is False


def test_a_kind_the_round_does_not_accept_is_not_offered(client, home):
    factories.area()
    notice = factories.application_notice(home, accepts_industry=False, slug="regional-only")
    body = client.get(apply_url(notice, CenterKind.INDUSTRY)).content.decode()
    assert 'name="condition_regional_1"' in body and 'name="condition_industry_1"' not in body


def test_a_lead_unit_revoked_for_false_materials_is_refused_through_the_lifecycle_rule(post, open_round):
    from directory.models.lifecycle import Revocation

    today = dt.date.today()
    revocation = Revocation.objects.create(
        center_name="某某促进中心",
        lead_unit_name="南昌数智科技有限公司",
        credit_code=factories.VALID_CODE,
        cause="false_materials",
        revoked_on=today - dt.timedelta(days=365),
        ban_ends_on=today + dt.timedelta(days=730),
    )
    body = post(apply_url(open_round), application_data()).content.decode()
    assert 'id="id_lead_unit_credit_code_error"' in body
    revocation.refresh_from_db()
    assert revocation.ban_ends_on > today
    assert revocation.ban_ends_on.isoformat() in body and "某某促进中心" in body
    assert not Application.objects.exists()
    assert (
        post(apply_url(open_round), application_data(lead_unit_credit_code=factories.credit_code(7))).status_code == 302
    )
