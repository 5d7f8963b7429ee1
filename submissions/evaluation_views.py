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
from submissions import services
from submissions.evaluation_forms import EvaluationMaterialsForm
from submissions.services import AlreadyReceived, WindowClosed
from submissions.services.evaluations import ensure_center_evaluated
from submissions.views import FILES_NOT_SAVED, SESSION_RECEIPT, _allow, _center_context, _language, _rate

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
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        form = EvaluationMaterialsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                receipt = services.evaluation_submit(
                    notice=notice,
                    center=center,
                    data=form.materials_data(),
                    files=form.cleaned_data["materials"],
                    at=at,
                    language=_language(),
                    form_token=form.cleaned_data["form_token"],
                )
            except AlreadyReceived as first:
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
        form = EvaluationMaterialsForm()
    context = _center_context(
        center,
        form=form,
        notice=notice,
        files_dropped=request.method == "POST" and bool(request.FILES),
    )
    return render(request, "submissions/evaluation/form.html", context)
