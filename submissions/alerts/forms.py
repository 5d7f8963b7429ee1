"""The subscribe form (email and choices) and the form that changes choices from a link."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from directory.models import Area, Industry
from directory.selectors import taxonomy_choices
from submissions.alerts.models import AlertFrequency, AlertKind
from submissions.forms import CaptchaMixin, SubmissionForm


def _choices(model) -> list[tuple[str, str]]:
    """(slug, name) in the visitor's language, or the default language's where that has none."""
    try:
        choices = taxonomy_choices(model, Locale.get_active())
    except Locale.DoesNotExist:
        choices = []
    return choices or taxonomy_choices(model, Locale.get_default())


class ChoicesForm(SubmissionForm):
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of notice"),
        choices=AlertKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive every kind."),
    )
    areas = forms.MultipleChoiceField(
        label=_("Areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none for every area. Notices for the whole province reach every area."),
    )
    industries = forms.MultipleChoiceField(
        label=_("Industries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none for every industry."),
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=AlertFrequency.choices,
        initial=AlertFrequency.IMMEDIATE,
        widget=forms.RadioSelect,
        help_text=_("Reminders before an application window closes come on their day either way."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = _choices(Area)
        self.fields["industries"].choices = _choices(Industry)
        if type(self) is ChoicesForm:
            self.ready()

    def choices(self) -> dict:
        data = self.cleaned_data
        return {
            "kinds": sorted(data["kinds"]),
            "areas": sorted(data["areas"]),
            "industries": sorted(data["industries"]),
            "frequency": data["frequency"],
        }


class SubscribeForm(CaptchaMixin, ChoicesForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We send a link to confirm it first; nothing else is sent until you confirm."),
    )

    field_order = ["email", "kinds", "areas", "industries", "frequency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_captcha()
        self.order_fields(self.field_order)
        self.ready()

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


def initial_from_query(query) -> dict:
    """Choices pre-filled from the notices listing's filters (?type=, ?area= or ?region=, ?industry=)."""
    initial = {}
    if query.get("type") in AlertKind.values:
        initial["kinds"] = [query["type"]]
    if area := query.get("area") or query.get("region"):
        initial["areas"] = [area]
    if industry := query.get("industry"):
        initial["industries"] = [industry]
    return initial


LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
