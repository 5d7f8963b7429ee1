"""The review desk's filters: by state, round, area, kind and flags."""

from django.utils.translation import gettext_lazy
from django_filters import BooleanFilter, ChoiceFilter
from django_filters import ModelChoiceFilter as BaseModelChoiceFilter
from wagtail.admin.filters import WagtailFilterSet
from wagtail.models import Locale

from directory.models import Area, CenterKind
from home.forms import IdChoiceField
from notices.models import ApplicationNotice, PublicityNotice
from submissions.models import Application, Objection
from submissions.states import ApplicationState, ObjectionState

# --- Filters ---------------------------------------------------------------------------------------


class ModelChoiceFilter(BaseModelChoiceFilter):
    """A choice of row whose value is checked to be an id before any query (a 20-digit number is "not a
    valid choice", not an overflow in SQLite)."""

    field_class = IdChoiceField


def _default_locale_areas(request=None):
    return Area.objects.filter(locale=Locale.get_default()).order_by("sort_order", "name")


def application_rounds(request=None):

    return ApplicationNotice.objects.filter(locale=Locale.get_default()).order_by("-round_year", "-pk")


def _publicity_notices(request=None):

    return PublicityNotice.objects.filter(locale=Locale.get_default()).order_by("-period_starts_on", "-pk")


class ApplicationFilterSet(WagtailFilterSet):
    """Narrow the application desk by round, state, area, kind and the Art. 9 flag. Round and area match
    every translation of the chosen page or area."""

    notice = ModelChoiceFilter(label=gettext_lazy("Round"), queryset=application_rounds, method="filter_round")
    state = ChoiceFilter(
        label=gettext_lazy("State"), choices=[c for c in ApplicationState.choices if c[0] != ApplicationState.DRAFT]
    )
    area = ModelChoiceFilter(label=gettext_lazy("Area"), queryset=_default_locale_areas, method="filter_area")
    kind = ChoiceFilter(label=gettext_lazy("Kind of center"), choices=CenterKind.choices)
    duplicate_flag = BooleanFilter(label=gettext_lazy("Area or industry already has a center"))

    class Meta:
        model = Application
        fields = ["notice", "state", "area", "kind", "duplicate_flag"]

    def filter_round(self, queryset, name, value):
        return queryset.filter(notice__translation_key=value.translation_key) if value else queryset

    def filter_area(self, queryset, name, value):
        return queryset.filter(area__translation_key=value.translation_key) if value else queryset


class ObjectionFilterSet(WagtailFilterSet):
    notice = ModelChoiceFilter(label=gettext_lazy("Publicity"), queryset=_publicity_notices, method="filter_notice")
    state = ChoiceFilter(label=gettext_lazy("State"), choices=ObjectionState.choices)

    class Meta:
        model = Objection
        fields = ["notice", "state"]

    def filter_notice(self, queryset, name, value):
        return queryset.filter(notice__translation_key=value.translation_key) if value else queryset
