"""The yearly evaluation (Art. 12–14): materials written as the public side leaves them, the form data a
browser posts, and a world of centers in two areas plus an industry center, with their management units."""

from django.utils import timezone

from directory.models import CenterKind, ReviewerArea, ReviewerUnit
from home.roles import MANAGEMENT_UNITS
from submissions.access_codes import make_hash
from submissions.models import EvaluationSubmission, StatusChange
from submissions.states import EvaluationState

from .directory import area, center
from .notices import evaluation_round
from .pages import serial
from .submissions import ACCESS_CODE, attachment
from .users import UserFactory

INDUSTRY_DEPARTMENT = "江西省电子信息行业协会"


def evaluation_submission(notice, center_page, *, state=EvaluationState.SUBMITTED, **fields) -> EvaluationSubmission:
    """Materials of `center_page` in `notice`'s round, with a PDF, as if submitted through the form."""
    fields.setdefault("receipt_number", f"PJ-2025-{serial():05d}")
    submission = EvaluationSubmission.objects.create(
        notice=notice,
        center=center_page,
        management_unit=center_page.management_unit,
        lead_unit_credit_code=center_page.lead_unit_credit_code,
        work_summary="全年服务企业120家，开展诊断咨询45次。",
        contact_name="刘洋",
        phone="13807911234",
        email="center@example.org",
        access_code_hash=make_hash(ACCESS_CODE),
        submitted_at=timezone.now(),
        state=state,
        **fields,
    )
    StatusChange.objects.create(evaluation=submission, action="submit", to_state=EvaluationState.SUBMITTED)
    attachment_ = attachment(submission, name="运行评价材料.pdf")
    submission.file = attachment_
    return submission


def evaluation_data(center_page, **overrides) -> dict:
    """What a browser posts on a center's evaluation form."""
    data = {
        "lead_unit_credit_code": center_page.lead_unit_credit_code,
        "work_summary": "全年服务企业120家。",
        "contact_name": "刘洋",
        "phone": "13807911234",
        "email": "center@example.org",
        "form_token": f"token-{serial():020d}",
    }
    data.update(overrides)
    return data


class EvaluationWorld:
    """An open round; a regional center in 南昌 and one in 赣州 (managed by those city bureaus), an
    industry center recommended by an industry association (its own management unit user, `industry`),
    a revoked center; the demo accounts (editor = the province, nanchang, ganzhou, expert)."""

    def __init__(self, site_tree):
        self.home = site_tree["home"]
        self.users = site_tree["users"]
        self.nanchang_area = area(bureau="南昌市工业和信息化局")
        self.ganzhou_area = area("ganzhou", "赣州市", bureau="赣州市工业和信息化局")
        ReviewerArea.objects.get_or_create(user=self.users["nanchang"], area=self.nanchang_area)
        ReviewerArea.objects.get_or_create(user=self.users["ganzhou"], area=self.ganzhou_area)
        # The demo shell already has `industry` (a management unit); older trees may not.
        self.industry_user = self.users.get("industry") or UserFactory(username="industry", groups=[MANAGEMENT_UNITS])
        ReviewerUnit.objects.create(user=self.industry_user, unit_name=INDUSTRY_DEPARTMENT)
        self.round = evaluation_round(self.home)
        self.nanchang_center = center(
            self.home, "南昌区域数字化转型促进中心", kind=CenterKind.REGIONAL, area=self.nanchang_area
        )
        self.ganzhou_center = center(
            self.home, "赣州区域数字化转型促进中心", kind=CenterKind.REGIONAL, area=self.ganzhou_area
        )
        self.industry_center = center(
            self.home, "电子信息行业数字化转型促进中心", area=self.nanchang_area, management_unit=INDUSTRY_DEPARTMENT
        )

    def user(self, name):
        return {"industry": self.industry_user}.get(name) or self.users[name]
