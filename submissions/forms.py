"""Public forms for applications, objections, change reports and status lookup: the shape of the input only.

Rules that depend on the notice, the date or other records (windows, bans, Art. 9 duplicates, the
consortium agreement, the change-report due date) live in `submissions.services`, which raises errors keyed by these field names.
"""

import re
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from wagtail.models import Locale

from directory.fields import CreditCodeFormField
from directory.models import Area, CenterKind, Industry
from home.forms import IdChoiceField, IdMultipleChoiceField, PublicForm
from submissions import files
from submissions.conditions import conditions_for
from submissions.models import ChangeKind, ChangeReporter, UnitType

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def normalise_phone(value: str) -> str:
    """Drop spaces, an international prefix (+86 / 0086 / 86 before a mobile number) and brackets."""
    value = re.sub(r"[\s()（）]", "", value or "").replace("—", "-").replace("－", "-")
    value = re.sub(r"^(\+86|0086)-?", "", value)
    if re.fullmatch(r"861[3-9]\d{9}", value):
        value = value[2:]
    return value


def validate_phone(value: str) -> None:
    """A mainland mobile (11 digits starting 13–19) or landline with area code (e.g. 0791-86123456)."""
    phone = normalise_phone(value)
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise ValidationError(
            _(
                "Enter a mainland mobile number (11 digits, e.g. 13912345678) or a landline with its area code (e.g. 0791-86123456)."
            ),
            code="phone",
        )


class PhoneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("validators", [validate_phone])
        super().__init__(**kwargs)
        self.widget.input_type = "tel"
        self.widget.attrs.setdefault("autocomplete", "tel")

    def clean(self, value):
        return normalise_phone(super().clean(value))


class RuleFileField(forms.FileField):
    """A single file checked by content against a `files.FileRule`; cleans to a `files.CheckedFile`."""

    widget = forms.FileInput

    def __init__(self, *, rule: files.FileRule, **kwargs):
        self.rule = rule
        super().__init__(**kwargs)
        self.widget.attrs["accept"] = rule.accept

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return None
        return files.check_upload(upload, self.rule)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleRuleFileField(forms.FileField):
    """Several files under one rule, at most `max_files`; cleans to a list of `files.CheckedFile`."""

    def __init__(self, *, rule: files.FileRule, max_files: int, **kwargs):
        self.rule = rule
        self.max_files = max_files
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": rule.accept}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > self.max_files:
            raise ValidationError(
                _("Send at most %(max)d files; you chose %(count)d."),
                code="too_many_files",
                params={"max": self.max_files, "count": len(uploads)},
            )
        checked, errors = [], []
        for upload in uploads:
            super().clean(upload, initial)
            try:
                checked.append(files.check_upload(upload, self.rule))
            except ValidationError as exc:
                errors.extend(exc.error_list)
        if errors:
            raise ValidationError(errors)
        return checked


def _taxonomy_queryset(model):
    """The taxonomy in the visitor's language (names shown to them), falling back to the default one."""
    locale = Locale.get_active()
    queryset = model.objects.filter(locale=locale)
    if not queryset.exists():
        queryset = model.objects.filter(locale=Locale.get_default())
    return queryset.order_by("sort_order", "name")


class SubmissionForm(PublicForm):
    """A public form whose fields are adjusted after construction: the accessibility attributes (which
    validate a bound form) wait until `ready()` so validation sees the final fields."""

    _ready = False

    def _describe_fields(self):
        if self._ready:
            super()._describe_fields()

    def ready(self):
        self._ready = True
        self._describe_fields()


class FormTokenMixin(forms.Form):
    """A one-time token rendered in the form page (`{{ form.form_token }}`): the services store it with
    the submission, so a double click or a resent form returns the first receipt instead of a duplicate."""

    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["form_token"] = secrets.token_urlsafe(24)

    def clean_form_token(self):
        token = self.cleaned_data.get("form_token") or ""
        return token if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", token) else None


class CaptchaMixin:
    """Adds an offline CAPTCHA (django-simple-captcha) unless settings.CAPTCHA_ENABLED is off."""

    def add_captcha(self):
        if settings.CAPTCHA_ENABLED:
            from captcha.fields import CaptchaField  # deferred: needed only while the CAPTCHA is on

            self.fields["captcha"] = CaptchaField(
                label=_("Security check"), help_text=_("Type the answer to the sum in the picture.")
            )


class ApplicationForm(FormTokenMixin, CaptchaMixin, SubmissionForm):
    """Art. 4–7: the lead unit, the contact, the center applied for, how each Art. 5 condition is met,
    the documents and the declaration. With `for_draft` only the lead unit, area and contact are needed;
    the CAPTCHA is asked for in both cases."""

    lead_unit_name = forms.CharField(label=_("Name of the lead unit"), max_length=200)
    lead_unit_credit_code = CreditCodeFormField(label=_("Unified social credit code of the lead unit"))
    unit_type = forms.ChoiceField(label=_("Type of unit (Art. 4)"), choices=[("", _("Choose one")), *UnitType.choices])
    area = IdChoiceField(
        label=_("Area of the lead unit"),
        queryset=Area.objects.none(),
        empty_label=_("Choose one"),
        help_text=_("The application goes to the city bureau of this area (Art. 7)."),
    )
    target_industry = IdChoiceField(
        label=_("Industry the center will serve"), queryset=Industry.objects.none(), empty_label=_("Choose one")
    )
    proposed_name = forms.CharField(label=_("Proposed name of the center"), max_length=200, required=False)
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    phone = PhoneField(label=_("Phone"), help_text=_("A mobile or a landline with its area code."))
    email = forms.EmailField(
        label=_("Email"), help_text=_("We send the receipt and status updates here."), max_length=254
    )
    application_book = RuleFileField(
        label=_("Application book (申报书)"), rule=files.PDF_ONLY, help_text=_("PDF, at most 20 MB.")
    )
    construction_plan = RuleFileField(
        label=_("Construction plan (建设方案)"), rule=files.PDF_OR_WORD, help_text=_("PDF, DOC or DOCX, at most 20 MB.")
    )
    cooperation_agreement = RuleFileField(
        label=_("Signed cooperation agreement of the consortium"),
        rule=files.PDF_ONLY,
        required=False,
        help_text=_("Required when there is any consortium member (Art. 4). PDF, at most 20 MB."),
    )
    declaration = forms.BooleanField(
        label=_(
            "I declare that the materials are true, accurate and complete. I understand that providing false materials or data is a cause for revoking a center's title (Art. 15 (2)) and bars the lead unit from applying for three years (Art. 16)."
        )
    )

    DRAFT_OPTIONAL = ("unit_type", "target_industry", "application_book", "construction_plan", "declaration")

    def __init__(self, *args, kind: str, for_draft: bool = False, kept_files: frozenset = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["area"].queryset = _taxonomy_queryset(Area)
        self.fields["target_industry"].queryset = _taxonomy_queryset(Industry)
        if kind == CenterKind.REGIONAL:
            del self.fields["target_industry"]
            self.fields["area"].help_text = _(
                "The area the center will serve; the application goes to its city bureau (Art. 7)."
            )
        self.condition_fields = []
        for condition in conditions_for(kind):
            name = f"condition_{condition.key}"
            self.fields[name] = forms.CharField(
                label=condition.label,
                widget=forms.Textarea(attrs={"rows": 4}),
                max_length=3000,
                help_text=_("%(article)s: how the applicant meets it.") % {"article": condition.article},
            )
            self.condition_fields.append(name)
        for name in kept_files:
            if name in self.fields:
                self.fields[name].required = False
        if for_draft:
            for name in (*self.DRAFT_OPTIONAL, *self.condition_fields):
                if name in self.fields:
                    self.fields[name].required = False
        # A draft mails a link, so it passes the same human check as a submission.
        self.add_captcha()
        self.ready()

    def condition_statements(self) -> dict[str, str]:
        return {
            name.removeprefix("condition_"): self.cleaned_data[name]
            for name in self.condition_fields
            if self.cleaned_data.get(name)
        }

    def file_fields(self) -> dict[str, files.CheckedFile]:
        return {
            name: self.cleaned_data[name]
            for name in ("application_book", "construction_plan", "cooperation_agreement")
            if self.cleaned_data.get(name)
        }

    @property
    def unit_fields(self):
        return [self[n] for n in ("lead_unit_name", "lead_unit_credit_code", "unit_type", "area")]

    @property
    def center_fields(self):
        return [self[n] for n in ("target_industry", "proposed_name") if n in self.fields]

    @property
    def contact_fields(self):
        return [self[n] for n in ("contact_name", "phone", "email")]

    @property
    def conditions(self):
        return [self[n] for n in self.condition_fields]

    @property
    def document_fields(self):
        return [self[n] for n in ("application_book", "construction_plan", "cooperation_agreement")]


class MemberForm(PublicForm):
    """A consortium member (Art. 4). A row left entirely blank is ignored."""

    name = forms.CharField(label=_("Member name"), max_length=200)
    credit_code = CreditCodeFormField(label=_("Member's unified social credit code"), help_text="")
    role = forms.CharField(label=_("Role in the consortium"), max_length=100, required=False)


class BaseMemberFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        codes = [f.cleaned_data.get("credit_code") for f in self.forms if f.cleaned_data]
        if len([c for c in codes if c]) != len({c for c in codes if c}):
            raise ValidationError(_("The same member is listed twice."), code="duplicate_member")

    def members(self) -> list[dict]:
        return [
            {k: f.cleaned_data[k] for k in ("name", "credit_code", "role")}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


MemberFormSet = forms.formset_factory(MemberForm, formset=BaseMemberFormSet, extra=3, max_num=20, validate_max=True)


class ObjectionForm(FormTokenMixin, CaptchaMixin, SubmissionForm):
    """Art. 10: a real-name, written objection to entries of a 公示, with contact details and evidence."""

    real_name = forms.CharField(
        label=_("Your real name"),
        max_length=50,
        help_text=_("Objections are accepted in the objector's real name only."),
    )
    unit = forms.CharField(label=_("Your unit"), max_length=200, required=False)
    phone = PhoneField(label=_("Phone"), help_text=_("A mobile or a landline with its area code."))
    email = forms.EmailField(label=_("Email"), help_text=_("We send the receipt and the outcome here."))
    entries = IdMultipleChoiceField(
        label=_("Which listed center(s) does the objection concern?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    facts_and_reasons = forms.CharField(
        label=_("Facts and reasons"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=5000,
        help_text=_("What you object to and why, as specifically as you can (at most 5000 characters)."),
    )
    evidence = MultipleRuleFileField(
        label=_("Evidence"),
        rule=files.EVIDENCE,
        max_files=files.MAX_EVIDENCE_FILES,
        required=False,
        # format_lazy: put together in the visitor's language when shown (`%` would do it once, at import).
        help_text=format_lazy(
            ngettext_lazy(
                "Up to {count} file: PDF, JPG or PNG, at most 10 MB.",
                "Up to {count} files: PDF, JPG or PNG, at most 10 MB each.",
                "count",
            ),
            count=files.MAX_EVIDENCE_FILES,
        ),
    )
    consent_to_contact = forms.BooleanField(
        label=_("I agree that the department may contact me about this objection to verify it and tell me the outcome.")
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["entries"]
        # Only what the choice shows and the service checks: a whole center page per entry took longer
        # to load than the rest of the query.
        field.queryset = (
            notice.entries.select_related("center")
            .only("notice_id", "sort_order", "proposed_name", "center__title")
            .order_by("sort_order", "pk")
        )
        field.label_from_instance = lambda entry: entry.display_name
        self.add_captcha()
        self.ready()


class StatusLookupForm(PublicForm):
    """A receipt number and its access code; nothing else identifies a submission to the public."""

    receipt_number = forms.CharField(
        label=_("Receipt number"),
        max_length=20,
        help_text=_("For example SB-2025-000045, YY-2025-000123 or BG-2025-000007."),
    )
    access_code = forms.CharField(
        label=_("Access code"),
        max_length=20,
        help_text=_(
            "The code shown once after submitting and sent by email (10 characters; 8 for earlier submissions)."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_receipt_number(self):
        return self.cleaned_data["receipt_number"].strip().upper().replace("—", "-")

    def clean_access_code(self):
        return self.cleaned_data["access_code"].strip().upper().replace(" ", "")


# --- Change reports (Art. 17) ----------------------------------------------------------------------

MAX_CHANGE_DOCUMENTS = 5


class RadioGroup(forms.RadioSelect):
    """Radios whose field "label" is the first option, so the error summary's link lands on the group."""

    def id_for_label(self, id_, index="0"):
        return super(forms.RadioSelect, self).id_for_label(id_, index)


class ChangeReportForm(FormTokenMixin, CaptchaMixin, SubmissionForm):
    """Art. 17: who reports, what changed and when, the new name or lead unit, the documents, and that the
    management unit has agreed."""

    reported_by = forms.ChoiceField(label=_("Who is reporting"), choices=ChangeReporter.choices, widget=RadioGroup)
    reporting_unit = forms.CharField(label=_("Name of the reporting unit"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of change"), choices=ChangeKind.choices, widget=RadioGroup)
    changed_on = forms.DateField(
        label=_("Date of the change"),
        help_text=_("As on the registration or the decision, e.g. 2025-01-31. The report is due within one month."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    description = forms.CharField(label=_("What changed"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}))
    new_name = forms.CharField(
        label=_("New name of the center"),
        max_length=200,
        required=False,
        help_text=_("Required for a change of name."),
    )
    new_lead_unit_name = forms.CharField(
        label=_("New name of the lead unit"),
        max_length=200,
        required=False,
        help_text=_("Only if the lead unit changes (a merger, split or restructuring)."),
    )
    new_lead_unit_credit_code = CreditCodeFormField(
        label=_("New unified social credit code of the lead unit"), required=False
    )
    documents = MultipleRuleFileField(
        label=pgettext_lazy("change report", "Documents"),
        rule=files.EVIDENCE,
        max_files=MAX_CHANGE_DOCUMENTS,
        help_text=_(
            "The management unit's consent and the documents of the change. PDF, JPG or PNG, at most 5 files of 10 MB."
        ),
    )
    management_unit_agreed = forms.BooleanField(label=_("The management unit has agreed to this change (Art. 17)."))
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    phone = PhoneField(label=_("Phone"), help_text=_("A mobile or a landline with its area code."))
    email = forms.EmailField(label=_("Email"), max_length=254, help_text=_("We send the outcome here."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_captcha()
        self.ready()

    def clean_changed_on(self):
        changed_on = self.cleaned_data["changed_on"]
        if changed_on > timezone.localdate():
            raise ValidationError(_("Report a change once it has happened: the date cannot be in the future."))
        return changed_on

    def clean(self):
        data = super().clean()
        if data.get("kind") == ChangeKind.NAME and not (data.get("new_name") or "").strip():
            self.add_error("new_name", _("Enter the new name of the center."))
        return data

    def report_data(self) -> dict:
        """The fields `submissions.services.change_report_create` stores."""
        names = (
            "reported_by",
            "reporting_unit",
            "kind",
            "changed_on",
            "description",
            "new_name",
            "new_lead_unit_name",
            "new_lead_unit_credit_code",
            "management_unit_agreed",
            "contact_name",
            "phone",
            "email",
        )
        return {name: self.cleaned_data[name] for name in names}
