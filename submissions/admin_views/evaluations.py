"""The evaluation desk (Art. 11–14): a round's dashboard (what is due from a management unit's centers;
the province's progress per area and the bulletin action), and one center's materials with the initial
evaluation, the return for missing materials, the experts and the re-check. Who may do what is
`submissions.evaluation_review`; these views decide nothing themselves."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages
from wagtail.models import Locale

from directory.models import Rating
from home.admin_views import AdminScreenMixin
from home.roles import EXPERT_REVIEWERS
from notices.models import EvaluationRoundNotice
from submissions import evaluation_review as rules
from submissions.services.evaluations import latest_evaluation_round
from submissions.states import EvaluationState

INDEX_URL_NAME = "submissions_evaluations:index"


class InitialEvaluationForm(forms.Form):
    grade = forms.ChoiceField(label=gettext_lazy("Proposed grade"), choices=Rating.choices)
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea(attrs={"rows": 3}))


class SendBackForm(forms.Form):
    missing = forms.CharField(
        label=gettext_lazy("Missing materials (sent to the center)"), widget=forms.Textarea(attrs={"rows": 3})
    )


class RecheckForm(forms.Form):
    grade = forms.ChoiceField(label=gettext_lazy("Confirmed grade"), choices=Rating.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when the grade differs from the proposed one."),
    )


class AssignExpertsForm(forms.Form):
    experts = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Experts"),
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["experts"].queryset = (
            get_user_model().objects.filter(is_active=True, groups__name=EXPERT_REVIEWERS).order_by("username")
        )


def _add_errors(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


class EvaluationDeskMixin(AdminScreenMixin, View):
    header_icon = "list-ol"

    def dispatch(self, request, *args, **kwargs):
        if not rules.can_use_evaluation_desk(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, status=200, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context), status=status)


class EvaluationIndexView(EvaluationDeskMixin):
    """A round's dashboard: the materials the user may read; for a management unit, every center due
    from it and who has not submitted; for the province, progress per area and the bulletin action."""

    template_name = "submissions/evaluation/admin/index.html"
    page_title = gettext_lazy("Yearly evaluation")

    def get(self, request):
        rounds = list(
            EvaluationRoundNotice.objects.live().filter(locale=Locale.get_default()).order_by("-evaluation_year", "-pk")
        )
        notice = next((r for r in rounds if str(r.pk) == request.GET.get("round")), None) or latest_evaluation_round()
        if notice is None:
            return self.render(rounds=rounds, notice=None)
        submissions = (
            rules.evaluations_visible_to(request.user)
            .filter(notice=notice)
            .select_related("center", "center__area")
            .order_by("center__area__sort_order", "center__name_sort_key", "-submitted_at")
        )
        due = rules.due_from_centers_of(request.user, notice)
        province = rules.can_recheck(request.user)
        return self.render(
            rounds=rounds,
            notice=notice,
            submissions=submissions,
            due=due,
            not_submitted=[row for row in due if row["submission"] is None],
            window_open=notice.window_closes_at > timezone.now(),
            province=province,
            progress=rules.progress_by_area(notice) if province else [],
            confirmed=rules.confirmed_grades(notice).count() if province else 0,
        )


class EvaluationBulletinView(EvaluationDeskMixin):
    """Art. 14: the province drafts the round's bulletin from the confirmed grades (POST only)."""

    def post(self, request, pk):
        notice = get_object_or_404(EvaluationRoundNotice, pk=pk)
        try:
            bulletin = rules.evaluation_bulletin_from_round(notice=notice, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse(INDEX_URL_NAME) + f"?round={notice.pk}")
        messages.success(
            request,
            _("Draft evaluation bulletin “%(title)s” created with %(count)s grades. Review and publish it.")
            % {"title": bulletin.title, "count": bulletin.ratings.count()},
        )
        return HttpResponseRedirect(reverse("wagtailadmin_pages:edit", args=[bulletin.pk]))


class EvaluationDetailView(EvaluationDeskMixin):
    """One center's materials for a round, its history and the step the user may take."""

    template_name = "submissions/evaluation/admin/detail.html"

    def get_page_title(self):
        return _("Evaluation materials %(number)s") % {"number": self.submission.receipt_number}

    def dispatch(self, request, pk):
        if not rules.can_use_evaluation_desk(request.user):
            raise PermissionDenied
        self.submission = (
            rules.evaluations_visible_to(request.user)
            .select_related("center", "center__area", "notice", "initially_evaluated_by", "rechecked_by")
            .filter(pk=pk)
            .first()
        )
        if self.submission is None:
            raise Http404
        return super().dispatch(request, pk)

    def _render(self, status=200, **forms_given):
        s = self.submission
        user = self.request.user
        can_initial = rules.can_initially_evaluate(user, s) and s.state == EvaluationState.SUBMITTED
        can_recheck = rules.can_recheck(user) and s.state in (
            EvaluationState.INITIALLY_EVALUATED,
            EvaluationState.RECHECKED,
        )
        return self.render(
            status=status,
            submission=s,
            documents=list(s.attachments.all()),
            history=[
                {
                    "at": step.at,
                    "label": rules.EVALUATION_STEP_LABELS.get(step.action, step.action),
                    "state": EvaluationState(step.to_state).label if step.to_state in EvaluationState.values else "",
                    "actor": step.actor,
                    "note": step.note,
                }
                for step in s.history.select_related("actor")
            ],
            experts=list(s.assigned_experts.all()),
            can_initial=can_initial,
            can_recheck=can_recheck,
            can_assign=rules.can_recheck(user),
            initial_form=forms_given.get("initial") or InitialEvaluationForm(),
            send_back_form=forms_given.get("send_back") or SendBackForm(),
            recheck_form=forms_given.get("recheck")
            or RecheckForm(initial={"grade": s.final_grade or s.proposed_grade}),
            assign_form=forms_given.get("assign")
            or AssignExpertsForm(initial={"experts": [e.pk for e in s.assigned_experts.all()]}),
            index_url=reverse(INDEX_URL_NAME) + f"?round={s.notice_id}",
        )

    def get(self, request, pk):
        return self._render()

    STEPS = {
        "initial": (
            InitialEvaluationForm,
            "initial",
            lambda s, d, u: rules.evaluation_initial_evaluate(submission=s, by=u, **d),
            gettext_lazy("Initial evaluation recorded and reported to the province."),
        ),
        "send_back": (
            SendBackForm,
            "send_back",
            lambda s, d, u: rules.evaluation_send_back(submission=s, by=u, **d),
            gettext_lazy("Materials returned to the center."),
        ),
        "recheck": (
            RecheckForm,
            "recheck",
            lambda s, d, u: rules.evaluation_recheck(submission=s, by=u, **d),
            gettext_lazy("Re-check recorded."),
        ),
        "assign": (
            AssignExpertsForm,
            "assign",
            lambda s, d, u: rules.evaluation_assign_experts(submission=s, by=u, **d),
            gettext_lazy("Experts assigned."),
        ),
    }

    def post(self, request, pk):
        step = self.STEPS.get(request.POST.get("action"))
        if step is None:
            return self._render(status=400)
        form_class, key, take, done = step
        form = form_class(request.POST)
        if form.is_valid():
            try:
                take(self.submission, form.cleaned_data, request.user)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, str(done))
                return HttpResponseRedirect(request.path)
        return self._render(status=400, **{key: form})
