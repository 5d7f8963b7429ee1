"""Filing an objection on an open 公示, as a member of the public would."""

import pytest
from django.core import mail

from submissions.models import Objection
from tests.submissions import factories

pytestmark = pytest.mark.django_db


def objection_data(notice, **overrides):
    data = {
        "real_name": "张三",
        "unit": "某某科技有限公司",
        "phone": "13912345678",
        "email": "zhangsan@example.com",
        "entries": [notice.entries.first().pk],
        "facts_and_reasons": "该单位申报材料中的服务案例与事实不符。",
        "consent_to_contact": "on",
    }
    data.update(overrides)
    return data


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
