"""Item 5 of issue 14: one form, one receipt. A second POST of the same form (the same one-time token
rendered in it), from a double click or a resend, returns the first receipt and stores nothing new."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from submissions.models import Application, ChangeReport, Objection, ReceiptCounter
from tests import factories as f

pytestmark = pytest.mark.django_db


def token_in(page) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', page.content.decode()).group(1)


def receipt_number(page) -> str:
    return re.search(r'id="receipt-number">([^<]+)<', page.content.decode()).group(1)


def test_an_objection_sent_twice_is_one_objection_with_one_receipt(client, post, open_publicity):
    url = f"{open_publicity.url}objection/"
    data = f.objection_data(open_publicity, form_token=token_in(client.get(url)))
    first = post(url, data)
    second = post(url, data)
    assert first.status_code == second.status_code == 302
    assert Objection.objects.count() == 1
    page = client.get("/submissions/receipt/")
    assert receipt_number(page) == Objection.objects.get().receipt_number
    assert 'id="access-code"' in page.content.decode()  # the first receipt page, not yet shown
    third = post(url, data)
    assert third.status_code == 302
    again = client.get("/submissions/receipt/").content.decode()
    assert Objection.objects.get().receipt_number in again and 'id="already-received"' in again
    assert ReceiptCounter.objects.get().last_number == 1


def test_an_application_sent_twice_is_one_application(client, post, open_round):
    url = f.apply_url(open_round)
    data = f.application_data(form_token=token_in(client.get(url)))
    assert post(url, data).status_code == 302
    data = f.application_data(form_token=data["form_token"])  # a resend uploads the files again
    assert post(url, data).status_code == 302
    assert Application.objects.count() == 1
    assert receipt_number(client.get("/submissions/receipt/")) == Application.objects.get().receipt_number


def test_a_change_report_sent_twice_is_one_report(client, post, site_tree):
    center = f.center(site_tree["home"], title="南昌市数字化转型促进中心", slug="nanchang-dtpc")
    url = center.url + "report-change/"

    def data(token):
        return {
            "reported_by": "center",
            "reporting_unit": "江西某某科技有限公司",
            "kind": "name",
            "changed_on": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
            "description": "经股东会决议，中心更名。",
            "new_name": "江西数智转型促进中心",
            "management_unit_agreed": "on",
            "contact_name": "王五",
            "phone": "13912345678",
            "email": "wangwu@example.org",
            "form_token": token,
            "documents": SimpleUploadedFile("consent.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"),
        }

    token = token_in(client.get(url))
    assert post(url, data(token)).status_code == 302
    assert post(url, data(token)).status_code == 302
    assert ChangeReport.objects.count() == 1
    page = client.get(url).content.decode()
    assert ChangeReport.objects.get().receipt_number in page and 'id="access-code"' in page


def test_a_new_form_page_is_a_new_submission(client, post, open_publicity):
    url = f"{open_publicity.url}objection/"
    post(url, f.objection_data(open_publicity, form_token=token_in(client.get(url))))
    post(url, f.objection_data(open_publicity, form_token=token_in(client.get(url))))
    assert Objection.objects.count() == 2
