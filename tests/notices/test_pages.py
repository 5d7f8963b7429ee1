"""Each kind of notice as the public sees it: status, the way to take part while open, the outcome once
a 公示 ends, structured lists; the editor's rules on dates; the API, sitemap and search include them."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail import hooks

from notices.models import PublicityEntry, PublicityNotice
from tests import factories

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


@pytest.fixture
def home(site_tree):
    return site_tree["home"]


def html(client, page, prefix="") -> str:
    response = client.get(prefix + page.url)
    assert response.status_code == 200
    return response.content.decode()


# --- Application notices -------------------------------------------------------------------------------


def test_open_application_notice_links_to_its_form(client, home):
    notice = factories.application_notice(home, closes_at=timezone.now() + dt.timedelta(days=3, hours=1))
    body = html(client, notice)
    assert "申报中（剩余" in body
    assert f'href="{notice.url}apply/"' in body
    assert "<dd>区域型、行业型</dd>" in body
    assert body.count("<h1") == 1


def test_closed_application_notice_has_no_form_link(client, home):
    now = timezone.now()
    notice = factories.application_notice(
        home, opens_at=now - dt.timedelta(days=30), closes_at=now - dt.timedelta(minutes=1)
    )
    body = html(client, notice)
    assert "已截止" in body
    assert "apply/" not in body
    assert "已停止受理" in body


def test_application_notice_not_yet_open(client, home):
    now = timezone.now()
    notice = factories.application_notice(
        home, opens_at=now + dt.timedelta(days=1), closes_at=now + dt.timedelta(days=9)
    )
    body = html(client, notice)
    assert "未开始" in body and "apply/" not in body


def test_apply_route_answers_with_the_view_registered_for_the_hook(home):
    notice = factories.application_notice(home)
    form_view = mock.Mock(return_value=mock.sentinel.response)
    request = RequestFactory().get(notice.url + "apply/")
    with hooks.register_temporarily("notice_application_form", form_view, order=-1):
        view, args, kwargs = notice.resolve_subpage("/apply/")
        assert view(request, *args, **kwargs) is mock.sentinel.response
    form_view.assert_called_once_with(request, notice)


def test_form_routes_answer_404_when_no_app_registers_a_form(client, home):
    notice = factories.publicity_notice(home)
    hooks.search_for_hooks()
    with mock.patch.dict(hooks._hooks, {"notice_objection_form": []}):
        assert client.get(notice.url + "objection/").status_code == 404


def test_submissions_registers_the_notice_forms():
    import submissions.views as submission_views

    assert submission_views.application_form in hooks.get_hooks("notice_application_form")
    assert submission_views.objection_form in hooks.get_hooks("notice_objection_form")


# --- Publicity notices -----------------------------------------------------------------------------


def test_open_publicity_lists_entries_and_links_to_the_objection_form(client, home):
    center = factories.center(home, title="赣州稀土产业数字化转型促进中心")
    area = factories.area("yingtan", "鹰潭市")
    notice = factories.publicity_notice(
        home,
        entries=[
            PublicityEntry(center=center),
            PublicityEntry(
                proposed_name="鹰潭物联网促进中心", lead_unit_name="鹰潭某研究院", kind="industry", area=area
            ),
        ],
    )
    body = html(client, notice)
    assert "公示中（剩余 6 天）" in body
    assert f'href="{notice.url}objection/"' in body
    assert f'<a href="{center.url}">赣州稀土产业数字化转型促进中心</a>' in body
    assert "鹰潭物联网促进中心" in body and "鹰潭某研究院" in body and "鹰潭市" in body and "行业型" in body
    assert "公示期内" not in body  # the result waits for the end of the period


def test_ended_publicity_shows_the_outcome_on_the_same_page(client, home):
    notice = factories.publicity_notice(home, starts_on=dt.date(2025, 9, 29), ends_on=dt.date(2025, 10, 11))
    body = html(client, notice)
    assert "已结束" in body
    assert '<h2 id="outcome-heading">公示结果</h2>' in body
    assert "公示期内未收到异议" in body  # written from the (zero) objections, not typed
    assert "objection/" not in body


def test_the_publicity_result_cannot_be_typed(client, home):
    """Art. 10: the result is the objections' counts; editors have no field to type another."""
    assert "outcome" not in {f.name for f in PublicityNotice._meta.get_fields()}


def test_publicity_pages_include_the_public_submission_counts(client, home):
    notice = factories.publicity_notice(home)
    response = client.get(notice.url)
    assert "submissions/includes/notice_submissions.html" in [t.name for t in response.templates]


# --- Rules editors meet (Art. 10) -------------------------------------------------------------------


def _publicity(**fields):
    """A draft 公示 (a new Page is live by default; these are not)."""
    return PublicityNotice(title="公示", slug="p", published_on=dt.date(2025, 9, 26), live=False, **fields)


def test_end_date_is_computed_from_working_days_across_national_day():
    notice = _publicity(period_starts_on=dt.date(2025, 9, 29), working_days=5)
    notice.clean()
    assert notice.period_ends_on == dt.date(2025, 10, 11)


def test_computed_end_date_follows_a_changed_start():
    notice = _publicity(period_starts_on=dt.date(2025, 9, 29), working_days=5, period_ends_on=dt.date(2025, 10, 11))
    notice.period_starts_on = dt.date(2025, 6, 9)
    notice.clean()
    assert notice.period_ends_on == dt.date(2025, 6, 13)


def test_a_period_starting_on_dragon_boat_festival_counts_from_the_next_working_day():
    notice = _publicity(period_starts_on=dt.date(2025, 6, 2), working_days=5)  # 2 June 2025: a holiday
    notice.clean()
    assert notice.period_ends_on == dt.date(2025, 6, 9)


def test_a_draft_beyond_the_calendar_saves_without_end_but_publishing_names_the_missing_year():
    notice = _publicity(period_starts_on=dt.date(2099, 3, 2), working_days=5)
    notice.clean()  # a draft: saved without its end date
    assert notice.period_ends_on is None
    with translation.override("en"):
        message = notice.publication_errors()["working_days"]
    assert "2099" in message and "Settings → Holiday calendar" in message
    message = notice.publication_errors()["working_days"]  # in the site's language
    notice.live = True
    with pytest.raises(ValidationError) as excinfo:
        notice.clean()
    assert excinfo.value.message_dict["working_days"] == [message]
    notice.working_days = None
    notice.period_ends_on = dt.date(2099, 3, 6)
    notice.clean()  # accepted by hand


def test_end_before_start_is_refused_on_the_end_date_field():
    notice = _publicity(period_starts_on=dt.date(2025, 6, 10), working_days=None, period_ends_on=dt.date(2025, 6, 9))
    with pytest.raises(ValidationError) as excinfo:
        notice.clean()
    assert list(excinfo.value.message_dict) == ["period_ends_on"]
    same_day = _publicity(period_starts_on=dt.date(2025, 6, 10), working_days=None, period_ends_on=dt.date(2025, 6, 10))
    same_day.clean()


def test_no_end_and_no_working_days_is_refused_for_publishing_only():
    notice = _publicity(period_starts_on=dt.date(2025, 6, 10), working_days=None)
    notice.clean()  # a draft
    notice.live = True
    with pytest.raises(ValidationError) as excinfo:
        notice.clean()
    assert "period_ends_on" in excinfo.value.message_dict


def test_window_closing_when_it_opens_is_refused(home):
    from notices.models import ApplicationNotice

    at = timezone.now()
    notice = ApplicationNotice(title="t", slug="t", round_year=2025, window_opens_at=at, window_closes_at=at)
    with pytest.raises(ValidationError) as excinfo:
        notice.clean()
    assert list(excinfo.value.message_dict) == ["window_closes_at"]


# --- Bulletins, revocations, policies --------------------------------------------------------------


def test_bulletin_shows_ratings_as_a_table(client, home):
    a = factories.center(home, title="九江促进中心")
    b = factories.center(home, title="上饶促进中心")
    bulletin = factories.bulletin(home, year=2025, ratings={a: "excellent", b: "fail"})
    body = html(client, bulletin)
    assert "2025 年度评价结果" in body
    assert f'<a href="{a.url}">九江促进中心</a>' in body
    assert "优秀" in body and "不合格" in body


def test_bulletin_rating_a_center_twice_is_refused(home):
    from notices.models import BulletinRating, EvaluationBulletin

    a = factories.center(home)
    bulletin = EvaluationBulletin(
        title="b",
        slug="b",
        evaluation_year=2025,
        ratings=[BulletinRating(center=a, rating="good"), BulletinRating(center=a, rating="pass")],
    )
    with pytest.raises(ValidationError):
        bulletin.clean()


def test_revocation_notice_names_center_cause_and_date(client, home):
    target = factories.center(home, title="九江纺织服装促进中心")
    notice = factories.revocation(home, center=target, cause="two_fails", effective_on=dt.date(2026, 9, 26))
    body = html(client, notice)
    assert "九江纺织服装促进中心" in body and "2026-09-26" in body
    assert "撤销原因（第十五条）" in body


def test_policy_notice_in_english(client, site_tree, home):
    from home.demo import ensure_translation

    en = site_tree["locales"][1]
    policy = factories.policy_notice(home, document_number="赣工信规字〔2024〕4号")
    ensure_translation(factories.notice_index(home), en, title="Notices")
    english = ensure_translation(policy, en, title="Management measures")
    body = html(client, english)
    assert '<html lang="en"' in body
    assert "Management measures" in body and "In force from" in body and "2024-10-26" in body
    assert "Policy document" in body


# --- Home page, API, sitemap, search --------------------------------------------------------------


def test_home_page_shows_open_windows_with_their_status(client, home):
    factories.publicity_notice(home, title="拟认定名单公示")
    body = client.get("/").content.decode()
    assert "拟认定名单公示" in body and "公示中（剩余 6 天）" in body


def test_home_page_open_now_lists_an_evaluation_round_taking_materials(client, home):
    factories.evaluation_round(home, year=2025, title="关于开展2025年度运行评价工作的通知")
    body = client.get("/").content.decode()
    open_now = body.split('id="open-windows-heading"')[1].split("</section>")[0]
    assert "关于开展2025年度运行评价工作的通知" in open_now and "评价材料受理中" in open_now


def test_api_exposes_notice_fields(client, home):
    notice = factories.publicity_notice(home, document_number="赣工信数字函〔2026〕3号")
    data = client.get(f"/api/v2/pages/{notice.pk}/").json()
    assert data["kind"] == "publicity"
    assert data["document_number"] == "赣工信数字函〔2026〕3号"
    assert data["period_ends_on"] == notice.period_ends_on.isoformat()
    assert data["status_data"]["state"] == "publicity_open"
    assert [e["display_name"] for e in data["entries"]] == ["拟认定促进中心1", "拟认定促进中心2", "拟认定促进中心3"]
    listing = client.get("/api/v2/pages/?type=notices.PublicityNotice&fields=kind,period_starts_on").json()
    assert listing["meta"]["total_count"] == 1


def test_sitemap_lists_notices(client, home):
    notice = factories.policy_notice(home)
    body = client.get("/sitemap.xml").content.decode()
    assert f"/notices/{notice.slug}/" in body


def test_notices_are_found_by_search_in_either_script(home):
    from home.search import query_terms
    from notices.models import NoticePage

    factories.policy_notice(home, title="江西省省级数字化转型促进中心管理办法")
    for query in ("数字化转型", "數字化轉型"):
        results = NoticePage.objects.live().search(" ".join(query_terms(query)), operator="or")
        assert [r.title for r in results] == ["江西省省级数字化转型促进中心管理办法"]
