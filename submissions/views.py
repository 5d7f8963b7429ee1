"""Public submission views: the application and objection forms (reached from a notice page's `apply/`
and `objection/` routes), the one-time receipt, the status lookup and permission-checked attachments.

Views stay thin: forms check the shape of the input, `submissions.services` enforces the rules and saves.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from wagtail.models import Locale

from directory.models import CenterKind, CenterStatus
from home.public_address import absolute_url
from home.views import rate_limited
from notices import windows
from submissions import files, notifications, receipts, selectors, services
from submissions.conditions import conditions_for
from submissions.forms import ApplicationForm, ChangeReportForm, MemberFormSet, ObjectionForm, StatusLookupForm
from submissions.models import Application, Attachment
from submissions.services import APPLICATION_FILE_ROLES, AlreadyReceived, WindowClosed

logger = logging.getLogger(__name__)

SESSION_RECEIPT = "submissions.receipt"
SESSION_ALLOWED = "submissions.allowed"


def FILES_NOT_SAVED():  # noqa: N802 - a message, translated when shown
    return _("We could not store your files, so nothing has been submitted. Please try again in a few minutes.")


def _rate(setting_name):
    return lambda group, request: getattr(settings, setting_name)


def _language() -> str:
    return translation.get_language() or settings.LANGUAGE_CODE


def _page_context(request, notice, *, heading, **extra) -> dict:
    return {"notice": notice, "heading": heading, **extra}


def _window_facts(notice, state) -> dict:
    if notice.kind == "application":
        return {"opens_at": notice.window_opens_at, "closes_at": notice.window_closes_at, "state": state}
    return {"starts_on": notice.period_starts_on, "ends_on": notice.period_ends_on, "state": state}


def _closed(request, notice, state, *, status: int):
    """The form page when the window is not open: why, and when it opened or will open. A POST gets the
    same page with 403 and a clear message; nothing has been stored."""
    heading = _("Apply") if notice.kind == "application" else _("File an objection")
    context = _page_context(
        request, notice, heading=heading, refused=request.method == "POST", **_window_facts(notice, state)
    )
    return render(request, "submissions/closed.html", context, status=status)


def _remember_receipt(request, notice, receipt: services.Receipt) -> None:
    """Keep the receipt for the receipt page, which shows it once. `notice` is the page the form was sent
    from, in the visitor's language (the submission belongs to the Chinese original)."""
    submission = receipt.submission
    request.session[SESSION_RECEIPT] = {
        "receipt_number": receipt.receipt_number,
        "access_code": receipt.access_code,
        "kind": "application" if isinstance(submission, Application) else "objection",
        "notice_title": notice.title,
        "email": submission.email,
        "bureau": getattr(getattr(submission, "area", None), "bureau_name", ""),
        "duplicate_note": getattr(submission, "duplicate_note", ""),
    }
    _allow(request, submission)


def _already_received(request, notice, submission):
    """One form, one receipt: a second POST of a form that was stored shows the first receipt. If the
    first receipt page has not been shown yet it still holds the access code; otherwise the page shows
    the receipt number and says where the code is (it is never kept in clear)."""
    shown = request.session.get(SESSION_RECEIPT) or {}
    if shown.get("receipt_number") != submission.receipt_number:
        request.session[SESSION_RECEIPT] = {
            "receipt_number": submission.receipt_number,
            "access_code": "",
            "kind": "application" if isinstance(submission, Application) else "objection",
            "notice_title": notice.title,
            "email": submission.email,
        }
    return HttpResponseRedirect(reverse("submissions:receipt"))


def _allow(request, submission) -> None:
    """Let this session download the submission's own files (for the kinds that show them, see
    `submissions.kinds`)."""
    allowed = set(request.session.get(SESSION_ALLOWED, []))
    allowed.add(str(submission.public_id))
    request.session[SESSION_ALLOWED] = sorted(allowed)


# --- Applications -----------------------------------------------------------------------------------


def _draft_link_refused(request, email: str) -> bool:
    """A saved draft mails its private link to the address typed in the form. So that the form cannot
    be used to mail strangers, one address gets at most DRAFT_LINK_RATE links (on top of the per-client
    limit every POST counts against and the CAPTCHA). True when this save must be refused."""
    return is_ratelimited(
        request,
        group="submissions.draft_link",
        key=lambda group, request: email.strip().lower(),
        rate=_rate("DRAFT_LINK_RATE"),
        increment=True,
    )


def _draft_initial(draft: Application) -> tuple[dict, list[dict]]:
    locale = Locale.get_active()

    def localised(obj):
        return (obj.get_translation_or_none(locale) or obj) if obj else None

    initial = {
        name: getattr(draft, name)
        for name in (
            "lead_unit_name",
            "lead_unit_credit_code",
            "unit_type",
            "proposed_name",
            "contact_name",
            "phone",
            "email",
        )
    }
    initial["area"] = localised(draft.area)
    initial["target_industry"] = localised(draft.target_industry)
    initial.update({f"condition_{key}": text for key, text in draft.condition_statements.items()})
    members = [{"name": m.name, "credit_code": m.credit_code, "role": m.role} for m in draft.members.all()]
    return initial, members


@never_cache
@ratelimit(key="ip", rate=_rate("SUBMISSION_RATE"), method="POST", block=False)
def application_form(request, notice):
    """Art. 4–7: the application form of a round, at the application notice's page + `apply/`. Open only
    while the round's window is; a draft may be saved and reopened by its private link."""
    rules_notice = selectors.canonical_notice(notice)
    at = timezone.now()
    token = request.POST.get("draft") or request.GET.get("draft") or ""
    draft = receipts.draft_from_token(token) if token else None
    if token and (draft is None or draft.notice_id != rules_notice.pk):
        return render(
            request, "submissions/draft_missing.html", _page_context(request, notice, heading=_("Apply")), status=404
        )
    state = rules_notice.window_state(at=at)
    if state is not windows.WindowState.APPLICATIONS_OPEN:
        return _closed(request, notice, state, status=403 if request.method == "POST" else 200)
    if request.method == "POST" and getattr(request, "limited", False):
        return rate_limited(request)

    accepted = rules_notice.accepted_kinds
    kind = draft.kind if draft else (request.POST.get("kind") or request.GET.get("kind"))
    if len(accepted) == 1:
        kind = accepted[0]
    if kind not in accepted:
        return render(
            request,
            "submissions/application_kind.html",
            _page_context(
                request,
                notice,
                heading=_("Apply"),
                kinds=[(k, k.label, conditions_for(k)) for k in accepted],
                closes_at=rules_notice.window_closes_at,
                closing_sentence=rules_notice.window_closing_sentence,
            ),
        )

    kept = {
        field: next(a for a in draft.attachments.all() if a.role == role)
        for field, role in APPLICATION_FILE_ROLES.items()
        if draft and any(a.role == role for a in draft.attachments.all())
    }
    initial, member_initial = _draft_initial(draft) if draft else ({}, [])
    for_draft = request.POST.get("action") == "draft"
    form_kwargs = {"kind": kind, "for_draft": for_draft, "kept_files": frozenset(kept)}
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES, **form_kwargs)
        formset = MemberFormSet(request.POST, prefix="members")
        valid = form.is_valid() and formset.is_valid()
        if valid and for_draft and _draft_link_refused(request, form.cleaned_data["email"]):
            form.add_error(
                "email", _("Too many draft links have been sent to this address. Please wait an hour and try again.")
            )
            form._describe_fields()
            valid = False
        if valid:
            data = {**form.cleaned_data, "condition_statements": form.condition_statements()}
            members = formset.members()
            try:
                if for_draft:
                    draft = services.application_save_draft(
                        notice=rules_notice,
                        kind=kind,
                        data=data,
                        members=members,
                        files=form.file_fields(),
                        at=at,
                        language=_language(),
                        draft=draft,
                        form_token=form.cleaned_data["form_token"],
                    )
                    token = receipts.draft_token(draft)
                    notifications.send_draft_link(draft, resume_url=absolute_url(_draft_path(request, token)))
                    return HttpResponseRedirect(_draft_path(request, token, saved=True))
                receipt = services.application_submit(
                    notice=rules_notice,
                    kind=kind,
                    data=data,
                    members=members,
                    files=form.file_fields(),
                    at=at,
                    language=_language(),
                    draft=draft,
                    form_token=form.cleaned_data["form_token"],
                )
            except AlreadyReceived as first:
                if first.submission.receipt_number is None:  # a draft saved by the first POST
                    return HttpResponseRedirect(
                        _draft_path(request, receipts.draft_token(first.submission), saved=True)
                    )
                return _already_received(request, notice, first.submission)
            except WindowClosed as closed:
                return _closed(request, notice, closed.state, status=403)
            except ValidationError as error:
                form.add_error(None, error)
                form._describe_fields()
            except OSError:
                logger.exception("Could not store the files of a submission")
                form.add_error(None, FILES_NOT_SAVED())
            else:
                _remember_receipt(request, notice, receipt)
                return HttpResponseRedirect(reverse("submissions:receipt"))
    else:
        form = ApplicationForm(initial=initial, **form_kwargs)
        formset = MemberFormSet(prefix="members", initial=member_initial)

    context = _page_context(
        request,
        notice,
        heading=_("Apply"),
        form=form,
        formset=formset,
        kind=kind,
        kind_label=CenterKind(kind).label,
        can_change_kind=len(accepted) > 1 and not draft,
        draft=draft,
        draft_token=token if draft else "",
        draft_link=absolute_url(_draft_path(request, token)) if draft else "",
        just_saved=bool(draft) and request.GET.get("saved") == "1",
        kept=kept,
        files_dropped=request.method == "POST" and bool(request.FILES),
        closes_at=rules_notice.window_closes_at,
        closing_sentence=rules_notice.window_closing_sentence,
    )
    return render(request, "submissions/application_form.html", context, status=200)


def _draft_path(request, token: str, *, saved: bool = False) -> str:
    query = {"draft": token, **({"saved": "1"} if saved else {})}
    return f"{request.path}?{urlencode(query)}"


# --- Objections -------------------------------------------------------------------------------------


@never_cache
@ratelimit(key="ip", rate=_rate("SUBMISSION_RATE"), method="POST", block=False)
def objection_form(request, notice):
    """Art. 10: a real-name objection to a 公示, at the publicity notice's page + `objection/`, accepted
    only while the period is open."""
    rules_notice = selectors.canonical_notice(notice)
    at = timezone.now()
    state = rules_notice.window_state(at=at)
    if state is not windows.WindowState.PUBLICITY_OPEN:
        return _closed(request, notice, state, status=403 if request.method == "POST" else 200)
    if request.method == "POST" and getattr(request, "limited", False):
        return rate_limited(request)

    if request.method == "POST":
        form = ObjectionForm(request.POST, request.FILES, notice=rules_notice)
        if form.is_valid():
            try:
                receipt = services.objection_create(
                    notice=rules_notice,
                    data=form.cleaned_data,
                    files=form.cleaned_data["evidence"],
                    at=at,
                    language=_language(),
                    form_token=form.cleaned_data["form_token"],
                )
            except AlreadyReceived as first:
                return _already_received(request, notice, first.submission)
            except WindowClosed as closed:
                return _closed(request, notice, closed.state, status=403)
            except ValidationError as error:
                form.add_error(None, error)
                form._describe_fields()
            except OSError:
                logger.exception("Could not store the files of a submission")
                form.add_error(None, FILES_NOT_SAVED())
            else:
                _remember_receipt(request, notice, receipt)
                return HttpResponseRedirect(reverse("submissions:receipt"))
    else:
        form = ObjectionForm(notice=rules_notice)
    context = _page_context(
        request,
        notice,
        heading=_("File an objection"),
        form=form,
        ends_on=rules_notice.period_ends_on,
        files_dropped=request.method == "POST" and bool(request.FILES),
    )
    return render(request, "submissions/objection_form.html", context)


# --- Change reports (Art. 17) ----------------------------------------------------------------------

SESSION_CHANGE_RECEIPT = "submissions.change_report_receipt"


def _center_context(center, **extra) -> dict:
    return {
        "page": center,
        "center": center,
        "management_unit": center.get_management_unit(),
        **extra,
    }


@never_cache
@ratelimit(key="ip", rate=_rate("SUBMISSION_RATE"), method="POST", block=False)
def change_report_form(request, center):
    """Art. 17: a center or its management unit reports a change of name, merger, split, restructuring or
    suspension, at a center page + `report-change/` (the center page calls this through the Wagtail hook
    "center_change_report_form"). A revoked center has nothing left to report: the form is refused, on
    the server too. After a report is stored the visitor is redirected back to the same address, which
    shows the receipt number and access code once."""
    receipt = request.session.pop(SESSION_CHANGE_RECEIPT, None)
    if request.method == "GET" and receipt and receipt.get("center") == center.translation_key.hex:
        context = _center_context(center, receipt=receipt)
        return render(request, "submissions/change_reports/received.html", context)
    if center.status == CenterStatus.REVOKED:
        status = 403 if request.method == "POST" else 200
        return render(request, "submissions/change_reports/closed.html", _center_context(center), status=status)
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        form = ChangeReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                result = services.change_report_create(
                    center=center,
                    data=form.report_data(),
                    files=form.cleaned_data["documents"],
                    on=timezone.localdate(),
                    language=_language(),
                    form_token=form.cleaned_data["form_token"],
                )
                report, access_code = result.submission, result.access_code
            except AlreadyReceived as first:  # one form, one receipt: show the first one
                report, access_code = first.submission, ""
                if (receipt or {}).get("receipt_number") == report.receipt_number:
                    access_code = receipt["access_code"]  # its page has not been shown yet
            request.session[SESSION_CHANGE_RECEIPT] = {
                "center": center.translation_key.hex,
                "receipt_number": report.receipt_number,
                "access_code": access_code,
                "due_on": report.due_on.isoformat(),
                "overdue": report.is_overdue,
                "email": report.email,
            }
            return HttpResponseRedirect(request.path)
    else:
        form = ChangeReportForm()
    files_dropped = request.method == "POST" and bool(request.FILES)
    context = _center_context(center, form=form, files_dropped=files_dropped)
    return render(request, "submissions/change_reports/form.html", context)


# --- After submitting -------------------------------------------------------------------------------


@never_cache
@require_GET
def receipt(request):
    """The receipt number and access code, shown once: a reload shows only where to find them again."""
    shown = request.session.pop(SESSION_RECEIPT, None)
    return render(request, "submissions/receipt.html", {"receipt": shown})


@never_cache
@ratelimit(key="ip", rate=_rate("STATUS_LOOKUP_RATE"), method="POST", block=False)
def status_lookup(request):
    """A submitter checks a submission by receipt number and access code. Both must match; a wrong code
    and an unknown number give the same answer. Tries are rate limited per address."""
    submission = None
    if request.method == "POST":
        if getattr(request, "limited", False):
            return rate_limited(request)
        form = StatusLookupForm(request.POST)
        if form.is_valid():
            submission = selectors.submission_for_receipt(**form.cleaned_data)
            if submission is None:
                form.add_error(
                    None, _("No submission matches this receipt number and access code. Check both and try again.")
                )
                form._describe_fields()
            else:
                _allow(request, submission)
    else:
        form = StatusLookupForm()
    context = {"form": form, "submission": submission}
    if submission is not None:
        context.update(selectors.status_details(submission))
    return render(request, "submissions/status.html", context)


@never_cache
@require_GET
def attachment_download(request, pk: int):
    """An attachment, only to staff allowed to see its submission or to the submitter who has shown its
    receipt number and access code in this session. Anyone else gets 404, as for a missing file."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("application", "objection", "change_report", "evaluation"), pk=pk
    )
    if not selectors.can_view_attachment(request, attachment, allowed=request.session.get(SESSION_ALLOWED, [])):
        raise Http404
    response = FileResponse(
        files.open_stored(attachment.file.name), as_attachment=True, filename=attachment.original_name
    )
    response["Content-Type"] = attachment.content_type
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
