"""The public side of the evaluation (Art. 12–13): a center submits its materials at its page +
`evaluation/` (the center page calls `evaluation_form` through the Wagtail hook
"center_evaluation_form", as it does for change reports). Views stay thin: the form checks the shape,
`submissions.services.evaluation_submit` the rules."""

import logging

from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_ratelimit.decorators import ratelimit
from wagtail.models import Locale

from home.views import rate_limited
from submissions import notifications, services
from submissions.evaluation_forms import EvaluationMaterialsForm
from submissions.services import AlreadyReceived, WindowClosed
from submissions.services.evaluations import (
    ensure_center_evaluated,
    evaluation_draft_from_token,
    evaluation_draft_token,
)
from submissions.states import EvaluationState
from submissions.views import (
    FILES_NOT_SAVED,
    SESSION_RECEIPT,
    _allow,
    _center_context,
    _draft_link_refused,
    _draft_path,
    _language,
    _rate,
)

logger = logging.getLogger(__name__)


def _remember(request, submission, access_code: str) -> None:
    request.session[SESSION_RECEIPT] = {
        "receipt_number": submission.receipt_number,
        "access_code": access_code,
        "kind": "evaluation",
        "notice_title": (submission.notice.get_translation_or_none(Locale.get_active()) or submission.notice).title,
        "email": submission.email,
        "bureau": "",
        "duplicate_note": "",
    }
    _allow(request, submission)


def _closed(request, center, *, reason: str, status: int):
    context = _center_context(center, reason=reason, refused=request.method == "POST")
    return render(request, "submissions/evaluation/closed.html", context, status=status)


@never_cache
@ratelimit(key="ip", rate=_rate("SUBMISSION_RATE"), method="POST", block=False)
def evaluation_form(request, center):
    """Art. 12–13: the evaluation materials of `center` for the round whose window is open now. Without
    an open round, or for a revoked center, the page says why and a POST is refused (403), nothing stored."""
    at = timezone.now()
    notice = services.evaluation_round_open(at=at)
    if notice is None:
        reason = _("No evaluation round is accepting materials now. The evaluation notice gives the window.")
        return _closed(request, center, reason=reason, status=403 if request.method == "POST" else 200)
    try:
        ensure_center_evaluated(center)
    except ValidationError as refusal:
        return _closed(
            request, center, reason=" ".join(refusal.messages), status=403 if request.method == "POST" else 200
        )
    token = request.POST.get("draft") or request.GET.get("draft") or ""
    draft = evaluation_draft_from_token(token, center=center) if token else None
    if token and draft is None:
        return _closed(
            request, center, reason=_("This draft link is not valid, or the draft was submitted."), status=404
        )
    draft_files = list(draft.attachments.all()) if draft else []
    for_draft = request.POST.get("action") == "draft"
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        form = EvaluationMaterialsForm(request.POST, request.FILES, draft_files=draft_files)
        valid = form.is_valid()
        if valid and for_draft and _draft_link_refused(request, form.cleaned_data["email"]):
            form.add_error(
                "email", _("Too many draft links have been sent to this address. Please wait an hour and try again.")
            )
            form._describe_fields()
            valid = False
        if valid:
            arguments = {
                "notice": notice,
                "center": center,
                "data": form.materials_data(),
                "files": form.cleaned_data["materials"],
                "at": at,
                "language": _language(),
                "draft": draft,
                "form_token": form.cleaned_data["form_token"],
            }
            try:
                if for_draft:
                    draft = services.evaluation_save_draft(**arguments)
                    path = _draft_path(request, evaluation_draft_token(draft))
                    notifications.send_evaluation_draft_link(draft, resume_url=request.build_absolute_uri(path))
                    return HttpResponseRedirect(path + "&saved=1")
                receipt = services.evaluation_submit(**arguments)
            except AlreadyReceived as first:
                if first.submission.state == EvaluationState.DRAFT:
                    return HttpResponseRedirect(
                        _draft_path(request, evaluation_draft_token(first.submission)) + "&saved=1"
                    )
                _remember(request, first.submission, "")
                return HttpResponseRedirect(reverse("submissions:receipt"))
            except WindowClosed:
                reason = _("The window for materials has closed. Nothing has been stored.")
                return _closed(request, center, reason=reason, status=403)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
                form._describe_fields()
            except OSError:
                logger.exception("Could not store the files of a submission")
                form.add_error(None, FILES_NOT_SAVED())
            else:
                _remember(request, receipt.submission, receipt.access_code)
                return HttpResponseRedirect(reverse("submissions:receipt"))
    else:
        initial = {}
        if draft is not None:
            names = ("lead_unit_credit_code", "work_summary", "contact_name", "phone", "email")
            initial = {name: getattr(draft, name) for name in names}
        form = EvaluationMaterialsForm(initial=initial, draft_files=draft_files)
    context = _center_context(
        center,
        form=form,
        notice=notice,
        draft=draft,
        draft_token=token if draft else "",
        draft_files=draft_files,
        just_saved=bool(draft) and request.GET.get("saved") == "1",
        files_dropped=request.method == "POST" and bool(request.FILES),
    )
    return render(request, "submissions/evaluation/form.html", context)
