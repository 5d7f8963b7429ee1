"""Settings → Holiday calendar: staff enter a year's official holiday schedule when the State Council
publishes it (usually in November for the next year). The index says, for this year and the next,
whether working days are counted from a staff entry, from the built-in calendar, or cannot be counted."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from notices import working_days as official_calendar
from notices.models import HolidaySchedule


class HolidayScheduleForm(WagtailAdminModelForm):
    """Every day entered belongs to the schedule's year: each day is counted by its own year's schedule."""

    def clean(self):
        cleaned_data = super().clean()
        year = cleaned_data.get("year")
        formset = self.formsets.get("days")
        if not year or formset is None or not formset.is_valid():
            return cleaned_data
        for form in formset.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            for name in ("first_day", "last_day"):
                day = form.cleaned_data.get(name)
                if day and day.year != year:
                    form.add_error(
                        name,
                        forms.ValidationError(
                            _("%(day)s is not in %(year)s: enter it in the %(other)s schedule.")
                            % {"day": day.isoformat(), "year": year, "other": day.year}
                        ),
                    )
        return cleaned_data


def calendar_coverage(years) -> list[dict]:
    """For each year: where its working days come from ("staff", "built-in") or "missing"."""
    staff_years = set(HolidaySchedule.objects.filter(year__in=list(years)).values_list("year", flat=True))
    calendar = official_calendar.OfficialCalendar()
    rows = []
    for year in years:
        if year in staff_years:
            source = "staff"
        elif calendar.is_covered(year):
            source = "built-in"
        else:
            source = "missing"
        rows.append({"year": year, "source": source})
    return rows


class HolidayCalendarIndexView(IndexView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        this_year = timezone.localdate().year
        context["calendar_coverage"] = calendar_coverage([this_year, this_year + 1])
        return context


class HolidayScheduleViewSet(SnippetViewSet):
    """The official holiday schedules staff have entered, one per year."""

    model = HolidaySchedule
    icon = "date"
    menu_label = gettext_lazy("Holiday calendar")
    menu_name = "holiday-calendar"
    add_to_settings_menu = True
    list_display = ["year", "source"]
    ordering = ["-year"]
    index_view_class = HolidayCalendarIndexView
    index_template_name = "notices/admin/holiday_calendar_index.html"
    edit_handler = ObjectList(HolidaySchedule.panels, base_form_class=HolidayScheduleForm)
