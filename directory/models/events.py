"""Supply–demand matchmaking events (供需对接会, Art. 18)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from directory.models.centers import CenterPage
from directory.models.querysets import EventPageManager
from directory.models.taxonomies import Area, AreaIndustryNamesMixin, Industry
from home.page_views import PageViewsMixin
from home.routing import ChildRoutesMixin
from home.search import index_text, name_index_text, page_search_fields

# The views of these pages, by Wagtail hook name (home/page_views.py). The directory's own are in
# directory/views.py, registered by directory/wagtail_hooks.py: `(request, page) -> HttpResponse`, and
# `(request, event) -> dict` for an event page's context.
EVENTS_LISTING_HOOK = "events_listing"
EVENTS_CALENDAR_HOOK = "events_calendar"
EVENT_CALENDAR_HOOK = "event_calendar"
EVENT_CONTEXT_HOOK = "event_page_context"
# A registered `(request, event) -> HttpResponse` answers an event page's register/ route (submissions).
EVENT_REGISTRATION_FORM_HOOK = "event_registration_form"
# Registered `(request, event) -> None | (template_name, context)`: what the event page shows from other
# apps (places left and the registration link, from submissions).
EVENT_PAGE_PANELS_HOOK = "event_page_panels"


class EventIndexPage(PageViewsMixin, RoutablePageMixin, ChildRoutesMixin, Page):
    """Supply–demand matchmaking events (供需对接会) at /events/: upcoming (soonest first) or past, by area
    and industry; every event as an iCalendar feed at /events/calendar.ics."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.EventPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("event list")

    def events(self):
        """The live events of this list's language."""
        return EventPage.objects.live().filter(locale_id=self.locale_id)

    @path("")
    def listing(self, request):
        """Upcoming or past events, by area and industry."""
        return self.serve_view(request, EVENTS_LISTING_HOOK)

    @path("calendar.ics/", name="calendar")
    def calendar(self, request):
        """The list's events as one iCalendar file, with the list's filters."""
        return self.serve_view(request, EVENTS_CALENDAR_HOOK)


class EventPage(PageViewsMixin, AreaIndustryNamesMixin, RoutablePageMixin, Page):
    """A supply–demand matchmaking event (Art. 18), organised by one or more centers; listed under
    /events/, on its organisers' pages and on the home page, and downloadable as an .ics file."""

    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.CharField(_("venue"), max_length=200)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="+")
    audience = models.CharField(_("audience"), max_length=200, blank=True)
    registration_deadline = models.DateTimeField(_("registration deadline"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places in all; empty for no limit.")
    )
    online_registration = models.BooleanField(
        _("online registration"),
        default=False,
        help_text=_(
            "People register on this site until the deadline; when the places are taken they join a waiting "
            "list. Registrations are under Event registrations in the admin."
        ),
    )
    how_to_register = models.TextField(_("how to register"), blank=True)
    description = RichTextField(_("description"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("venue"),
        FieldPanel("area"),
        InlinePanel("industry_links", heading=_("Industries"), label=_("industry")),
        InlinePanel("organisers", heading=_("Organising centers"), label=_("organiser")),
        FieldPanel("audience"),
        FieldRowPanel([FieldPanel("registration_deadline"), FieldPanel("capacity")]),
        FieldPanel("online_registration"),
        FieldPanel("how_to_register"),
        FieldPanel("description"),
    ]
    search_fields = page_search_fields(
        Page.search_fields,
        index.FilterField("starts_at"),
        index.FilterField("area_id"),
        index.FilterField("locale_id"),
    )
    # Open data (/api/v2/pages/?type=directory.EventPage&fields=*).
    api_fields = [
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("venue"),
        APIField("area_name"),
        APIField("industry_names"),
        APIField("organiser_names"),
        APIField("audience"),
        APIField("registration_deadline"),
        APIField("capacity"),
        APIField("how_to_register"),
        APIField("description"),
    ]
    parent_page_types = ["directory.EventIndexPage"]
    subpage_types = []

    objects = EventPageManager()

    @property
    def organiser_names(self) -> list[str]:
        return [o.center.title for o in self.organisers.all() if o.center_id]

    class Meta:
        verbose_name = _("matchmaking event")
        verbose_name_plural = _("matchmaking events")

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The event cannot end before it starts.")})

    @path("calendar.ics/", name="calendar")
    def calendar(self, request):
        return self.serve_view(request, EVENT_CALENDAR_HOOK)

    @path("register/", name="register")
    def register(self, request):
        """The online registration form (submissions); 404 when none is registered."""
        return self.serve_view(request, EVENT_REGISTRATION_FORM_HOOK)

    def page_panels(self, request) -> list[str]:
        """What other apps show on this page (places left and the registration link), as HTML: each
        function registered for "event_page_panels" returns None or `(template_name, context)`."""
        panels = []
        for fn in hooks.get_hooks(EVENT_PAGE_PANELS_HOOK):
            panel = fn(request, self)
            if panel:
                template_name, context = panel
                panels.append(render_to_string(template_name, {**context, "event": self}, request=request))
        return panels

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.view_context(request, EVENT_CONTEXT_HOOK))
        return context

    def search_text(self) -> str:
        if getattr(self, "_search_text", None) is None:
            self._search_text = self._build_search_text()
        return self._search_text

    def search_summary(self) -> str:
        """The second-weight field: area, venue, industries and organising centers."""
        if getattr(self, "_search_summary", None) is None:
            self._search_summary = " ".join(
                [
                    name_index_text(self.area.name if self.area_id else "", place=True),
                    index_text(
                        self.venue,
                        " ".join(link.industry.name for link in self.industry_links.all() if link.industry_id),
                        " ".join(o.center.title for o in self.organisers.all() if o.center_id),
                    ),
                ]
            )
        return self._search_summary

    def _build_search_text(self) -> str:
        return " ".join([name_index_text(self.title), self.search_summary(), index_text(self.description)])


class EventIndustry(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="industry_links")
    industry = models.ForeignKey(Industry, verbose_name=_("industry"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("industry")]


class EventOrganiser(Orderable):
    event = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="organisers")
    center = models.ForeignKey(
        CenterPage, verbose_name=_("center"), on_delete=models.CASCADE, related_name="event_links"
    )

    panels = [FieldPanel("center")]
