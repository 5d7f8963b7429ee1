"""Filing an objection on an open 公示, as a member of the public would."""

import pytest
from bs4 import BeautifulSoup
from django.core import mail

from submissions.models import Objection
from tests import factories
from tests.factories import objection_data

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


def test_form_says_anonymous_and_late_objections_are_refused(client, open_publicity):
    body = client.get(open_publicity.url + "objection/").content.decode()
    assert "<h1>" in body and body.count("<h1") == 1
    assert "实名" in body
    assert "匿名" in body and "逾期" in body or "公示期结束后" in body
    assert "拟认定促进中心1" in body


def test_objection_with_evidence_gets_a_receipt_and_an_email(client, post, open_publicity):
    response = post(
        open_publicity.url + "objection/", {**objection_data(open_publicity), "evidence": [factories.png()]}
    )
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.receipt_number.startswith("YY-")
    assert objection.attachments.get().original_name == "证据.png"
    page = client.get(response["Location"]).content.decode()
    assert objection.receipt_number in page
    code = page.split('id="access-code">')[1].split("<")[0]
    assert objection.check_access_code(code)
    assert len(mail.outbox) == 1
    assert objection.receipt_number in mail.outbox[0].subject and code in mail.outbox[0].body
    again = client.get(response["Location"]).content.decode()
    assert code not in again


def test_the_evidence_is_stored_before_the_receipt_number_is_taken(post, open_publicity, writes_around_receipt):
    """The last hours of a 公示 bring objections together: each waits for the others only over its receipt
    number (the counter is locked until the commit), not over the evidence being written."""
    with writes_around_receipt:
        response = post(
            open_publicity.url + "objection/", {**objection_data(open_publicity), "evidence": [factories.png()]}
        )
    assert response.status_code == 302
    before, after = writes_around_receipt.split()
    assert "submissions_attachment" in before and "submissions_statuschange" in before
    assert after == ["submissions_objection"]  # its receipt number, then the commit


def test_a_second_objection_by_the_same_person_to_the_same_entry_is_linked(post, open_publicity):
    url = open_publicity.url + "objection/"
    post(url, objection_data(open_publicity))
    post(url, objection_data(open_publicity, phone="13800000000", facts_and_reasons="补充新的事实。"))
    first, second = Objection.objects.order_by("pk")
    assert second.related_to == first
    assert first.related_to is None and Objection.objects.count() == 2


def test_another_persons_objection_is_not_linked(post, open_publicity):
    url = open_publicity.url + "objection/"
    post(url, objection_data(open_publicity))
    post(url, objection_data(open_publicity, real_name="王五", phone="13700000000", email="wangwu@example.com"))
    assert Objection.objects.order_by("pk").last().related_to is None


def test_an_entry_of_another_publicity_cannot_be_chosen(post, home, open_publicity):
    other = factories.publicity_notice(home, slug="other-publicity")
    data = objection_data(open_publicity, entries=[other.entries.first().pk])
    body = post(open_publicity.url + "objection/", data).content.decode()
    assert 'id="id_entries_error"' in body
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    "missing", ["real_name", "phone", "email", "entries", "facts_and_reasons", "consent_to_contact"]
)
def test_anonymous_or_incomplete_objections_are_refused(post, open_publicity, missing):
    data = objection_data(open_publicity)
    data.pop(missing)
    body = post(open_publicity.url + "objection/", data).content.decode()
    assert f'href="#id_{missing}' in body
    assert not Objection.objects.exists()


def test_too_many_evidence_files_are_refused(post, open_publicity):
    data = {**objection_data(open_publicity), "evidence": [factories.png(f"{n}.png") for n in range(6)]}
    body = post(open_publicity.url + "objection/", data).content.decode()
    assert 'id="id_evidence_error"' in body and "6" in body
    assert not Objection.objects.exists()


def test_oversize_evidence_is_refused(post, open_publicity):
    big = factories.pdf("大文件.pdf", size=10 * 1024 * 1024 + 1)
    body = post(
        open_publicity.url + "objection/", {**objection_data(open_publicity), "evidence": [big]}
    ).content.decode()
    assert 'id="id_evidence_error"' in body and "大文件.pdf" in body
    assert not Objection.objects.exists()


def test_evidence_that_is_an_executable_is_refused(post, open_publicity):
    data = {**objection_data(open_publicity), "evidence": [factories.png(), factories.exe_named_pdf("证据.pdf")]}
    body = post(open_publicity.url + "objection/", data).content.decode()
    assert 'id="id_evidence_error"' in body and "证据.pdf" in body
    assert not Objection.objects.exists()


def test_captcha_is_asked_for_when_enabled(client, open_publicity, settings):
    settings.CAPTCHA_ENABLED = True
    body = client.get(open_publicity.url + "objection/").content.decode()
    assert 'name="captcha_1"' in body and 'name="captcha_0"' in body
    # The picture is described in the visitor's language (the library's own alt text is "captcha").
    assert BeautifulSoup(body, "html.parser").find("img", class_="captcha")["alt"] == "待计算的算式图片"


def test_posting_without_csrf_token_is_refused(open_publicity):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(open_publicity.url + "objection/", objection_data(open_publicity))
    assert response.status_code == 403
    assert not Objection.objects.exists()


def test_english_visitors_get_the_form_and_its_errors_in_english(client, post, open_publicity, locales):
    zh, en = locales
    english = open_publicity.copy_for_translation(en, copy_parents=True)
    english.title = "Publicity of the proposed 2025 centers"
    english.save_revision().publish()
    url = f"/en{open_publicity.url}objection/"
    page = client.get(url).content.decode()
    assert '<html lang="en"' in page and "Anonymous objections" in page
    assert "Up to 5 files: PDF, JPG or PNG, at most 10 MB each." in page  # not the Chinese hint
    assert "最多 5 个文件" in client.get(open_publicity.url + "objection/").content.decode()
    body = post(url, objection_data(open_publicity, phone="123")).content.decode()
    assert "Enter a mainland mobile number" in body and "There is a problem" in body
    assert not Objection.objects.exists()
    receipt = client.get(post(url, objection_data(open_publicity))["Location"]).content.decode()
    assert "for “Publicity of the proposed 2025 centers”" in receipt
    objection = Objection.objects.get()
    assert objection.language == "en" and objection.notice_id == open_publicity.pk
    assert "has been received" in mail.outbox[0].subject
    assert "Publicity of the proposed 2025 centers" in mail.outbox[0].body


def test_the_error_summary_names_each_field_in_the_pages_punctuation(post, open_publicity, locales):
    english = open_publicity.copy_for_translation(locales[1], copy_parents=True)
    english.save_revision().publish()
    data = objection_data(open_publicity, phone="123", entries=[])
    lines = {
        language: [
            item.get_text()
            for item in BeautifulSoup(post(f"{prefix}{open_publicity.url}objection/", data).content, "html.parser")
            .find(class_="error-summary")
            .find_all("li")
        ]
        for language, prefix in (("zh", ""), ("en", "/en"))
    }
    assert lines["en"][0].startswith("Phone: Enter a mainland mobile number")
    # A label that is a question is not followed by a second mark ("concern?: This field…").
    assert lines["en"][1] == "Which listed center(s) does the objection concern? This field is required."
    assert lines["zh"][0].startswith("联系电话：请填写中国大陆手机号码")  # the full-width colon
    assert lines["zh"][1].startswith("异议涉及公示名单中的哪些中心？") and "？：" not in lines["zh"][1]
    assert not Objection.objects.exists()


def test_chinese_visitors_get_errors_in_chinese(post, open_publicity):
    body = post(open_publicity.url + "objection/", objection_data(open_publicity, phone="123")).content.decode()
    assert "请填写中国大陆手机号码" in body and "提交的信息有误" in body
