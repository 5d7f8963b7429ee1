"""The lifecycle desk's forms: the shape of the input only; `directory.lifecycle` decides."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminDateInput
from wagtail.documents import get_document_model
from wagtail.documents.widgets import AdminDocumentChooser
from wagtail.models import Locale

from directory import lifecycle
from directory.models import CenterPage, CenterStatus
from home.forms import IdChoiceField


def add_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's `ValidationError` on `form`: beside the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _default_locale_centers():
    return CenterPage.objects.filter(locale=Locale.get_default()).exclude(status=CenterStatus.REVOKED).order_by("title")


class ProposalForm(forms.Form):
    center = IdChoiceField(label=gettext_lazy("Center"), queryset=CenterPage.objects.none())
    cause = forms.ChoiceField(
        label=gettext_lazy("Cause (Art. 15)"),
        choices=[(c.value, c.label) for c in lifecycle.STAFF_CAUSES],
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label=gettext_lazy("Grounds and evidence"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("What happened, when, and where the evidence comes from."),
    )
    evidence_document = IdChoiceField(
        label=gettext_lazy("Evidence document"),
        queryset=None,
        required=False,
        widget=AdminDocumentChooser,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["center"].queryset = _default_locale_centers()
        self.fields["evidence_document"].queryset = get_document_model().objects.all()


class ConfirmForm(forms.Form):
    effective_on = forms.DateField(
        label=gettext_lazy("Effective on"),
        widget=AdminDateInput,
        help_text=gettext_lazy(
            "The revocation date; the ban is counted from it (Art. 16). You can still change it in the draft notice."
        ),
    )


class DismissForm(forms.Form):
    decision_note = forms.CharField(
        label=gettext_lazy("Why is it dismissed?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class FileForm(forms.Form):
    filed_on = forms.DateField(label=gettext_lazy("Filed on"), widget=AdminDateInput)
    note = forms.CharField(
        label=gettext_lazy("What was reorganised"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy("The team, operations or services changed, and the filing document's number."),
    )
