"""Email alerts without an account, as a visitor meets them: subscribing at /subscribe/ sends only a
confirmation link (double opt-in), the link confirms on a button, choices change from a link, one click
unsubscribes (RFC 8058 POST without a page; GET shows a button), forged or altered links are refused."""

import io
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from submissions.alerts import tokens
from submissions.alerts.models import Subscription
from tests import factories

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


@pytest.fixture(autouse=True)
def taxonomies(site_tree):
    cache.clear()  # the rate limits count in the cache
    factories.area("ganzhou", "赣州市")
    factories.area("nanchang", "南昌市")
    factories.industry("rare-earth", "稀土")


def links(message) -> list[str]:
    return re.findall(r"http://testserver(\S+)", message.body)


def subscribe(post, email="reader@example.org", **choices):
    data = {"email": email, "kinds": ["publicity"], "areas": ["ganzhou"], "frequency": "immediate", **choices}
    return post("/subscribe/", data)


def test_the_page_offers_kinds_areas_and_industries_in_both_languages(client):
    body = client.get("/subscribe/?type=publicity&area=ganzhou").content.decode()
    assert "赣州市" in body and "稀土" in body and "公示" in body
    assert re.search(r'value="publicity"[^>]*checked', body) and re.search(r'value="ganzhou"[^>]*checked', body)
    english = client.get("/en/subscribe/")
    assert english.status_code == 200 and "Email alerts" in english.content.decode()


def test_the_footer_and_the_notices_listing_link_to_it(client, home):
    factories.notice_index(home)
    assert 'href="/subscribe/"' in client.get("/").content.decode()
    assert "/subscribe/" in client.get("/notices/").content.decode()


def test_subscribing_sends_only_a_confirmation_and_stores_only_email_and_choices(post, home):
    response = subscribe(post, "Reader@Example.org")
    assert response.status_code == 302 and response["Location"] == "/subscribe/sent/"
    subscription = Subscription.objects.get()
    assert subscription.email == "reader@example.org" and not subscription.is_confirmed
    assert (subscription.kinds, subscription.areas, subscription.industries) == (["publicity"], ["ganzhou"], [])
    assert len(mail.outbox) == 1 and "确认" in mail.outbox[0].subject
    assert any("/subscribe/confirm/" in link for link in links(mail.outbox[0]))


def test_nothing_is_sent_before_confirming_and_alerts_flow_after(
    post, client, home, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    subscribe(post)
    confirm_path = next(link for link in links(mail.outbox[0]) if "/confirm/" in link)
    with django_capture_on_commit_callbacks(execute=True):
        factories.publicity_notice(home, title="赣州公示（确认前）", entries=[])
    call_command("send_alerts", stdout=io.StringIO())
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]

    page = client.get(confirm_path)
    assert page.status_code == 200 and "<form" in page.content.decode()
    assert not Subscription.objects.get().is_confirmed  # a link checker opening the URL confirms nothing
    confirmed = post(confirm_path, {})
    assert confirmed.status_code == 200 and "已确认" in confirmed.content.decode()
    assert Subscription.objects.get().is_confirmed
    with django_capture_on_commit_callbacks(execute=True):
        factories.publicity_notice(home, title="赣州公示（确认后）", entries=[])
    assert [m for m in mail.outbox if "赣州公示（确认后）" in m.subject]
    assert not [m for m in mail.outbox if "确认前" in m.subject]


def test_one_click_unsubscribe_by_post_without_a_page_or_csrf_token(home):
    subscription = factories.subscription()
    token = tokens.unsubscribe_token(address_hash="x" * 64, subscription=subscription)
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        f"/subscribe/unsubscribe/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_unsubscribe_link_opened_in_a_browser_asks_first(client, post, home):
    subscription = factories.subscription()
    path = f"/subscribe/unsubscribe/{tokens.unsubscribe_token(address_hash='x' * 64, subscription=subscription)}/"
    page = client.get(path).content.decode()
    assert '<form method="post"' in page and "退订" in page
    assert Subscription.objects.exists()
    assert "已退订" in post(path, {}).content.decode()
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("which", ["confirm", "manage", "unsubscribe"])
def test_forged_or_altered_links_are_refused(client, which, home):
    subscription = factories.subscription(confirmed=False)
    genuine = {
        "confirm": tokens.confirm_token(subscription),
        "manage": tokens.manage_token(subscription),
        "unsubscribe": tokens.unsubscribe_token(address_hash="x" * 64, subscription=subscription),
    }
    altered = genuine[which][:-3] + ("aaa" if not genuine[which].endswith("aaa") else "bbb")
    other_purpose = genuine["manage" if which != "manage" else "confirm"]  # a real link of another kind
    for token in (altered, other_purpose, "forged"):
        assert client.get(f"/subscribe/{which}/{token}/").status_code == 404
        assert client.post(f"/subscribe/{which}/{token}/").status_code == 404
    subscription.refresh_from_db()
    assert not subscription.is_confirmed


def test_choices_change_from_the_private_link(client, post, home):
    subscription = factories.subscription(kinds=["publicity"], areas=["ganzhou"])
    path = f"/subscribe/manage/{tokens.manage_token(subscription)}/"
    assert 'value="ganzhou"' in client.get(path).content.decode()
    response = post(path, {"kinds": ["application", "evaluation"], "industries": ["rare-earth"], "frequency": "daily"})
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.kinds == ["application", "evaluation"]
    assert (subscription.areas, subscription.industries, subscription.frequency) == ([], ["rare-earth"], "daily")


def test_subscribing_a_confirmed_address_again_changes_nothing_and_mails_its_link(post, home):
    factories.subscription("reader@example.org", kinds=["evaluation"])
    subscribe(post, "reader@example.org")
    assert Subscription.objects.get().kinds == ["evaluation"]
    assert len(mail.outbox) == 1 and any("/subscribe/manage/" in link for link in links(mail.outbox[0]))


def test_bad_input_is_said_beside_the_field_and_kept(post, home):
    response = post("/subscribe/", {"email": "not-an-email", "areas": ["ganzhou", "atlantis"]})
    body = response.content.decode()
    assert response.status_code == 200 and not Subscription.objects.exists()
    assert "field__error" in body and 'value="not-an-email"' in body


def test_confirmation_emails_to_one_address_are_rate_limited(post, home, settings):
    settings.ALERT_CONFIRMATION_RATE = "2/h"
    for _ in range(2):
        assert subscribe(post).status_code == 302
    refused = subscribe(post)
    assert refused.status_code == 200 and "field__error" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_the_form_is_rate_limited_per_client(post, home, settings):
    settings.SUBMISSION_RATE = "2/m"
    for n in range(2):
        subscribe(post, f"reader{n}@example.org")
    assert subscribe(post, "reader9@example.org").status_code == 429
