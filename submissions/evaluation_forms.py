"""The public form for a center's evaluation materials (Art. 12–13): the shape of the input only. The
window, the lead unit's code and one set per round are `submissions.services.evaluations`' rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.fields import CreditCodeFormField
from submissions import files
from submissions.forms import CaptchaMixin, FormTokenMixin, MultipleRuleFileField, PhoneField, SubmissionForm

MAX_EVALUATION_FILES = 5
MATERIALS = files.FileRule((files.PDF, files.DOC, files.DOCX), "PDF, DOC, DOCX", 20 * files.MB)


class EvaluationMaterialsForm(FormTokenMixin, CaptchaMixin, SubmissionForm):
    """Art. 13: the center's evaluation materials, as the round's indicator list asks: a summary of the
    year's work and the documents, sent by someone acting for the lead unit."""

    lead_unit_credit_code = CreditCodeFormField(
        label=_("Unified social credit code of the lead unit"),
        help_text=_("The 18-character code of the unit leading this center: it shows you act for the center."),
    )
    work_summary = forms.CharField(
        label=_("Summary of the year's work"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Services provided, enterprises served and results, following the indicator list."),
    )
    materials = MultipleRuleFileField(
        required=False,
        label=_("Evaluation materials"),
        rule=MATERIALS,
        max_files=MAX_EVALUATION_FILES,
        help_text=_(
            "The self-evaluation against the indicator list and its evidence. PDF, DOC or DOCX, at most 5 files of 20 MB."
        ),
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=50)
    phone = PhoneField(label=_("Phone"), help_text=_("A mobile or a landline with its area code."))
    email = forms.EmailField(label=_("Email"), max_length=254, help_text=_("We send the receipt and any request here."))

    def __init__(self, *args, draft_files=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.draft_files = list(draft_files)
        if self.data.get("action") == "draft":  # a draft needs only who it is for and where to send its link
            for name in ("work_summary", "contact_name", "phone"):
                self.fields[name].required = False
        self.add_captcha()
        self.ready()

    def clean(self):
        """Materials are required to submit (a draft may wait for them), unless a saved draft holds some."""
        data = super().clean()
        saving_draft = self.data.get("action") == "draft"
        if not saving_draft and not data.get("materials") and not self.draft_files and "materials" not in self.errors:
            self.add_error("materials", _("Attach the evaluation materials."))
        return data

    def materials_data(self) -> dict:
        """The fields `submissions.services.evaluation_submit` stores."""
        names = ("lead_unit_credit_code", "work_summary", "contact_name", "phone", "email")
        return {name: self.cleaned_data[name] for name in names}
