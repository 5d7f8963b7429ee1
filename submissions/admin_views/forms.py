"""Forms of the review desk: a step on one submission, a batch step, the draft 公示 of a round."""

from django import forms
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from home.forms import IdChoiceField
from submissions.admin_views.filters import application_rounds
from submissions.models import Application
from submissions.states import ApplicationState


class TransitionForm(forms.Form):
    """One step on one submission: the named action (only those the user may take now), a note for the
    record and, for objections, the reply the objector reads."""

    action = forms.ChoiceField(label=gettext_lazy("Action"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=gettext_lazy("Note for the record"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Why you take this step. Kept in the history; staff only."),
    )
    reply = forms.CharField(
        label=gettext_lazy("Reply to the submitter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown on the submitter's status page. Required to close an objection."),
    )

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [(t.name, t.label) for t in transitions]
        self.fields["action"].error_messages["required"] = _("Choose an action.")
        self.fields["note"].error_messages["required"] = _("Enter a note saying why.")


class BatchTransitionForm(forms.Form):
    action = forms.ChoiceField(label=gettext_lazy("Action"))
    note = forms.CharField(
        label=gettext_lazy("Note for the record"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("The same note is recorded on every selected application."),
    )

    def __init__(self, *args, transitions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", "---------")] + [(t.name, t.label) for t in transitions]
        self.fields["action"].error_messages["required"] = _("Choose an action.")
        self.fields["note"].error_messages["required"] = _("Enter a note saying why.")


class PublicityDraftForm(forms.Form):
    round = IdChoiceField(label=gettext_lazy("Round"), queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = application_rounds()
        self.fields["round"].queryset = rounds
        counts = dict(
            Application.objects.filter(state=ApplicationState.IN_PUBLICITY)
            .order_by()
            .values_list("notice__translation_key")
            .annotate(n=Count("pk"))
            .values_list("notice__translation_key", "n")
        )
        self.fields["round"].label_from_instance = lambda notice: (
            _("%(title)s (%(count)s approved for publicity)")
            % {
                "title": notice.title,
                "count": counts.get(notice.translation_key, 0),
            }
        )
