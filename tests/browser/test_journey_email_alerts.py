"""Journey: from the notices listing, subscribe to 公示 in 赣州 by email; nothing arrives but the
confirmation; confirm with the link from the outbox (the locmem email backend of the test settings); a
matching 公示 is drafted from the desk's service (`notices.drafting.publicity_draft_create`) and published;
the sender runs; the message is there with its one-click unsubscribe; unsubscribing by the mail program's
one-click POST deletes the subscription, and the change-choices link then says it is not valid. At 1280 px
and at 375 px."""

import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser import pages
from tests.browser.actions import Person

pytestmark = pytest.mark.browser


def messages_to(address: str):
    return [message for message in mail.outbox if message.to == [address]]


def draft_and_publish_ganzhou_publicity(marker: str):
    """A 公示 drafted the way the review desk drafts it, for one application from 赣州, then published."""
    from directory.models import Area
    from notices.drafting import publicity_draft_create
    from tests import factories

    round_notice = pages.open_application_notice("zh-hans")
    assert round_notice is not None, "the demo has no open application round"
    ganzhou = Area.objects.get(slug="ganzhou", locale__language_code="zh-hans")
    application = factories.application(
        round_notice,
        ganzhou,
        proposed_name=f"赣州{marker}数字化转型促进中心",
        lead_unit_name=f"赣州{marker}科技有限公司",
    )
    notice = publicity_draft_create(round_notice=round_notice, applications=[application], actor=None)
    notice.get_latest_revision().publish()
    notice.refresh_from_db()
    return notice


def test_subscribe_to_publicity_in_ganzhou_confirm_receive_and_unsubscribe(page, width, shoot, site_server):
    from submissions.alerts.models import Subscription

    person = Person(page, keyboard=False)
    email = f"gz-reader-{width}@example.org"

    page.goto("/notices/?type=publicity")
    person.activate(page.locator("main a[href^='/subscribe/']"))
    expect(page.get_by_role("heading", level=1)).to_have_text("邮件订阅")
    kinds = page.locator("#id_kinds")
    expect(kinds.get_by_label("公示名单")).to_be_checked()  # carried over from the listing's filter
    person.fill(page.locator("#id_email"), email)
    person.check(page.locator("#id_areas").get_by_label("赣州市"))
    person.activate(page.locator("main form[method=post] button[type=submit]"))
    expect(page.get_by_role("heading", level=1)).to_have_text("请查收邮件")

    (confirmation,) = messages_to(email)  # only the confirmation: nothing before it is followed
    # Links in emails are on the site's public address (here the live server's), so a click opens the site.
    confirm_url = re.search(r"(https?://\S+/subscribe/confirm/\S+)", confirmation.body).group(1)
    assert confirm_url.startswith(site_server.url + "/")
    page.goto(confirm_url)
    person.activate(page.get_by_role("button", name="确认订阅"))
    expect(page.get_by_role("heading", level=1)).to_have_text("订阅已确认")

    notice = draft_and_publish_ganzhou_publicity(f"{width}号")
    call_command("send_alerts", stdout=io.StringIO())
    call_command("send_alerts", stdout=io.StringIO())  # a second run sends nothing again
    alerts = [m for m in messages_to(email) if notice.title in m.subject]
    assert len(alerts) == 1, [m.subject for m in messages_to(email)]
    (alert,) = alerts
    assert notice.url in alert.body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = alert.extra_headers["List-Unsubscribe"].strip("<>")
    manage_url = re.search(r"(https?://\S+/subscribe/manage/\S+)", alert.body).group(1)

    # The mail program's one click: a POST to the link, no page, no form of ours.
    response = page.request.post(
        unsubscribe_url,
        data="List-Unsubscribe=One-Click",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.ok
    assert not Subscription.objects.filter(email=email).exists()
    page.goto(manage_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("此链接无效")
    shoot()
