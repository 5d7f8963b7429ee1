"""The review desk's rules: who sees which submission, who may move it where, and the moves themselves.

Row-level access (Art. 7–10): provincial editors see every submitted application and objection; a
city-bureau reviewer sees only the applications from the areas they are tied to (`ReviewerArea`); an
objection handler sees objections; an expert reads the applications assigned to them and nothing else.
Nobody else sees a submission or its files. Drafts are the applicant's own and invisible to staff.

Each rule is a function here, with its queryset filter beside the Python check; the admin views, the
dashboard panels and the public side's attachment view all call these and decide nothing themselves.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, OuterRef, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Locale
from wagtail.permission_policies.base import BasePermissionPolicy

from directory.lifecycle import active_ban_for
from directory.models import ReviewerArea
from home.roles import (
    CITY_REVIEWER,
    CITY_REVIEWERS,
    EXPERT,
    EXPERT_REVIEWERS,
    OBJECTION_HANDLER,
    OBJECTION_HANDLERS,
    PROVINCIAL_EDITOR,
    PROVINCIAL_EDITORS,
    user_roles,
)
from notices import drafting, windows
from notices import working_days as official_calendar
from notices.models import ApplicationNotice, PublicityNotice
from submissions.evaluation_review import can_view_evaluation
from submissions.models import Application, Attachment, Objection, StatusChange
from submissions.notifications import send_status_changed
from submissions.states import (
    APPLICATION_TRANSITIONS,
    FINAL_OBJECTION_STATES,
    OBJECTION_TRANSITIONS,
    ApplicationState,
    ObjectionState,
    Transition,
    find_transition,
    transitions_from,
)

TRANSITION_LOG_ACTION = "submissions.transition"

# --- Who sees what (Art. 7–10) ---------------------------------------------------------------------


def applications_visible_to(user) -> QuerySet[Application]:
    """Art. 7–9: the applications `user` may read. Submitted applications only (drafts belong to the
    applicant). Provincial editors: all (the province organises the review, Art. 9). City-bureau
    reviewers: those whose area is one of theirs, matched across the area's translations (the city bureau
    receives and pre-reviews its own area's applications, Art. 7–8). Experts: those assigned to them
    (Art. 9). Everyone else: none. A user with several roles sees the union."""
    roles = user_roles(user)
    submitted = Application.objects.exclude(state=ApplicationState.DRAFT)
    if PROVINCIAL_EDITOR in roles:
        return submitted
    scope = Q(pk__in=[])
    if CITY_REVIEWER in roles:
        their_areas = ReviewerArea.objects.filter(user=user).values("area__translation_key")
        scope |= Q(area__translation_key__in=their_areas)
    if EXPERT in roles:
        assigned = Application.assigned_experts.through.objects.filter(user=user).values("application_id")
        scope |= Q(pk__in=assigned)
    if scope == Q(pk__in=[]):
        return Application.objects.none()
    return submitted.filter(scope)


def can_view_application(user, application: Application) -> bool:
    """The Python check for `applications_visible_to`: one query, the same rule."""
    if not user_roles(user) or application.pk is None:
        return False
    return applications_visible_to(user).filter(pk=application.pk).exists()


def objections_visible_to(user) -> QuerySet[Objection]:
    """Art. 10: objections are read by objection handlers and provincial editors, nobody else (they
    carry the objector's real name and contact details)."""
    if user_roles(user) & {PROVINCIAL_EDITOR, OBJECTION_HANDLER}:
        return Objection.objects.all()
    return Objection.objects.none()


def can_view_objection(user, objection: Objection) -> bool:
    """The Python check for `objections_visible_to` (no query needed: the rule does not depend on the row)."""
    return bool(user_roles(user) & {PROVINCIAL_EDITOR, OBJECTION_HANDLER}) and objection.pk is not None


def can_view_submission(user, submission: Application | Objection) -> bool:
    if isinstance(submission, Application):
        return can_view_application(user, submission)
    return can_view_objection(user, submission)


def can_view_attachment(user, attachment: Attachment) -> bool:
    """Staff side of the attachment download: a member of staff may download a file exactly when they may
    read the submission it belongs to. The submitter's own access (receipt number + access code) is
    checked by the public view, which calls this first for logged-in staff."""
    if attachment.application_id:
        return can_view_application(user, attachment.application)
    if attachment.objection_id:
        return can_view_objection(user, attachment.objection)
    if attachment.change_report_id:
        return can_decide_change_reports(user)
    if attachment.evaluation_id:
        return can_view_evaluation(user, attachment.evaluation)
    return False


def can_decide_change_reports(user) -> bool:
    """Art. 17: change reports, their documents and their decision are for holders of
    `submissions.decide_changereport` (the provincial department)."""
    return bool(getattr(user, "is_active", False)) and user.has_perm("submissions.decide_changereport")


def can_view_unmasked_phone(user) -> bool:
    """Phone numbers are personal data: shown in full only to holders of the explicit permission."""
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("submissions.view_unmasked_phone")


def mask_phone(phone: str) -> str:
    """Keep the first three and last four characters of a phone number (138****5678), enough to tell two
    numbers apart; shorter numbers keep only their last two."""
    phone = (phone or "").strip()
    if len(phone) >= 9:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 2:
        return "*" * (len(phone) - 2) + phone[-2:]
    return "*" * len(phone)


def phone_for(user, phone: str) -> str:
    return phone if can_view_unmasked_phone(user) else mask_phone(phone)


class SubmissionPermissionPolicy(BasePermissionPolicy):
    """Wagtail's permission policy for the desks, backed by the rules above. The actions are "view",
    "transition" and "export"; staff never add, edit or delete a submission through the admin (the
    public submits, the service moves), so "add", "change" and "delete" are refused to everyone."""

    ROLES_BY_MODEL = {
        Application: {
            "view": {PROVINCIAL_EDITOR, CITY_REVIEWER, EXPERT},
            "export": {PROVINCIAL_EDITOR, CITY_REVIEWER, EXPERT},
            "transition": {PROVINCIAL_EDITOR, CITY_REVIEWER},
        },
        Objection: {
            "view": {PROVINCIAL_EDITOR, OBJECTION_HANDLER},
            "export": {PROVINCIAL_EDITOR, OBJECTION_HANDLER},
            "transition": {OBJECTION_HANDLER},
        },
    }
    GROUPS_BY_ROLE = {
        PROVINCIAL_EDITOR: PROVINCIAL_EDITORS,
        CITY_REVIEWER: CITY_REVIEWERS,
        OBJECTION_HANDLER: OBJECTION_HANDLERS,
        EXPERT: EXPERT_REVIEWERS,
    }

    def _roles_for(self, action) -> set[str]:
        return self.ROLES_BY_MODEL[self.model].get(action, set())

    def user_has_permission(self, user, action):
        return bool(user_roles(user) & self._roles_for(action))

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "transition":
            return bool(available_transitions(user, instance))
        if action in ("view", "export"):
            return self.user_has_permission(user, action) and can_view_submission(user, instance)
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return self.model.objects.none()
        if self.model is Application:
            return applications_visible_to(user)
        return objections_visible_to(user)

    def users_with_any_permission(self, actions):
        roles = set().union(*(self._roles_for(action) for action in actions))
        groups = [self.GROUPS_BY_ROLE[role] for role in roles]
        User = get_user_model()
        return User.objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(groups__name__in=groups)).distinct()


# --- Moving a submission (Art. 8–10) ---------------------------------------------------------------


class TransitionRefused(Exception):
    """The service would not take the step; `message` says why in the actor's language and `field` names
    the form field to show it beside (None for the whole form)."""

    def __init__(self, message, *, field: str | None = None):
        self.message = str(message)
        self.field = field
        super().__init__(self.message)


def transitions_for(submission) -> tuple[Transition, ...]:
    return APPLICATION_TRANSITIONS if isinstance(submission, Application) else OBJECTION_TRANSITIONS


def available_transitions(user, submission) -> list[Transition]:
    """The named actions `user` may take on `submission` now: those leaving its current state whose role
    the user holds, on a submission they may see. Experts hold no transition role: they only read."""
    roles = user_roles(user)
    candidates = [t for t in transitions_from(transitions_for(submission), submission.state) if t.role in roles]
    if not candidates or not can_view_submission(user, submission):
        return []
    return candidates


def reply_required(transition: Transition) -> bool:
    """Art. 10: an objection is closed with a written reply that the objector reads on the status page."""
    return transition in OBJECTION_TRANSITIONS and transition.target in FINAL_OBJECTION_STATES


# Art. 16: "各地…不得再次推荐该申报主体": the steps that recommend or select a lead unit. Refusing,
# failing or rejecting an application stays possible whatever the ban.
BAN_CHECKED_ACTIONS = frozenset({"pass_preliminary", "start_expert_review", "propose_for_publicity", "approve"})


def ban_refusal(application: Application, action: str, *, on: dt.date) -> str | None:
    """Art. 16: a lead unit whose center was revoked may not be recommended again for two years (cause (1))
    or three (causes (2)–(3)). Checked when the unit applies (`submissions.services.ensure_not_banned`) and
    again at every later step that carries the application forward: the city bureau's recommendation
    (Art. 8), expert review (Art. 9) and approval (Art. 10), so a revocation recorded after the unit
    applied still stops it. The ban itself is `directory.lifecycle.active_ban_for`; this returns the
    refusal's words (citing the article and the first day the unit may be recommended again) or None."""
    if action not in BAN_CHECKED_ACTIONS:
        return None
    ban = active_ban_for(application.lead_unit_credit_code, on=on)
    if ban is None:
        return None
    return _(
        "Art. 16: %(unit)s may not be recommended before %(date)s: its center “%(center)s” was revoked on "
        "%(revoked)s (%(cause)s). The application cannot move on until then; it may be failed or rejected."
    ) % {
        "unit": application.lead_unit_name,
        "date": formats.date_format(ban.ends_on, "Y-m-d"),
        "center": ban.center_name,
        "revoked": formats.date_format(ban.revoked_on, "Y-m-d"),
        "cause": ban.cause_label,
    }


def publicity_refusal(application: Application, *, at: dt.datetime) -> str | None:
    """Art. 10: "名单经公示无异议后": an application is approved only after the 公示 that lists it. Refused
    (the reason returned) while the application is on no published 公示 (`Application.publicity_entry`),
    while that 公示's period has not ended (`notices.windows.publicity_has_ended`), while an objection
    against its entry has no outcome yet, or when one was upheld: then it is "not approved after
    publicity", which records the objection (`upheld_objections_note`)."""
    entry = application.publicity_entry
    if entry is None:
        return _(
            "Art. 10: this application is on no 公示 yet. Draft the 公示 of its round from the desk and publish "
            "it; approval is possible once its period has ended."
        )
    notice = entry.notice
    if notice.first_published_at is None:
        return _("Art. 10: the 公示 “%(title)s” listing this application has not been published.") % {
            "title": notice.title
        }
    if not windows.publicity_has_ended(notice.period_starts_on, notice.period_ends_on, at=at):
        if notice.period_ends_on:
            return _(
                "Art. 10: the 公示 “%(title)s” runs until %(date)s; the application can be approved from the day after."
            ) % {"title": notice.title, "date": formats.date_format(notice.period_ends_on, "Y-m-d")}
        return _("Art. 10: the 公示 “%(title)s” has no end date yet; enter it on the 公示 first.") % {
            "title": notice.title
        }
    objections = list(entry.objections.order_by("submitted_at", "pk"))
    open_ones = [o for o in objections if o.state not in FINAL_OBJECTION_STATES]
    if open_ones:
        return _(
            "Art. 10: objections against this entry have no outcome yet (%(receipts)s); the application can be "
            "approved once each is upheld or dismissed."
        ) % {"receipts": ", ".join(str(o) for o in open_ones)}
    upheld = [o for o in objections if o.state == ObjectionState.UPHELD]
    if upheld:
        return _(
            "Art. 10: an objection against this entry was upheld (%(receipts)s), so the application cannot be "
            "approved; take “Not approved after publicity”."
        ) % {"receipts": ", ".join(str(o) for o in upheld)}
    return None


def upheld_objections_note(application: Application) -> str:
    """The reason recorded with "not approved after publicity" when objections against the application's
    公示 entry were upheld (Art. 10), in the words the history keeps."""
    if application.publicity_entry_id is None:
        return ""
    upheld = application.publicity_entry.objections.filter(state=ObjectionState.UPHELD).order_by("submitted_at")
    if not upheld:
        return ""
    return _("Objection upheld (Art. 10): %(receipts)s.") % {"receipts": ", ".join(str(o) for o in upheld)}


@transaction.atomic
def submission_transition(*, submission, action: str, actor, note: str, reply: str = "") -> StatusChange:
    """Take the named `action` on an application or objection, as `actor`, with a `note` for the record.

    The map in `submissions.states` says which actions leave which state and which role takes each:
    city-bureau preliminary review (Art. 8), provincial expert review and publicity (Art. 9–10), and the
    handling of objections (Art. 10). Refused (TransitionRefused, nothing written) when the action is
    unknown, the actor may not see the submission or does not hold the action's role, the submission is
    no longer in the action's source state (re-read under a row lock, so two reviewers cannot both move
    it), the note is empty, an objection is closed without a reply, the lead unit is banned (Art. 16,
    `ban_refusal`), or an approval comes before its 公示 is settled (Art. 10). Otherwise the state changes, the
    step is recorded (StatusChange and Wagtail's audit log: who, when, from, to, note) and the submitter
    is emailed once the transaction commits. `reply`, when given, replaces the reply the submitter sees.
    """
    transition = find_transition(transitions_for(submission), action)
    if transition is None:
        raise TransitionRefused(_("There is no such action."), field="action")
    model = type(submission)
    current = model.objects.select_for_update().filter(pk=submission.pk).first()
    if current is None or not can_view_submission(actor, current):
        raise TransitionRefused(_("You cannot act on this submission."))
    if transition.role not in user_roles(actor):
        raise TransitionRefused(
            _("Your role may not take the action “%(action)s”.") % {"action": transition.label}, field="action"
        )
    if current.state != transition.source:
        raise TransitionRefused(
            _("“%(action)s” is not possible: the submission is now “%(state)s”.")
            % {"action": transition.label, "state": current.get_state_display()},
            field="action",
        )
    note = (note or "").strip()
    if not note:
        raise TransitionRefused(_("Enter a note saying why."), field="note")
    reply = (reply or "").strip()
    if reply_required(transition) and not (reply or current.reply.strip()):
        raise TransitionRefused(_("Enter the reply the objector will read."), field="reply")
    if isinstance(current, Application):
        refusal = ban_refusal(current, transition.name, on=timezone.localdate())
        if refusal is None and transition.name == "approve":
            refusal = publicity_refusal(current, at=timezone.now())
        if refusal:
            raise TransitionRefused(refusal, field="action")
        if transition.name == "reject_after_publicity":
            reason = upheld_objections_note(current)
            if reason and reason not in note:
                note = f"{note}\n{reason}"

    from_state = current.state
    current.state = transition.target
    if reply:
        current.reply = reply
    current.save(update_fields=["state", "reply", "updated_at"])
    change = StatusChange.objects.create(
        application=current if isinstance(current, Application) else None,
        objection=current if isinstance(current, Objection) else None,
        action=transition.name,
        from_state=from_state,
        to_state=transition.target,
        note=note,
        actor=actor,
    )
    log(
        instance=current,
        action=TRANSITION_LOG_ACTION,
        user=actor,
        data={"action": transition.name, "from": from_state, "to": transition.target, "note": note},
    )
    send_status_changed(current)
    submission.state, submission.reply = current.state, current.reply
    return change


@dataclass
class BatchOutcome:
    moved: list = field(default_factory=list)
    refused: list = field(default_factory=list)  # (application, reason)


def applications_transition_batch(*, applications, action: str, actor, note: str) -> BatchOutcome:
    """Take one action with one note on several applications. Each moves or is refused on its own (the
    same rules as `submission_transition`), so one that another reviewer has already moved does not hold
    up the rest; the outcome lists both."""
    outcome = BatchOutcome()
    if not (note or "").strip():
        raise TransitionRefused(_("Enter a note saying why."), field="note")
    for application in applications:
        try:
            submission_transition(submission=application, action=action, actor=actor, note=note)
        except TransitionRefused as refusal:
            outcome.refused.append((application, refusal.message))
        else:
            outcome.moved.append(application)
    return outcome


# --- The draft 公示 of a round (Art. 10) -----------------------------------------------------------


def applications_for_publicity(*, round_notice) -> QuerySet[Application]:
    """Art. 10: the applications of a round that the province approved after expert review and proposed
    for publicity (state "in publicity"), in any translation of the round's notice."""
    return (
        Application.objects.filter(
            notice__translation_key=round_notice.translation_key, state=ApplicationState.IN_PUBLICITY
        )
        .select_related("area", "target_industry")
        .order_by("area__sort_order", "kind", "lead_unit_name", "pk")
    )


def publicity_draft_create(*, round_notice, actor, working_days: int = 5):
    """Art. 10: draft the 公示 of a round's proposed list, one entry per application approved for
    publicity. `notices.drafting` creates the draft page (never published here: editors review it and
    publish it through the notices workflow); each application is linked to its entry. Refused when no application of the round is approved for
    publicity or there is no notice list."""
    applications = list(applications_for_publicity(round_notice=round_notice))
    if not applications:
        raise TransitionRefused(_("No application of this round has been approved for publicity."), field="round")
    try:
        with transaction.atomic():
            notice = drafting.publicity_draft_create(
                round_notice=round_notice, applications=applications, actor=actor, working_days=working_days
            )
            # The entries come back in the order of the applications: each application keeps its entry, so
            # approval can wait for that entry's period and objections (Art. 10).
            for application, entry in zip(applications, drafting.publicity_entries(notice), strict=True):
                Application.objects.filter(pk=application.pk).update(publicity_entry=entry)
            return notice
    except drafting.NoticeIndexMissing as refusal:
        raise TransitionRefused(refusal.message) from refusal


# --- The dashboard (Art. 6, Art. 10) ---------------------------------------------------------------

ENDING_SOON_WORKING_DAYS = 2


def publicity_ending_soon_last_day(today: dt.date) -> dt.date:
    """The last day of the two-working-day horizon starting today (today counts when it is a working day).
    Where the official calendar does not cover it, weekends alone are skipped and
    `publicity_ending_soon_warning` says so."""
    try:
        return official_calendar.add_working_days(today, ENDING_SOON_WORKING_DAYS)
    except official_calendar.CalendarNotCovered:
        day = official_calendar.weekday_on_or_after(today)
        for _counted in range(ENDING_SOON_WORKING_DAYS - 1):
            day = official_calendar.weekday_on_or_after(day + dt.timedelta(days=1))
        return day


def publicity_ending_soon_warning(today: dt.date) -> str:
    """The words the desk shows when the two-working-day horizon reaches a year the official calendar does
    not cover (which year, where to enter it), else ""."""
    try:
        official_calendar.add_working_days(today, ENDING_SOON_WORKING_DAYS)
    except official_calendar.CalendarNotCovered as gap:
        advice = _("Until then, “ending soon” skips weekends only.")
        return f"{gap.message} {advice}"
    return ""


def is_publicity_ending_soon(notice, *, at: dt.datetime) -> bool:
    """Art. 10: a 公示 still open whose last day falls within two working days from today (Asia/Shanghai),
    so handlers can settle its objections before it closes."""
    today = windows.china_today(at)
    if not notice.period_ends_on or notice.period_starts_on > today:
        return False
    return today <= notice.period_ends_on <= publicity_ending_soon_last_day(today)


def publicity_ending_soon_q(*, at: dt.datetime) -> Q:
    """The queryset filter for `is_publicity_ending_soon`."""
    today = windows.china_today(at)
    return Q(
        period_starts_on__lte=today,
        period_ends_on__gte=today,
        period_ends_on__lte=publicity_ending_soon_last_day(today),
    )


def open_rounds_with_counts(user, *, at: dt.datetime) -> list:
    """Art. 6: live application notices whose window is open, one per round (the default language's
    page), each with `submission_count`: the submitted applications of that round `user` may see."""

    visible = applications_visible_to(user).filter(notice__translation_key=OuterRef("translation_key"))
    counted = visible.order_by().values("notice__translation_key").annotate(n=Count("pk")).values("n")
    return list(
        ApplicationNotice.objects.live()
        .filter(locale=Locale.get_default())
        .filter(windows.application_window_open_q(at=at))
        .annotate(submission_count=counted)
        .order_by("window_closes_at")
    )


def publicity_ending_soon_with_counts(user, *, at: dt.datetime) -> list:
    """Art. 10: the live 公示 ending within two working days, each with `objection_count` (those `user`
    may see; handlers and editors see all)."""

    visible = objections_visible_to(user).filter(notice__translation_key=OuterRef("translation_key"))
    counted = visible.order_by().values("notice__translation_key").annotate(n=Count("pk")).values("n")
    return list(
        PublicityNotice.objects.live()
        .filter(locale=Locale.get_default())
        .filter(publicity_ending_soon_q(at=at))
        .annotate(objection_count=counted)
        .order_by("period_ends_on")
    )


@dataclass(frozen=True)
class Waiting:
    kind: str  # "application" or "objection"
    state: str
    label: str
    count: int


def waiting_on(user) -> list[Waiting]:
    """The submissions waiting for a step only `user`'s roles can take, counted per state, among those the
    user may see: e.g. a city reviewer's received applications from their area (Art. 8), an editor's
    applications that passed preliminary review (Art. 9), a handler's open objections (Art. 10)."""
    roles = user_roles(user)
    result = []
    for kind, transitions, queryset, states in (
        ("application", APPLICATION_TRANSITIONS, applications_visible_to(user), ApplicationState),
        ("objection", OBJECTION_TRANSITIONS, objections_visible_to(user), ObjectionState),
    ):
        waiting_states = [s for s in states.values if any(t.source == s and t.role in roles for t in transitions)]
        if not waiting_states:
            continue
        counts = dict(
            queryset.filter(state__in=waiting_states)
            .order_by()
            .values_list("state")
            .annotate(n=Count("pk"))
            .values_list("state", "n")
        )
        result.extend(Waiting(kind, s, states(s).label, counts.get(s, 0)) for s in waiting_states)
    return result
