"""The fuzz suite of issue 14 ("keep it found"): every public form and every query parameter of every
public listing, feed, export and API endpoint (docs/contract.md) gets arbitrary Unicode (control
characters, NUL, RTL marks, very long strings), wrong types, huge numbers and repeated parameters, and
must never answer 5xx. Bounded (few examples per test, no deadline) to stay well under a minute."""

import datetime as dt

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests import factories as f  # noqa: E402

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a person, a script or an attacker might send: any character but lone surrogates (which cannot be
# sent over HTTP), with the troublemakers drawn often.
NASTY = ["\x00", "\u202e", "\u200f", "\ufeff", "\r\n", "\t", '"', "'", "%", "\\", "*", "(", ":", "-", "=", "０", "²"]
text = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.lists(st.sampled_from(NASTY) | st.text(max_size=3), max_size=12).map("".join),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["", " ", "0", "-1", "1e309", "NaN", "null", "[]", "{}", "true", "x" * 5000, "9" * 25]),
)
value = text | st.lists(text, min_size=2, max_size=3)  # a list repeats the parameter


def query(names):
    """A query or form: known names (and a few made-up ones) with one or repeated values."""
    return st.dictionaries(st.sampled_from(names) | text.filter(bool), value, max_size=len(names) + 1)


LISTINGS = {
    "/": ["q", "page"],
    "/notices/": ["type", "year", "status", "area", "region", "industry", "page"],
    "/notices/feed/": ["type", "year", "status", "area", "region", "industry"],
    "/notices/feed/atom/": ["type", "year", "status", "area", "region", "industry"],
    "/subscribe/": ["type", "area", "region", "industry"],
    "/centers/": ["q", "kind", "region", "industry", "service", "status", "page", "sort", "order"],
    "/centers/export.csv": ["q", "kind", "region", "industry", "service", "status", "sort"],
    "/centers/export.json": ["q", "kind", "region", "industry", "service", "status", "sort"],
    "/events/": ["when", "region", "industry", "page"],
    "/events/calendar.ics": ["when", "region", "industry"],
    "/search/": ["q", "page"],
    "/en/search/": ["q"],
    "/submissions/status/": ["receipt_number"],
    "/api/v2/pages/": [
        "search",
        "search_operator",
        "type",
        "locale",
        "offset",
        "limit",
        "order",
        "fields",
        "child_of",
        "descendant_of",
        "ancestor_of",
        "translation_of",
        "id",
        "title",
        "slug",
        "show_in_menus",
        "has_children",
    ],
    "/api/v2/pages/find/": ["html_path", "id"],
    "/api/v2/documents/": ["search", "offset", "limit", "order", "fields", "id", "title"],
    "/sitemap.xml": ["p"],
}


@pytest.fixture
def public_site(site_tree, settings):
    """Every kind of public page, with limits high enough that the fuzz meets the code, not the limiter."""
    settings.SUBMISSION_RATE = settings.STATUS_LOOKUP_RATE = settings.DRAFT_LINK_RATE = "100000/m"
    settings.ALERT_CONFIRMATION_RATE = "100000/m"
    home = site_tree["home"]
    area = f.area()
    industry = f.industry("rare-earth", "稀土")
    directory = f.directory_page(home)
    center = f.center(directory, "南昌市数字化转型促进中心", area=area, industries=[industry], slug="nanchang")
    event = f.registration_event(
        home, "供需对接会", capacity=3, starts_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=3)
    )
    return {
        "event": event,
        "publicity": f.publicity_notice(home, slug="publicity-fuzz"),
        "round": f.application_notice(home, slug="apply-fuzz"),
        "center": center,
    }


def no_server_error(response, what):
    assert response.status_code < 500, (what, response.status_code)


@FUZZ
@given(data=st.data())
def test_every_listing_feed_export_and_api_parameter(client, public_site, data):
    path = data.draw(st.sampled_from(sorted(LISTINGS)))
    params = data.draw(query(LISTINGS[path]))
    no_server_error(client.get(path, params), (path, params))


@FUZZ
@given(data=st.data())
def test_an_api_id_or_page_path_of_any_shape(client, public_site, data):
    tail = data.draw(text.filter(lambda t: "/" not in t and "?" not in t and "#" not in t))
    path = data.draw(
        st.sampled_from(
            [
                "/api/v2/pages/{}/",
                "/api/v2/documents/{}/",
                "/notices/{}/",
                "/centers/{}/",
                "/submissions/registrations/cancel/{}/",
                "/subscribe/confirm/{}/",
                "/subscribe/manage/{}/",
                "/subscribe/unsubscribe/{}/",
            ]
        )
    )
    no_server_error(client.get(path.format(tail)), path.format(tail))


FORMS = {
    "objection": (
        "{publicity}objection/",
        ["real_name", "unit", "phone", "email", "entries", "facts_and_reasons", "consent_to_contact", "form_token"],
    ),
    "application": (
        "{round}apply/",
        [
            "kind",
            "action",
            "draft",
            "lead_unit_name",
            "lead_unit_credit_code",
            "unit_type",
            "area",
            "target_industry",
            "proposed_name",
            "contact_name",
            "phone",
            "email",
            "condition_regional_1",
            "declaration",
            "form_token",
            "members-TOTAL_FORMS",
            "members-INITIAL_FORMS",
            "members-0-name",
            "members-0-credit_code",
        ],
    ),
    "change report": (
        "{center}report-change/",
        [
            "reported_by",
            "reporting_unit",
            "kind",
            "changed_on",
            "description",
            "new_name",
            "new_lead_unit_credit_code",
            "management_unit_agreed",
            "contact_name",
            "phone",
            "email",
            "form_token",
        ],
    ),
    "event registration": ("{event}register/", ["contact_name", "unit", "phone", "email", "attendees", "form_token"]),
    "status lookup": ("/submissions/status/", ["receipt_number", "access_code"]),
    "email alerts": ("/subscribe/", ["email", "kinds", "areas", "industries", "frequency"]),
    "one-click unsubscribe": ("/subscribe/unsubscribe/forged:token/", ["List-Unsubscribe"]),
    "elder mode": ("/elder-mode/", ["mode", "next"]),
    "english elder mode": ("/en/elder-mode/", ["mode", "next"]),
}


@FUZZ
@given(data=st.data())
def test_every_public_form(client, public_site, data):
    name = data.draw(st.sampled_from(sorted(FORMS)))
    address, fields = FORMS[name]
    url = address.format(
        publicity=public_site["publicity"].url,
        round=public_site["round"].url,
        center=public_site["center"].url,
        event=public_site["event"].url,
    )
    if name == "application":
        url += "?kind=" + data.draw(st.sampled_from(["regional", "industry", ""]) | text)
    form = data.draw(query(fields))
    no_server_error(client.post(url, form), (name, form))
