"""Journey 7: the yearly evaluation (Art. 12–14) from a center's submission to the published bulletin. A
center submits its materials from its page in the directory (receipt shown once); the 南昌 city bureau
(`nanchang`) makes the initial evaluation in the desk; the province (`editor`) changes the grade on re-check
with a reason and drafts the bulletin with one button, then submits it for review; `admin` approves it,
which publishes it; the public then sees the grade in the center's rating history. At 1280 px and 375 px.

Each run opens a round of its own (a year no other test uses) with a new center of 南昌, so the two widths
and the demo's own round do not meet."""

import datetime as dt
import random
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from directory.models import Area, CenterKind
from home.models import HomePage
from notices import drafting
from notices.models import EvaluationBulletin
from tests import factories as h

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"


def log_in(page, username, password):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


@pytest.fixture
def evaluation_round_and_center(site_server):
    """A round open since an hour ago for a year of its own, and an active regional center of 南昌 managed
    by the 南昌 city bureau (the demo's `nanchang` account)."""
    year = random.randint(2100, 2900)
    now = timezone.now()
    notice = drafting.evaluation_round_draft(
        year=year, opens_at=now - dt.timedelta(hours=1), last_day=timezone.localdate() + dt.timedelta(days=10)
    )
    h.publish(notice)
    nanchang = Area.objects.get(division_code="3601", locale__language_code="zh-hans")
    center = h.center(
        HomePage.objects.get(locale__language_code="zh-hans"),
        f"浏览器测试评价中心{year}",
        kind=CenterKind.REGIONAL,
        area=nanchang,
        code=h.credit_code(year),
    )
    return year, center


def test_a_center_submits_materials_and_the_published_bulletin_rates_it(
    page, browser, site_server, demo_password, evaluation_round_and_center, tmp_path, shoot
):
    year, center = evaluation_round_and_center
    materials = tmp_path / "运行评价自评表.pdf"
    materials.write_bytes(PDF)

    # The center submits its materials from its page.
    visitor = browser.new_context(base_url=site_server.url, viewport=page.viewport_size, locale="zh-CN").new_page()
    visitor.goto(center.url)
    visitor.locator(f"a[href$='{center.url}evaluation/']").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("提交运行评价材料")
    visitor.locator("#id_lead_unit_credit_code").fill(center.lead_unit_credit_code)
    visitor.locator("#id_work_summary").fill("全年服务企业86家，开展诊断咨询32次，组织供需对接会4场。")
    visitor.locator("#id_materials").set_input_files(materials)
    visitor.locator("#id_contact_name").fill("周工")
    visitor.locator("#id_phone").fill("13907911234")
    visitor.locator("#id_email").fill("zhou@example.org")
    visitor.get_by_role("button", name="提交材料").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("评价材料已收到")
    receipt = visitor.locator("#receipt-number").inner_text()
    assert receipt.startswith("PJ-")

    # The 南昌 city bureau sees it among its centers and makes the initial evaluation.
    log_in(page, "nanchang", demo_password)
    page.goto(f"/admin/desk/evaluations/?round={center_round_pk(year)}")
    expect(page.locator("#due-table")).to_contain_text(center.title)
    page.get_by_role("link", name=receipt).first.click()
    page.locator("#initial-form select[name=grade]").select_option("good")
    page.locator("#initial-form textarea[name=note]").fill("材料齐全，服务成效良好。")
    page.locator("#initial-form button[type=submit]").click()
    expect(page.locator("#proposed-grade")).to_contain_text("良好")

    # The province changes the grade on re-check, with its reason, and drafts the bulletin.
    log_in(page, "editor", demo_password)
    page.goto(f"/admin/desk/evaluations/?round={center_round_pk(year)}")
    page.get_by_role("link", name=receipt).first.click()
    page.locator("#recheck-form select[name=grade]").select_option("excellent")
    page.locator("#recheck-form button[type=submit]").click()
    expect(page.locator("#recheck-form")).to_contain_text("调整初评等次时请说明理由")  # beside the field
    page.locator("#recheck-form textarea[name=reason]").fill("专家复核：服务企业数量和成效突出。")
    page.locator("#recheck-form select[name=grade]").select_option("excellent")
    page.locator("#recheck-form button[type=submit]").click()
    expect(page.locator("#final-grade")).to_contain_text("优秀")
    page.goto(f"/admin/desk/evaluations/?round={center_round_pk(year)}")
    page.get_by_role("button", name="生成运行评价结果通报草稿").click()
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/$"))
    page.wait_for_load_state("networkidle")
    bulletin = EvaluationBulletin.objects.get(evaluation_year=year)
    assert [(r.center_id, r.rating) for r in bulletin.ratings.all()] == [(center.pk, "excellent")]
    page.locator("footer [data-w-dropdown-target=toggle]").click()
    page.locator("button[name=action-submit]").click()
    expect(page.locator(".messages")).to_contain_text(bulletin.title)

    # Until it is published the public sees no grade.
    visitor.goto(center.url)
    expect(visitor.locator("#ratings-heading + *")).not_to_contain_text(str(year))

    # A reviewer approves it from the dashboard; approving publishes it.
    reviewer = browser.new_context(base_url=site_server.url, viewport=page.viewport_size).new_page()
    log_in(reviewer, "admin", demo_password)
    reviewer.locator("#awaiting-review-section").get_by_role("link", name=bulletin.title).first.click()
    reviewer.wait_for_load_state("networkidle")
    reviewer.locator("footer [data-w-dropdown-target=toggle]").click()
    reviewer.locator("footer button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])").click()
    expect(reviewer.locator(".messages")).to_contain_text(bulletin.title)
    reviewer.context.close()

    # The public sees the grade in the center's rating history, and nothing of the materials.
    visitor.goto(center.url)
    history = visitor.locator("section[aria-labelledby=ratings-heading]")
    expect(history.get_by_role("row", name=re.compile(rf"{year}"))).to_contain_text("优秀")
    expect(visitor.locator("main")).not_to_contain_text("全年服务企业86家")
    shoot(on=visitor)
    visitor.context.close()


def center_round_pk(year: int) -> int:
    from notices.models import EvaluationRoundNotice

    return EvaluationRoundNotice.objects.get(evaluation_year=year).pk
