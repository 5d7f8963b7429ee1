"""Builders and fixtures for the review desk tests: the demo accounts tied to areas, submissions in any
state (written straight to the database, as the public side would have left them) and their files."""

import datetime as dt
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from directory.models import CenterKind, ReviewerArea
from submissions.models import Application, Attachment, AttachmentRole, Objection, UnitType
from submissions.states import ApplicationState, ObjectionState
from tests.submissions import factories

ACCESS_CODE = "ABCD2345"
_seq = itertools.count(1)


def application(notice, area, *, state=ApplicationState.RECEIVED, phone="13807911234", **fields) -> Application:
    n = next(_seq)
    return Application.objects.create(
        notice=notice,
        receipt_number=fields.pop("receipt_number", f"SB-2099-{n:06d}"),
        access_code_hash=make_password(ACCESS_CODE),
        contact_name=fields.pop("contact_name", "张工"),
        phone=phone,
        email=fields.pop("email", f"applicant{n}@example.org"),
        submitted_at=fields.pop("submitted_at", timezone.now() - dt.timedelta(hours=n)),
        state=state,
        lead_unit_name=fields.pop("lead_unit_name", f"申报单位{n}有限公司"),
        lead_unit_credit_code=fields.pop("lead_unit_credit_code", factories.credit_code(n)),
        unit_type=UnitType.SERVICE_PROVIDER,
        area=area,
        kind=fields.pop("kind", CenterKind.REGIONAL),
        declaration_accepted=True,
        **fields,
    )


def objection(notice, *, state=ObjectionState.RECEIVED, **fields) -> Objection:
    n = next(_seq)
    return Objection.objects.create(
        notice=notice,
        receipt_number=fields.pop("receipt_number", f"YY-2099-{n:06d}"),
        access_code_hash=make_password(ACCESS_CODE),
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
        role=AttachmentRole.APPLICATION_BOOK if isinstance(submission, Application) else AttachmentRole.EVIDENCE,
        file=ContentFile(content, name="file.pdf"),
        original_name=name,
        content_type="application/pdf",
        size=len(content),
    )


class World:
    """The demo accounts, two areas, an open round, an open 公示 and one submission of each sort."""

    def __init__(self, site_tree):
        self.home = site_tree["home"]
        self.users = site_tree["users"]
        self.nanchang_area = factories.area()
        self.ganzhou_area = factories.area(slug="ganzhou", name="赣州市", bureau="赣州市工业和信息化局")
        ReviewerArea.objects.create(user=self.users["nanchang"], area=self.nanchang_area)
        ReviewerArea.objects.create(user=self.users["ganzhou"], area=self.ganzhou_area)
        self.round = factories.application_notice(self.home)
        self.publicity = factories.publicity_notice(self.home)
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
        self.other_expert = get_user_model().objects.create_user("expert2", password="pw-expert2-xyz", is_staff=True)
        self.other_expert.groups.add(Group.objects.get(name="Expert reviewers"))
        # Staff who may enter the admin but hold no desk role.
        self.nobody = get_user_model().objects.create_user("clerk", password="pw-clerk-xyz", is_staff=True)
        self.nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))

    def user(self, name):
        return {"expert2": self.other_expert, "clerk": self.nobody}.get(name) or self.users[name]


@pytest.fixture
def world(site_tree):
    return World(site_tree)


@pytest.fixture
def as_user(client):
    """Log the test client in as one of the world's users (None stays anonymous), with the admin in
    `language` (English unless a test says otherwise, so assertions read the msgids)."""

    def _as(user, *, language="en"):
        from wagtail.users.models import UserProfile

        client.logout()
        if user is not None:
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = language
            profile.save()
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _as
