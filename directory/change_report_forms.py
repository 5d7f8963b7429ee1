"""The public change-report form (Art. 17): the shape of the input only. The due date, the receipt and
what a confirmed change does to the center page are decided in `directory.lifecycle`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import ChangeKind, ChangeReporter
from submissions import files
from submissions.forms import CaptchaMixin, CreditCodeField, MultipleRuleFileField, PhoneField, SubmissionForm

MAX_DOCUMENTS = 5


class RadioGroup(forms.RadioSelect):
    """Radios whose field "label" is the first option, so the error summary's link lands on the group."""

    def id_for_label(self, id_, index="0"):
        return super(forms.RadioSelect, self).id_for_label(id_, index)


class ChangeReportForm(CaptchaMixin, SubmissionForm):
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
    new_lead_unit_credit_code = CreditCodeField(
        label=_("New unified social credit code of the lead unit"), required=False
    )
    documents = MultipleRuleFileField(
        label=_("Documents"),
        rule=files.EVIDENCE,
        max_files=MAX_DOCUMENTS,
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
        """The fields `directory.lifecycle.change_report_create` stores."""
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
