"""Writes for what the public submits: applications (Art. 4–9), objections (Art. 10), change reports
(Art. 17) and event registrations (Art. 18), a module per kind.

Each rule of the measures is one function, named for what it decides and citing its article. A
submission is saved in one transaction with its files (`submissions.files.saved_atomically`): if any file
cannot be stored, no row stays and files already written are removed. Errors meant for a person are
`ValidationError`s keyed by the form's field names, so the view shows them beside the field.
"""

from submissions.services.applications import (
    APPLICATION_FILE_ROLES,
    application_save_draft,
    application_submit,
    ban_message,
    ensure_agreement_when_consortium,
    ensure_application_window_open,
    ensure_kind_accepted,
    ensure_lead_unit_not_a_member,
    ensure_not_banned,
    ensure_required_documents,
    existing_center_for,
)
from submissions.services.base import AlreadyReceived, Receipt, WindowClosed
from submissions.services.change_reports import (
    change_report_confirm,
    change_report_create,
    change_report_return,
    change_reports_recount_due,
)
from submissions.services.evaluations import (
    ensure_evaluation_window_open,
    evaluation_round_open,
    evaluation_save_draft,
    evaluation_submit,
)
from submissions.services.objections import (
    earlier_objection_by_same_person,
    ensure_publicity_open,
    objection_create,
    objections_due_for_erasure,
    objections_erase_personal_data,
)
from submissions.services.registrations import (
    CancelRefused,
    RegistrationClosed,
    canonical_event,
    ensure_registration_open,
    registrants_message,
    registration_cancel,
    registration_cancel_token,
    registration_create,
    registration_from_cancel_token,
    registration_gets_a_place,
    registrations_due_for_erasure,
    registrations_erase_personal_data,
    registrations_send_reminders,
    waiting_list_promote,
    waiting_list_refill,
)

__all__ = [
    "CancelRefused",
    "RegistrationClosed",
    "canonical_event",
    "ensure_registration_open",
    "registrants_message",
    "registration_cancel",
    "registration_cancel_token",
    "registration_create",
    "registration_from_cancel_token",
    "registration_gets_a_place",
    "registrations_due_for_erasure",
    "registrations_erase_personal_data",
    "registrations_send_reminders",
    "waiting_list_promote",
    "waiting_list_refill",
    "AlreadyReceived",
    "APPLICATION_FILE_ROLES",
    "Receipt",
    "WindowClosed",
    "application_save_draft",
    "application_submit",
    "ban_message",
    "change_report_confirm",
    "change_report_create",
    "change_report_return",
    "change_reports_recount_due",
    "earlier_objection_by_same_person",
    "ensure_agreement_when_consortium",
    "ensure_application_window_open",
    "ensure_kind_accepted",
    "ensure_lead_unit_not_a_member",
    "ensure_not_banned",
    "ensure_evaluation_window_open",
    "ensure_publicity_open",
    "evaluation_round_open",
    "evaluation_save_draft",
    "evaluation_submit",
    "ensure_required_documents",
    "existing_center_for",
    "objection_create",
    "objections_due_for_erasure",
    "objections_erase_personal_data",
]
