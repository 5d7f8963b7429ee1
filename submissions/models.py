"""Applications (申报), objections (异议) and change reports (变更报告): what the public submits and staff
review, on one shared base (`SubmissionBase`), with one attachment model and one history model.

Rows are written by `submissions.services` only, each submission in one transaction with its files.
Attachments live in the private storage and are served by a permission-checked view, never by URL.
Access codes are stored as a keyed hash (`submissions.access_codes`); the receipt number is public, the code is the secret.
"""

import datetime as dt
import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from directory.fields import CreditCodeField
from directory.models import Area, CenterKind, Industry
from notices import working_days as official_calendar
from submissions import access_codes
from submissions.states import ApplicationState, ObjectionState


def private_storage():
    return storages["private"]


class ReceiptKind(models.TextChoices):
    APPLICATION = "SB", _("application")
    OBJECTION = "YY", _("objection")
    CHANGE_REPORT = "BG", _("change report")
    REGISTRATION = "BM", _("event registration")
    EVALUATION = "PJ", _("evaluation materials")


class ReceiptCounter(models.Model):
    """The last receipt number issued per kind and year; incremented under a row lock so numbers are
    unique, sequential and never reused, even under concurrent submissions."""

    kind = models.CharField(max_length=2, choices=ReceiptKind.choices)
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="one_counter_per_kind_year")]

    def __str__(self):
        return f"{self.kind}-{self.year}: {self.last_number}"


class UnitType(models.TextChoices):
    """Art. 4: who may apply."""

    ENTERPRISE = "enterprise", _("enterprise with notable transformation results")
    DIGITAL_LEADER = "digital_leader", _("leading digital-economy enterprise")
    UNIVERSITY = "university", _("university")
    RESEARCH_INSTITUTE = "research_institute", _("research institute")
    PUBLIC_INSTITUTION = "public_institution", _("public institution")
    ASSOCIATION = "association", _("industry association")
    SERVICE_PROVIDER = "service_provider", _("digital-transformation service provider")


class SubmissionBase(models.Model):
    """What every public submission shares: the receipt, the secret code, the contact, the dates, the
    reply and the submitter's language."""

    receipt_number = models.CharField(_("receipt number"), max_length=20, unique=True, null=True, blank=True)
    access_code_hash = models.CharField(max_length=128, editable=False)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    form_token = models.CharField(
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="The one-time token of the form page this was sent from: a second POST of it is the same submission.",
    )
    contact_name = models.CharField(_("contact person"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("email"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    reply = models.TextField(_("reply to the submitter"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="zh-hans",
        help_text=_("The language the submitter used; emails to them are written in it."),
    )

    class Meta:
        abstract = True

    def check_access_code(self, code: str) -> bool:
        """Whether `code` is this submission's access code: the one place codes are checked. A code
        stored the old way (a PBKDF2 hash in Django's password format) is checked the old way and, when
        it matches, re-stored as the keyed hash (`submissions.access_codes`) so the next check is fast."""
        if not access_codes.matches(code, self.access_code_hash):
            return False
        if access_codes.is_legacy(self.access_code_hash) and self.pk is not None:
            self.access_code_hash = access_codes.make_hash(code)
            # update(), not save(): no other field and not `updated_at` (the erasure clock reads it).
            type(self)._default_manager.filter(pk=self.pk).update(access_code_hash=self.access_code_hash)
        return True

    def __str__(self):
        return self.receipt_number or str(self.public_id)


class Application(SubmissionBase):
    """An application for a center in a yearly round (Art. 7), owned by the city bureau of the lead
    unit's area. Flagged when its area or industry already has an active center (Art. 9)."""

    notice = models.ForeignKey(
        "notices.ApplicationNotice", verbose_name=_("round"), on_delete=models.PROTECT, related_name="applications"
    )
    state = models.CharField(
        _("state"), max_length=30, choices=ApplicationState.choices, default=ApplicationState.DRAFT, db_index=True
    )
    lead_unit_name = models.CharField(_("lead unit"), max_length=200)
    lead_unit_credit_code = CreditCodeField(_("unified social credit code"), db_index=True)
    unit_type = models.CharField(_("type of unit"), max_length=30, choices=UnitType.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of center"), max_length=20, choices=CenterKind.choices)
    target_industry = models.ForeignKey(
        Industry, verbose_name=_("industry"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposed_name = models.CharField(_("proposed center name"), max_length=200, blank=True)
    condition_statements = models.JSONField(_("how the conditions are met"), default=dict, blank=True)
    declaration_accepted = models.BooleanField(_("declaration accepted"), default=False)
    duplicate_flag = models.BooleanField(
        _("area or industry already has a center"),
        default=False,
        db_index=True,
        help_text=_("Art. 9: in principle one center per area and one per industry."),
    )
    duplicate_note = models.CharField(_("existing center"), max_length=300, blank=True)
    assigned_experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned experts"), blank=True, related_name="assigned_applications"
    )
    publicity_entry = models.ForeignKey(
        "notices.PublicityEntry",
        verbose_name=_("entry on the 公示"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
        help_text=_(
            "Art. 10: the 公示 entry drafted from this application. Approval waits until its period has ended "
            "and every objection against it has an outcome."
        ),
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-created_at"]
        permissions = [("view_unmasked_phone", "Can see submitters' phone numbers unmasked")]
        constraints = [
            # One submitted application per lead unit per round (`earlier_submission_for`); drafts are free.
            models.UniqueConstraint(
                fields=["notice", "lead_unit_credit_code"],
                condition=~models.Q(state="draft"),
                name="one_submitted_application_per_unit_per_round",
            )
        ]


class ApplicationMember(models.Model):
    """A consortium member of an application (Art. 4)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    credit_code = CreditCodeField(_("unified social credit code"))
    role = models.CharField(_("role"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("consortium member")
        verbose_name_plural = _("consortium members")

    def __str__(self):
        return self.name


class Objection(SubmissionBase):
    """A real-name objection to a 公示 (Art. 10). Objections by the same person to the same entry are
    linked through `related_to`, not merged."""

    notice = models.ForeignKey(
        "notices.PublicityNotice", verbose_name=_("publicity"), on_delete=models.PROTECT, related_name="objections"
    )
    entries = models.ManyToManyField(
        "notices.PublicityEntry",
        verbose_name=_("entries objected to"),
        related_name="objections",
        through="ObjectionEntry",
    )
    state = models.CharField(
        _("state"), max_length=30, choices=ObjectionState.choices, default=ObjectionState.RECEIVED, db_index=True
    )
    real_name = models.CharField(_("real name"), max_length=50)
    id_last_digits = models.CharField(_("last digits of ID"), max_length=6, blank=True)
    unit = models.CharField(_("unit"), max_length=200, blank=True)
    facts_and_reasons = models.TextField(_("facts and reasons"))
    consent_to_contact = models.BooleanField(_("consents to be contacted"), default=False)
    related_to = models.ForeignKey(
        "self",
        verbose_name=_("earlier objection by the same person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personal_data_erased_at = models.DateTimeField(_("personal data erased at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-submitted_at"]


class ObjectionEntry(models.Model):
    """An entry an objection names. Deleting the entry is refused (PROTECT) while an objection names it:
    what a person submitted keeps its subject, whatever happens to the 公示 page (an editor removing the
    row, the demo loader running again). Deleting the objection removes its links."""

    objection = models.ForeignKey(Objection, on_delete=models.CASCADE, related_name="entry_links")
    entry = models.ForeignKey(
        "notices.PublicityEntry",
        on_delete=models.PROTECT,
        related_name="objection_links",
        db_column="publicityentry_id",
    )

    class Meta:
        db_table = "submissions_objection_entries"  # the table Django made for the plain many-to-many
        unique_together = [("objection", "entry")]
        verbose_name = _("objection filed against it")
        verbose_name_plural = _("objections filed against it")

    def __str__(self):
        return f"{self.objection} → {self.entry_id}"


class ChangeKind(models.TextChoices):
    """Art. 17: the changes a center's units must report."""

    NAME = "name", _("change of name")
    MERGER = "merger", _("merger")
    SPLIT = "split", _("split")
    RESTRUCTURING = "restructuring", _("restructuring")
    SUSPENSION = "suspension", _("suspension of business")


class ChangeReporter(models.TextChoices):
    CENTER = "center", _("the center or its lead unit")
    MANAGEMENT_UNIT = "management_unit", _("the management unit")


class ChangeReportState(models.TextChoices):
    PENDING = "pending", _("pending")
    CONFIRMED = "confirmed", _("confirmed")
    REJECTED = "rejected", _("returned")


def change_report_due_on(changed_on: dt.date) -> dt.date:
    """Art. 17: a change of name, merger, split, restructuring or suspension is reported to the province
    within one month of the change. Due on the corresponding day of the next month, or that month's last
    day when it has none (Civil Code Art. 201–202): a change on 2025-01-15 is due 2025-02-15; on
    2025-01-31, 2025-02-28; on 2024-01-31, 2024-02-29. When that day is a statutory holiday or rest day,
    the next working day is the last day (Civil Code Art. 203): a change on 2025-09-01 is due 2025-10-09,
    after the National Day holiday. Where the official calendar of that year is not entered, weekends
    alone are skipped and `change_report_due_warning` says so."""
    last_day = changed_on + relativedelta(months=1)
    try:
        return official_calendar.working_day_on_or_after(last_day)
    except official_calendar.CalendarNotCovered:
        return official_calendar.weekday_on_or_after(last_day)


def change_report_due_warning(changed_on: dt.date) -> str:
    """What staff are told when a report's due day was counted without the official calendar of its year
    (which year, where to enter it), else ""."""
    try:
        official_calendar.working_day_on_or_after(changed_on + relativedelta(months=1))
    except official_calendar.CalendarNotCovered as gap:
        advice = _("The due date skips weekends only until then.")
        return f"{gap.message} {advice}"
    return ""


def is_change_report_overdue(report: "ChangeReport") -> bool:
    """Art. 17: a report received after its due day is overdue (received on the due day is in time)."""
    return report.submitted_on > report.due_on


class ChangeReportQuerySet(models.QuerySet):
    def overdue(self):
        """Art. 17: the filter of `is_change_report_overdue`."""
        return self.filter(submitted_on__gt=models.F("due_on"))

    def with_overdue(self):
        """Annotate `overdue` (the same rule) so a listing can sort overdue reports first."""
        return self.annotate(
            overdue=models.Case(
                models.When(submitted_on__gt=models.F("due_on"), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )


class ChangeReport(SubmissionBase):
    """A report of a change of name, merger, split, restructuring or suspension (Art. 17), filed by the
    center or its management unit with the date of the change and documents. Due within one month of the
    change (`due_on`, from `change_report_due_on`); a report received after that is overdue. When staff
    confirm it the center page changes and an old name becomes a former name."""

    center = models.ForeignKey(
        "directory.CenterPage", verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind of change"), max_length=20, choices=ChangeKind.choices)
    changed_on = models.DateField(_("date of the change"))
    due_on = models.DateField(_("report due by"), editable=False, db_index=True)
    submitted_on = models.DateField(_("received on"), db_index=True)
    reported_by = models.CharField(_("reported by"), max_length=20, choices=ChangeReporter.choices)
    reporting_unit = models.CharField(_("reporting unit"), max_length=200)
    description = models.TextField(_("what changed"))
    new_name = models.CharField(_("new center name"), max_length=200, blank=True)
    new_lead_unit_name = models.CharField(_("new lead unit name"), max_length=200, blank=True)
    new_lead_unit_credit_code = CreditCodeField(_("new lead unit's unified social credit code"), blank=True)
    management_unit_agreed = models.BooleanField(_("the management unit has agreed"), default=False)
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=ChangeReportState.choices,
        default=ChangeReportState.PENDING,
        db_index=True,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    old_name = models.CharField(_("name before the change"), max_length=200, blank=True, editable=False)

    objects = ChangeReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("change report")
        verbose_name_plural = _("change reports")
        ordering = ["-submitted_on", "-pk"]
        permissions = [("decide_changereport", "Can confirm or return change reports")]

    @property
    def is_overdue(self) -> bool:
        return is_change_report_overdue(self)

    @property
    def due_on_warning(self) -> str:
        return change_report_due_warning(self.changed_on)


def change_reports_overdue():
    """Art. 17: the change reports received after their due day (`is_change_report_overdue`)."""
    return ChangeReport.objects.overdue()


class AttachmentRole(models.TextChoices):
    APPLICATION_BOOK = "application_book", _("application book (申报书)")
    CONSTRUCTION_PLAN = "construction_plan", _("construction plan (建设方案)")
    COOPERATION_AGREEMENT = "cooperation_agreement", _("cooperation agreement")
    EVIDENCE = "evidence", _("evidence")
    EVALUATION_MATERIALS = "evaluation_materials", _("evaluation materials")
    OTHER = "other", _("other")


OWNER_FIELDS = ("application", "objection", "change_report", "evaluation")


def exactly_one_owner() -> models.Q:
    """An attachment or a history step belongs to exactly one submission, of whichever kind."""
    condition = models.Q()
    for owner in OWNER_FIELDS:
        condition |= models.Q(**{f"{name}__isnull": name != owner for name in OWNER_FIELDS})
    return condition


class Attachment(models.Model):
    """A file sent with a submission, kept in private storage under a random name."""

    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    objection = models.ForeignKey(
        Objection, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    change_report = models.ForeignKey(
        ChangeReport, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    evaluation = models.ForeignKey(
        "submissions.EvaluationSubmission", null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    role = models.CharField(_("role"), max_length=30, choices=AttachmentRole.choices)
    file = models.FileField(_("file"), storage=private_storage, upload_to="submissions/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(pgettext_lazy("file", "content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_owner(),
                name="attachment_belongs_to_one_submission",
            )
        ]

    def __str__(self):
        return self.original_name

    @property
    def owner(self):
        """The submission this file belongs to."""
        return self.application or self.objection or self.change_report or self.evaluation


class StatusChange(models.Model):
    """One step in a submission's history: who moved it, when, from which state to which, and why."""

    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.CASCADE, related_name="history"
    )
    objection = models.ForeignKey(Objection, null=True, blank=True, on_delete=models.CASCADE, related_name="history")
    change_report = models.ForeignKey(
        ChangeReport, null=True, blank=True, on_delete=models.CASCADE, related_name="history"
    )
    evaluation = models.ForeignKey(
        "submissions.EvaluationSubmission", null=True, blank=True, on_delete=models.CASCADE, related_name="history"
    )
    action = models.CharField(_("action"), max_length=50)
    from_state = models.CharField(_("from"), max_length=30, blank=True)
    to_state = models.CharField(_("to"), max_length=30)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "pk"]
        constraints = [models.CheckConstraint(condition=exactly_one_owner(), name="status_change_of_one_submission")]

    def __str__(self):
        return f"{self.action}: {self.from_state} → {self.to_state}"


# Event registrations (Art. 18) live in their own module; importing them here registers the models.
# Email alerts live in their own package; imported here so Django finds their models.
from submissions.alerts.models import AlertDelivery, Subscription  # noqa: E402, F401

# The yearly evaluation's materials (Art. 12–13), split off the same way.
from submissions.evaluation_models import EvaluationSubmission  # noqa: E402, F401
from submissions.registrations.models import EventRegistration, RegistrantMessage, RegistrationState  # noqa: E402, F401
