"""Change reports (Art. 17): the public form at a center page + report-change/, and staff confirmation."""

import datetime as dt
import re
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from directory import services as directory_services
from directory.models import CenterPage, FormerName, RevocationCause
from home.search import query_terms
from submissions import selectors, services
from submissions.models import (
    ChangeReport,
    ChangeReportState,
    ReceiptKind,
    change_report_due_on,
    change_reports_overdue,
)
from tests import factories as h

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = pytest.mark.usefixtures("demo_shell_per_module")


def pdf(name="consent.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", content_type="application/pdf")


def form_data(**overrides):
    data = {
        "reported_by": "center",
        "reporting_unit": "江西某某科技有限公司",
        "kind": "name",
        "changed_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
        "description": "经股东会决议，中心更名。",
        "new_name": "江西数智转型促进中心",
        "new_lead_unit_name": "",
        "new_lead_unit_credit_code": "",
        "management_unit_agreed": "on",
        "contact_name": "王五",
        "phone": "13912345678",
        "email": "wangwu@example.org",
    }
    data.update(overrides)
    return data


@pytest.fixture
def center(site_tree):
    return h.center(site_tree["home"], title="南昌市数字化转型促进中心", slug="nanchang-dtpc")


def url(center):
    return center.url + "report-change/"


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_form_renders_in_chinese_with_labels_and_one_h1(client, center):
    response = client.get(url(center))
    assert response.status_code == 200
    page = soup(response)
    assert len(page.find_all("h1")) == 1
    assert page.find("main")
    for name in ("reporting_unit", "changed_on", "description", "new_name", "contact_name", "phone", "email"):
        assert page.find("label", attrs={"for": f"id_{name}"}), name
    # Radio groups are fieldsets with a legend, each radio labelled.
    legends = [legend.get_text(strip=True) for legend in page.find_all("legend")]
    assert "变更类型" in legends
    assert page.find("label", attrs={"for": "id_kind_0"}).get_text(strip=True) == "更名"
    assert "一个月内" in response.content.decode()


def test_form_renders_in_english(client, center, site_tree):
    en = site_tree["locales"][1]
    en_center = center.copy_for_translation(en, copy_parents=True)
    en_center.save_revision().publish()
    response = client.get(url(en_center))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Report a change" in html and "Kind of change" in html
    assert "变更类型" not in html


def test_valid_report_gets_a_receipt_once(client, center):
    response = client.post(url(center), form_data(documents=pdf()))
    assert response.status_code == 302
    report = ChangeReport.objects.get()
    assert re.fullmatch(rf"{ReceiptKind.CHANGE_REPORT}-\d{{4}}-000001", report.receipt_number)
    assert report.due_on == change_report_due_on(report.changed_on)
    assert report.attachments.get().original_name == "consent.pdf"
    assert [step.to_state for step in report.history.all()] == [ChangeReportState.PENDING]
    received = client.get(url(center))
    page = soup(received)
    assert page.find(id="receipt-number").get_text() == report.receipt_number
    code = page.find(id="access-code").get_text()
    assert report.check_access_code(code)
    assert selectors.submission_for_receipt(receipt_number=report.receipt_number, access_code=code) == report
    assert selectors.submission_for_receipt(receipt_number=report.receipt_number, access_code="WRONG") is None
    # Shown once: the next visit is the form again.
    assert soup(client.get(url(center))).find(id="access-code") is None


def test_name_change_without_new_name_is_refused_beside_the_field_and_in_the_summary(client, center):
    response = client.post(url(center), form_data(new_name="", documents=pdf()))
    assert response.status_code == 200
    page = soup(response)
    error = page.find(id="id_new_name_error")
    assert error and "请填写中心的新名称" in error.get_text()
    summary = page.find(class_="error-summary")
    assert summary.find("a", href="#id_new_name")
    # What the visitor typed is kept.
    assert page.find(id="id_reporting_unit")["value"] == "江西某某科技有限公司"
    assert page.find(id="id_new_name")["aria-invalid"] == "true"
    assert not ChangeReport.objects.exists()


def test_missing_kind_links_the_summary_to_the_first_radio(client, center):
    response = client.post(url(center), form_data(kind="", documents=pdf()))
    page = soup(response)
    assert page.find(class_="error-summary").find("a", href="#id_kind_0")


def test_errors_in_english_for_english_visitors(client, center, site_tree):
    en_center = center.copy_for_translation(site_tree["locales"][1], copy_parents=True)
    en_center.save_revision().publish()
    response = client.post(url(en_center), form_data(new_name="", documents=pdf()))
    assert "Enter the new name of the center." in response.content.decode()


def test_future_change_date_and_missing_documents_and_consent_are_refused(client, center):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    data = form_data(changed_on=tomorrow)
    del data["management_unit_agreed"]
    page = soup(client.post(url(center), data))
    assert page.find(id="id_changed_on_error")
    assert page.find(id="id_documents_error")
    assert page.find(id="id_management_unit_agreed_error")
    assert not ChangeReport.objects.exists()


def test_bad_credit_code_is_refused(client, center):
    data = form_data(kind="restructuring", new_lead_unit_credit_code="91350100M000100Y44", documents=pdf())
    page = soup(client.post(url(center), data))
    assert page.find(id="id_new_lead_unit_credit_code_error")


def test_late_report_is_flagged_overdue(client, center):
    changed = timezone.localdate() - dt.timedelta(days=70)
    client.post(url(center), form_data(changed_on=changed.isoformat(), documents=pdf()))
    report = ChangeReport.objects.get()
    assert report.is_overdue
    assert report in change_reports_overdue()
    # The receipt page tells the reporter it is late, in Chinese.
    assert "标记为逾期" in client.get(url(center)).content.decode()


def test_revoked_center_refuses_reports_on_the_server(client, center):
    directory_services.center_mark_revoked(
        center=center, cause=RevocationCause.CLOSURE, effective_on=timezone.localdate()
    )
    response = client.post(url(center), form_data(documents=pdf()))
    assert response.status_code == 403
    assert not ChangeReport.objects.exists()
    assert "已被撤销" in response.content.decode()


# --- Staff confirmation -------------------------------------------------------------------------


def test_confirming_a_name_change_publishes_a_revision_and_keeps_the_old_name(center, admin_user):
    report = h.change_report(center)
    revisions_before = center.revisions.count()
    services.change_report_confirm(report=report, by=admin_user)
    page = CenterPage.objects.get(pk=center.pk)
    assert page.title == "江西数智转型促进中心"
    assert page.live and not page.has_unpublished_changes
    assert page.revisions.count() == revisions_before + 1
    assert page.get_latest_revision().user == admin_user
    former = FormerName.objects.get(center=page)
    assert (former.name, former.until) == ("南昌市数字化转型促进中心", dt.date(2025, 1, 31))
    report.refresh_from_db()
    assert report.state == ChangeReportState.CONFIRMED and report.old_name == "南昌市数字化转型促进中心"
    steps = [(step.action, step.to_state, step.actor) for step in report.history.all()]
    assert steps == [("submit", "pending", None), ("confirm", "confirmed", admin_user)]


def test_old_name_is_still_found_by_search(center, admin_user):
    services.change_report_confirm(report=h.change_report(center), by=admin_user)
    results = CenterPage.objects.live().search(" ".join(query_terms("南昌市数字化转型促进中心")), operator="and")
    assert [p.pk for p in results] == [center.pk]


def test_confirming_a_restructuring_changes_the_lead_unit(center):
    code = h.credit_code(5555)
    report = h.change_report(
        center,
        kind="restructuring",
        new_name="",
        new_lead_unit_name="江西新集团有限公司",
        new_lead_unit_credit_code=code,
    )
    services.change_report_confirm(report=report)
    page = CenterPage.objects.get(pk=center.pk)
    assert (page.title, page.lead_unit_name, page.lead_unit_credit_code) == (center.title, "江西新集团有限公司", code)
    assert not FormerName.objects.exists()


def test_returning_needs_a_reply_and_changes_nothing(center):
    from django.core.exceptions import ValidationError

    report = h.change_report(center)
    with pytest.raises(ValidationError):
        services.change_report_return(report=report, reply="")
    services.change_report_return(report=report, reply="缺少管理单位同意函")
    assert CenterPage.objects.get(pk=center.pk).title == center.title
    with pytest.raises(ValidationError):
        services.change_report_confirm(report=report)


def test_center_page_links_to_its_change_report_form_until_revoked(client, center):
    link = soup(client.get(center.url)).find("a", href=url(center))
    assert link is not None and "第十七条" in link.get_text()
    directory_services.center_mark_revoked(
        center=center, cause=RevocationCause.CLOSURE, effective_on=timezone.localdate()
    )
    assert soup(client.get(center.url)).find("a", href=url(center)) is None


def test_reporter_checks_the_change_report_on_the_status_page(client, center):
    client.post(url(center), form_data(documents=pdf()))
    page = soup(client.get(url(center)))
    receipt, code = page.find(id="receipt-number").get_text(), page.find(id="access-code").get_text()

    found = soup(client.post("/submissions/status/", {"receipt_number": receipt.lower(), "access_code": code}))
    result = found.find(id="result-title").get_text()
    assert "变更报告" in result and receipt in result
    assert "南昌市数字化转型促进中心" in found.get_text()

    wrong = client.post("/submissions/status/", {"receipt_number": receipt, "access_code": "WRONG234"})
    unknown = client.post(
        "/submissions/status/",
        {"receipt_number": f"{ReceiptKind.CHANGE_REPORT}-2020-999999", "access_code": "WRONG234"},
    )
    assert soup(wrong).find(id="result-title") is None
    assert soup(wrong).find(class_="error-summary").get_text() == soup(unknown).find(class_="error-summary").get_text()


# --- Civil Code Art. 203: a last day on a holiday or rest day moves to the next working day -----------


@pytest.mark.parametrize(
    ("changed", "due"),
    [
        ("2025-09-01", "2025-10-09"),  # 1 October falls in the National Day holiday (1–8 October)
        ("2025-10-04", "2025-11-04"),  # an ordinary Tuesday: unchanged
        ("2025-10-08", "2025-11-10"),  # Saturday 8 November → Monday 10 November
        ("2025-08-28", "2025-09-28"),  # Sunday 28 September 2025 is a 调休 working day: unchanged
        ("2025-01-31", "2025-02-28"),  # the month's last day, a Friday
    ],
)
@pytest.mark.django_db
def test_the_due_day_moves_off_holidays_and_rest_days(changed, due):
    assert change_report_due_on(dt.date.fromisoformat(changed)) == dt.date.fromisoformat(due)


@pytest.mark.parametrize(("received", "late"), [("2025-10-09", False), ("2025-10-10", True)])
def test_a_report_due_on_a_holiday_is_in_time_on_the_next_working_day(client, center, received, late):
    with mock.patch("django.utils.timezone.localdate", return_value=dt.date.fromisoformat(received)):
        client.post(url(center), form_data(changed_on="2025-09-01", documents=pdf()))
        receipt = client.get(url(center)).content.decode()
    report = ChangeReport.objects.get()
    assert report.due_on == dt.date(2025, 10, 9)
    assert report.is_overdue is late
    assert ("标记为逾期" in receipt) is late


def test_a_due_day_in_a_year_nobody_entered_is_flagged_on_the_desk_and_counted_again_once_entered(
    client, center, admin_user, django_capture_on_commit_callbacks
):
    changed = dt.date(2026, 12, 1)  # due in January 2027
    assert change_report_due_on(changed) == dt.date(2027, 1, 1)  # a Friday: weekends alone are skipped
    report = h.change_report(center, on=dt.date(2026, 12, 20), changed_on=changed)
    client.force_login(admin_user)
    detail = reverse("submissions_change_reports:detail", args=[report.pk])
    with translation.override("en"):
        body = client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2027" in report.due_on_warning and "节假日安排" in report.due_on_warning
    assert "help-warning" in body and "2027" in body
    with django_capture_on_commit_callbacks(execute=True):
        schedule = h.holiday_schedule(2027, holidays=[(dt.date(2027, 1, 1), dt.date(2027, 1, 3))])  # made up
    assert change_report_due_on(changed) == dt.date(2027, 1, 4)
    report = ChangeReport.objects.get(pk=report.pk)
    assert report.due_on == dt.date(2027, 1, 4) and report.due_on_warning == ""
    with translation.override("en"):
        body = client.get(detail, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "help-warning" not in body
    # Removing the year's schedule counts it with weekends alone again, and the warning is back.
    with django_capture_on_commit_callbacks(execute=True):
        schedule.delete()
    report = ChangeReport.objects.get(pk=report.pk)
    assert report.due_on == dt.date(2027, 1, 1) and "2027" in report.due_on_warning
