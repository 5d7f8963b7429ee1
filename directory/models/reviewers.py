"""Which areas a city-bureau user covers (Art. 7–8, Art. 11): used by the review desk to show a city
bureau the applications from its areas, and by the lifecycle desk to show it its areas' centers; which
management unit a user acts for; which centers a center's own staff run (their events' registrations)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models.centers import CenterPage
from directory.models.taxonomies import Area


class ReviewerArea(models.Model):
    """Ties a city-bureau reviewer to the area whose applications they review (Art. 7–8: each city
    bureau receives and pre-reviews the applications from its own area) and whose centers it manages
    (Art. 11). A reviewer may cover more than one area; one without any sees no applications at all.

    Moved here from `submissions`; the table keeps its name."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), on_delete=models.CASCADE, related_name="reviewer_areas"
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        db_table = "submissions_reviewerarea"
        verbose_name = _("reviewer area")
        verbose_name_plural = _("reviewer areas")
        constraints = [models.UniqueConstraint(fields=["user", "area"], name="one_reviewer_area_per_user_area")]

    def __str__(self):
        return f"{self.user} · {self.area}"


class ReviewerUnit(models.Model):
    """Ties a user to a management unit that is not a city bureau (Art. 11: an industry center is managed
    by the unit that recommended it, e.g. a provincial industry department), by the unit's name as
    entered on its centers' "management unit". That user makes the initial evaluation of those centers
    (Art. 13). City bureaus are tied through `ReviewerArea` instead."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="reviewer_units"
    )
    unit_name = models.CharField(
        _("management unit"),
        max_length=200,
        help_text=_("Exactly as on its centers’ “management unit”, e.g. 江西省工业和信息化厅."),
    )

    class Meta:
        verbose_name = _("management unit user")
        verbose_name_plural = _("management unit users")
        constraints = [models.UniqueConstraint(fields=["user", "unit_name"], name="one_reviewer_unit_per_user_unit")]

    def __str__(self):
        return f"{self.user} · {self.unit_name}"

    def clean(self):
        """Art. 11: the unit must be the management unit of at least one center, else the user would
        manage nothing (a typo would go unnoticed)."""
        self.unit_name = (self.unit_name or "").strip()
        if self.unit_name and not CenterPage.objects.filter(management_unit=self.unit_name).exists():
            raise ValidationError(
                {"unit_name": _("No center has this management unit. Enter it exactly as on its centers.")}
            )


class CenterManager(models.Model):
    """Ties a user to a center they run: a center's own staff organise its matchmaking events, so they see,
    export and message the registrations of the events that center organises, and nothing of other
    centers' events (`directory.selectors.events_visible_to`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="managed_centers"
    )
    center = models.ForeignKey(CenterPage, verbose_name=_("center"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("center manager")
        verbose_name_plural = _("center managers")
        constraints = [models.UniqueConstraint(fields=["user", "center"], name="one_center_manager_per_user_center")]

    def __str__(self):
        return f"{self.user} · {self.center}"
