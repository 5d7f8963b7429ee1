"""The organiser's screens for event registrations (Art. 18): every event taking online registrations
with its counts (confirmed, waiting, cancelled, places left), one event's registrations, their XLSX
export, and a message to every confirmed registrant (sent now and logged). For holders of
`submissions.view_eventregistration` (provincial editors); messaging needs
`submissions.message_registrants`."""

import io

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from openpyxl import Workbook
from openpyxl.styles import Font
from wagtail.admin import messages

from directory.selectors import events_visible_to
from home.admin_views import AdminScreenMixin
from home.roles import PROVINCIAL_EDITOR, user_roles
from home.spreadsheets import safe_row
from submissions import selectors, services
from submissions.models import EventRegistration, RegistrantMessage, RegistrationState

VIEW_PERMISSION = "submissions.view_eventregistration"
MESSAGE_PERMISSION = "submissions.message_registrants"
CONFIRMED, WAITING, CANCELLED = RegistrationState.CONFIRMED, RegistrationState.WAITING, RegistrationState.CANCELLED


def can_see_registrations(user) -> bool:
    return user.is_active and user.has_perm(VIEW_PERMISSION)


def can_message_registrants(user) -> bool:
    return user.is_active and user.has_perm(MESSAGE_PERMISSION)


def visible_events(user):
    """The events whose registrations `user` may see: every event for the province's editors, only their
    centers' events for a center's own staff (Center managers)."""
    return events_visible_to(user, sees_every_event=user.is_superuser or PROVINCIAL_EDITOR in user_roles(user))


def events_with_registration_counts(user):
    """The events `user` may see (default language: registrations are stored against them) that take online
    registrations or hold some, with their counts in one query, the next ones first."""
    return (
        visible_events(user)
        .filter(Q(online_registration=True) | Q(registrations__isnull=False))
        .annotate(
            confirmed=Count("registrations", filter=Q(registrations__state=CONFIRMED), distinct=True),
            places_taken=Coalesce(Sum("registrations__attendees", filter=Q(registrations__state=CONFIRMED)), 0),
            waiting=Count("registrations", filter=Q(registrations__state=WAITING), distinct=True),
            cancelled=Count("registrations", filter=Q(registrations__state=CANCELLED), distinct=True),
        )
        .order_by("-starts_at", "-pk")
    )


class RegistrationScreenMixin(AdminScreenMixin, View):
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_registrations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, status=200, **context):
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context), status=status)


class RegistrationIndexView(RegistrationScreenMixin):
    """Every event taking online registrations, with its counts."""

    template_name = "submissions/registrations/admin/index.html"
    page_title = gettext_lazy("Event registrations")

    def get(self, request):
        events = list(events_with_registration_counts(request.user))
        for event in events:
            event.places_left = None if event.capacity is None else max(0, event.capacity - event.places_taken)
        return self.render(events=events)


class MessageForm(forms.Form):
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(label=gettext_lazy("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)


class EventRegistrationsView(RegistrationScreenMixin):
    """One event's registrations in the order they arrived, its counts, the export and the message form."""

    template_name = "submissions/registrations/admin/event.html"

    def get_page_title(self):
        return _("Registrations: %(event)s") % {"event": self.event.title}

    def dispatch(self, request, pk):
        if not can_see_registrations(request.user):
            raise PermissionDenied
        self.event = get_object_or_404(visible_events(request.user), pk=pk)
        return super().dispatch(request, pk)

    def _render(self, form=None, status=200):
        return self.render(
            status=status,
            event=self.event,
            can_edit_event=self.event.permissions_for_user(self.request.user).can_edit(),
            figures=selectors.registration_figures(self.event),
            registrations=EventRegistration.objects.filter(event__translation_key=self.event.translation_key),
            message_form=form or MessageForm(),
            can_message=can_message_registrants(self.request.user),
            sent_messages=RegistrantMessage.objects.filter(event=self.event).select_related("sent_by")[:20],
        )

    def get(self, request, pk):
        return self._render()

    def post(self, request, pk):
        if not can_message_registrants(request.user):
            raise PermissionDenied
        form = MessageForm(request.POST)
        if not form.is_valid():
            return self._render(form=form, status=400)
        sent = services.registrants_message(
            event=self.event, subject=form.cleaned_data["subject"], body=form.cleaned_data["body"], by=request.user
        )
        text = _("Message sent to %(count)d confirmed registrant(s).") % {"count": sent.recipients}
        if sent.failures:
            messages.warning(
                request, text + " " + _("%(count)d address(es) failed; see the log.") % {"count": sent.failures}
            )
        else:
            messages.success(request, text)
        return HttpResponseRedirect(reverse("submissions_registrations:event", args=[self.event.pk]))


EXPORT_COLUMNS = [
    (gettext_lazy("Receipt number"), lambda r: r.receipt_number),
    (gettext_lazy("State"), lambda r: r.get_state_display()),
    (gettext_lazy("Name"), lambda r: r.contact_name),
    (gettext_lazy("Unit"), lambda r: r.unit),
    (gettext_lazy("Phone"), lambda r: r.phone),
    (gettext_lazy("Email"), lambda r: r.email),
    (gettext_lazy("Attendees"), lambda r: r.attendees),
    (gettext_lazy("Registered at"), lambda r: timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M")),
    (
        gettext_lazy("Cancelled at"),
        lambda r: timezone.localtime(r.cancelled_at).strftime("%Y-%m-%d %H:%M") if r.cancelled_at else "",
    ),
]


def registrations_workbook(event) -> bytes:
    """An XLSX of the event's registrations in the order they arrived, one row each; text that a
    spreadsheet would run as a formula is neutralised (`home.spreadsheets.safe_row`)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Registrations")[:31]
    sheet.append([str(label) for label, _value in EXPORT_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for registration in EventRegistration.objects.filter(event__translation_key=event.translation_key):
        sheet.append(safe_row([value(registration) for _label, value in EXPORT_COLUMNS]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class RegistrationExportView(RegistrationScreenMixin):
    def get(self, request, pk):
        event = get_object_or_404(visible_events(request.user), pk=pk)
        response = HttpResponse(
            registrations_workbook(event),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="registrations-{event.slug}.xlsx"'
        response["Cache-Control"] = "private, no-store"
        return response


urlpatterns = [
    path("", RegistrationIndexView.as_view(), name="index"),
    path("<int:pk>/", EventRegistrationsView.as_view(), name="event"),
    path("<int:pk>/export.xlsx", RegistrationExportView.as_view(), name="export"),
]
