"""The public registration form for a matchmaking event: the shape of the input only. Whether
registration is open and whether there is a place is decided by `submissions.services.registrations`."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from submissions.forms import CaptchaMixin, FormTokenMixin, PhoneField, SubmissionForm
from submissions.registrations.models import MAX_ATTENDEES


class RegistrationForm(FormTokenMixin, CaptchaMixin, SubmissionForm):
    """Who registers (name, unit, phone, email) and how many people will come."""

    contact_name = forms.CharField(
        label=_("Your name"), max_length=50, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    unit = forms.CharField(
        label=_("Your unit"),
        max_length=200,
        help_text=_("The enterprise or organisation you come from."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    phone = PhoneField(label=_("Phone"), help_text=_("A mobile or a landline with its area code."))
    email = forms.EmailField(
        label=_("Email"), help_text=_("We send the confirmation, the calendar file and the cancel link here.")
    )
    attendees = forms.IntegerField(
        label=_("Number of attendees"),
        min_value=1,
        max_value=MAX_ATTENDEES,
        initial=1,
        # format_lazy: put together in the visitor's language when shown (`%` would do it once, at import).
        help_text=format_lazy(
            ngettext_lazy("Including you; at most {max} person.", "Including you; at most {max} people.", "max"),
            max=MAX_ATTENDEES,
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.setdefault("autocomplete", "email")
        self.add_captcha()
        self.ready()
