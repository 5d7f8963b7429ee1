"""The yearly cycle on one thread: an application notice links to the 公示 that came from it and to the
published list; the 公示 and the list link back; each page shows where the round stands."""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from notices import drafting
from tests import factories

pytestmark = pytest.mark.django_db


def cycle(client, page) -> dict:
    """The steps of the page's cycle as {step: (state, link or None, text)}."""
    body = client.get(page.url).content.decode()
    nav = re.search(r'<nav class="cycle".*?</nav>', body, re.S)
    assert nav, "no cycle on " + page.url
    steps = {}
    for item in re.findall(r"<li (.*?)</li>", nav.group(0), re.S):
        key = re.search(r'data-step="(\w+)"', item).group(1)
        state = re.search(r"cycle__step--(\w+)", item).group(1)
        link = re.search(r'href="([^"]+)"', item)
        steps[key] = (state, link.group(1) if link else None, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)))
    return steps


@pytest.fixture
def round_pages(home):
    today = timezone.localdate()
    now = timezone.now()
    application = factories.application_notice(
        home,
        slug="apply-last",
        round_year=today.year - 1,
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
    )
    listed = factories.policy_notice(home, slug="list-last", title="关于公布认定名单的通知")
    publicity = factories.publicity_notice(
        home,
        slug="publicity-last",
        starts_on=today - dt.timedelta(days=20),
        ends_on=today - dt.timedelta(days=12),
        round_notice=application,
        list_notice=listed,
    )
    return application, publicity, listed


def test_every_page_of_a_round_links_to_the_others_and_says_where_it_stands(client, round_pages):
    application, publicity, listed = round_pages
    from_application = cycle(client, application)
    assert from_application["application"][:2] == ("done", None)  # this page: not a link
    assert from_application["publicity"][:2] == ("done", publicity.url)
    assert from_application["list"][:2] == ("done", listed.url)
    assert "认定名单公布" in from_application["list"][2]

    from_publicity = cycle(client, publicity)
    assert from_publicity["application"][1] == application.url
    assert from_publicity["publicity"][1] is None
    assert from_publicity["list"][1] == listed.url

    from_list = cycle(client, listed)
    assert from_list["application"][1] == application.url and from_list["publicity"][1] == publicity.url


def test_an_open_window_is_the_current_step_and_the_rest_is_to_come(client, home):
    application = factories.application_notice(home, slug="apply-now")
    body = client.get(application.url).content.decode()
    steps = cycle(client, application)
    assert steps["application"][0] == "current" and "申报中" in steps["application"][2]
    assert steps["publicity"][:2] == ("upcoming", None) and steps["list"][:2] == ("upcoming", None)
    assert 'aria-current="step"' in body


def test_an_open_publicity_is_current_and_its_round_is_done(client, home):
    now = timezone.now()
    application = factories.application_notice(
        home, slug="apply-closed", opens_at=now - dt.timedelta(days=60), closes_at=now - dt.timedelta(days=30)
    )
    publicity = factories.publicity_notice(home, slug="publicity-open", round_notice=application)
    steps = cycle(client, application)
    assert steps["application"][0] == "done"
    assert steps["publicity"][:2] == ("current", publicity.url) and "公示中" in steps["publicity"][2]
    assert steps["list"][0] == "upcoming"


def test_a_policy_document_outside_a_round_shows_no_cycle(client, home):
    policy = factories.policy_notice(home, slug="measures")
    assert 'class="cycle"' not in client.get(policy.url).content.decode()


def test_a_draft_publicity_is_not_linked_until_published(client, home):
    now = timezone.now()
    application = factories.application_notice(
        home, slug="apply-closed", opens_at=now - dt.timedelta(days=60), closes_at=now - dt.timedelta(days=30)
    )
    draft = factories.publicity_notice(home, slug="publicity-draft", round_notice=application)
    draft.unpublish()
    assert cycle(client, application)["publicity"][1] is None


def test_the_publicity_drafted_from_the_desk_belongs_to_its_round(home, django_user_model):
    application = factories.application_notice(home, slug="apply-round")
    area = factories.area()

    class Applied:
        proposed_name, lead_unit_name, kind, target_industry = (
            "南昌某拟认定中心",
            "南昌数智科技有限公司",
            "regional",
            None,
        )

    Applied.area = area
    with translation.override("zh-hans"):
        draft = drafting.publicity_draft_create(round_notice=application, applications=[Applied()], actor=None)
    assert draft.round_notice_id == application.pk
