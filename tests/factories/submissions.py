"""Submissions in any state, written straight to the database as the public side would have left them,
their files, the form data a browser would post, and the review desk's world of accounts and areas."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from directory.models import CenterKind, ReviewerArea
from submissions import services
from submissions.access_codes import make_hash
from submissions.alerts.models import Subscription
from submissions.files import EVIDENCE, check_upload
from submissions.models import Application, Attachment, AttachmentRole, EvaluationSubmission, Objection, UnitType
from submissions.states import ApplicationState, ObjectionState

from . import files
from .directory import VALID_CODE, area, credit_code, industry
from .notices import application_notice, publicity_notice
from .pages import reloaded, serial
from .users import UserFactory

ACCESS_CODE = "ABCD2345"


def application(notice, area, *, state=ApplicationState.RECEIVED, phone="13807911234", **fields) -> Application:
    n = serial()
    return Application.objects.create(
        notice=notice,
        receipt_number=fields.pop("receipt_number", f"SB-2099-{n:06d}"),
        access_code_hash=fields.pop("access_code_hash", make_hash(ACCESS_CODE)),
        contact_name=fields.pop("contact_name", "张工"),
        phone=phone,
        email=fields.pop("email", f"applicant{n}@example.org"),
        submitted_at=fields.pop("submitted_at", timezone.now() - dt.timedelta(hours=n)),
        state=state,
        lead_unit_name=fields.pop("lead_unit_name", f"申报单位{n}有限公司"),
        lead_unit_credit_code=fields.pop("lead_unit_credit_code", credit_code(n)),
        unit_type=UnitType.SERVICE_PROVIDER,
        area=area,
        kind=fields.pop("kind", CenterKind.REGIONAL),
        declaration_accepted=True,
        **fields,
    )


def objection(notice, *, state=ObjectionState.RECEIVED, **fields) -> Objection:
    n = serial()
    return Objection.objects.create(
        notice=notice,
        receipt_number=fields.pop("receipt_number", f"YY-2099-{n:06d}"),
        access_code_hash=fields.pop("access_code_hash", make_hash(ACCESS_CODE)),
        contact_name="李明",
        phone=fields.pop("phone", "13907981234"),
        email=fields.pop("email", f"objector{n}@example.org"),
        submitted_at=timezone.now() - dt.timedelta(hours=n),
        state=state,
        real_name=fields.pop("real_name", "李明"),
        facts_and_reasons="申报材料与实际不符。",
        **fields,
    )


def attachment(submission, *, content=b"%PDF-1.4 demo\n", name="申报书.pdf") -> Attachment:
    return Attachment.objects.create(
        application=submission if isinstance(submission, Application) else None,
        objection=submission if isinstance(submission, Objection) else None,
        evaluation=submission if isinstance(submission, EvaluationSubmission) else None,
        role=AttachmentRole.APPLICATION_BOOK if isinstance(submission, Application) else AttachmentRole.EVIDENCE,
        file=ContentFile(content, name="file.pdf"),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
    )


# --- What a browser posts ---------------------------------------------------------------------------


def application_data(kind=CenterKind.REGIONAL, **overrides) -> dict:
    """A complete application form for `kind` (overrides of None drop a field)."""
    data = {
        "kind": kind,
        "action": "submit",
        "lead_unit_name": "南昌数智科技有限公司",
        "lead_unit_credit_code": VALID_CODE,
        "unit_type": "service_provider",
        "area": area().pk,
        "proposed_name": "南昌市区域型数字化转型促进中心",
        "contact_name": "李四",
        "phone": "0791-86123456",
        "email": "lisi@example.com",
        "declaration": "on",
        "members-TOTAL_FORMS": "3",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "20",
        "application_book": files.pdf(),
        "construction_plan": files.docx(),
    }
    if kind == CenterKind.INDUSTRY:
        data["target_industry"] = industry("rare-earth", "稀土").pk
    for n in range(1, 10):
        data[f"condition_{kind}_{n}"] = f"第{n}项条件的满足情况说明。"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def apply_url(notice, kind=CenterKind.REGIONAL) -> str:
    return f"{notice.url}apply/?kind={kind}"


def objection_data(notice, **overrides) -> dict:
    """A complete objection to the first entry of the 公示 `notice`."""
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


# --- The review desk ---------------------------------------------------------------------------------


class DeskWorld:
    """The demo accounts, two areas, an open round, an open 公示 and one submission of each sort."""

    def __init__(self, site_tree):
        self.site_tree = site_tree
        self.home = site_tree["home"]
        self.users = site_tree["users"]
        self.nanchang_area = area()
        self.ganzhou_area = area("ganzhou", "赣州市")
        ReviewerArea.objects.create(user=self.users["nanchang"], area=self.nanchang_area)
        ReviewerArea.objects.create(user=self.users["ganzhou"], area=self.ganzhou_area)
        self.round = application_notice(self.home, title="关于组织申报2025年度省级数字化转型促进中心的通知")
        self.publicity = publicity_notice(self.home, title="2025年度省级数字化转型促进中心拟认定名单公示")
        self.app_a = application(self.round, self.nanchang_area, lead_unit_name="南昌甲科技有限公司")
        self.app_b = application(self.round, self.ganzhou_area, lead_unit_name="赣州乙科技有限公司")
        self.app_assigned = application(
            self.round, self.ganzhou_area, state=ApplicationState.EXPERT_REVIEW, lead_unit_name="赣州丙科技有限公司"
        )
        self.app_assigned.assigned_experts.add(self.users["expert"])
        self.draft = application(self.round, self.nanchang_area, state=ApplicationState.DRAFT, receipt_number=None)
        self.objection = objection(self.publicity)
        self.objection.entries.add(self.publicity.entries.first())
        self.file_a = attachment(self.app_a)
        self.file_b = attachment(self.app_b)
        self.file_assigned = attachment(self.app_assigned)
        self.file_objection = attachment(self.objection, name="证据.pdf")
        self.other_expert = UserFactory(username="expert2", groups=["Expert reviewers"])
        # Staff who may enter the admin but hold no desk role.
        self.nobody = UserFactory(username="clerk", permissions=["access_admin"])

    def user(self, name):
        return {"expert2": self.other_expert, "clerk": self.nobody}.get(name) or self.users[name]

    def reloaded(self, memo=None) -> "DeskWorld":
        """The same world with every model instance read afresh from the database: what a test gets when the
        world was built once for its module (a test's changes are rolled back, and no instance it changed in
        memory, nor any cache on one, reaches the next test). `memo`: see `pages.reloaded`."""
        fresh = object.__new__(DeskWorld)
        memo = {} if memo is None else memo
        fresh.__dict__.update({name: reloaded(value, memo) for name, value in self.__dict__.items()})
        return fresh


def change_report(center, *, on=dt.date(2025, 2, 10), **overrides):
    """A change report (Art. 17) of a new name, filed through the service on `on` with a PDF consent."""
    data = {
        "reported_by": "center",
        "reporting_unit": "江西某某科技有限公司",
        "kind": "name",
        "changed_on": dt.date(2025, 1, 31),
        "description": "更名",
        "new_name": "江西数智转型促进中心",
        "new_lead_unit_name": "",
        "new_lead_unit_credit_code": "",
        "management_unit_agreed": True,
        "contact_name": "王五",
        "phone": "13912345678",
        "email": "w@example.org",
        **overrides,
    }
    upload = files.SimpleUploadedFile("consent.pdf", files.PDF_BYTES, content_type="application/pdf")
    receipt = services.change_report_create(center=center, data=data, files=[check_upload(upload, EVIDENCE)], on=on)
    return receipt.submission


def subscription(email="reader@example.org", *, confirmed=True, confirmed_at=None, **choices):
    """An email subscription (confirmed an hour ago unless told); `choices`: kinds, areas, industries
    (lists of values/slugs, empty = all), frequency, language."""
    if confirmed and confirmed_at is None:
        confirmed_at = timezone.now() - dt.timedelta(hours=1)
    return Subscription.objects.create(email=email, confirmed_at=confirmed_at if confirmed else None, **choices)
