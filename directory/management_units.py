"""Who acts as a center's management unit (Art. 11) in the software: the users of a city bureau
(`ReviewerArea`: the bureau of each area they cover) and the users of a recommending unit
(`ReviewerUnit`). The center's management unit itself is `directory.rules.management_unit_for`, stored
on the center as `management_unit`."""

from django.db.models import QuerySet
from wagtail.models import Locale

from directory.models import Area, CenterPage, CenterStatus, ReviewerArea, ReviewerUnit


def management_units_of(user) -> set[str]:
    """Art. 11: the management units `user` acts for — the city bureau of every area they are tied to
    (a regional center's management unit) and every unit they are tied to by name (an industry center's
    recommending unit). Empty for anyone else. Cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    cached = getattr(user, "_management_units", None)
    if cached is not None:
        return cached
    area_keys = ReviewerArea.objects.filter(user=user).values("area__translation_key")
    bureaus = set(
        Area.objects.filter(translation_key__in=area_keys).exclude(bureau_name="").values_list("bureau_name", flat=True)
    )
    units = set(ReviewerUnit.objects.filter(user=user).values_list("unit_name", flat=True))
    user._management_units = {name.strip() for name in bureaus | units if name.strip()}
    return user._management_units


def is_managed_by(center: CenterPage, user) -> bool:
    """Art. 11: whether `user` acts for `center`'s management unit (the Python check of
    `centers_managed_by`)."""
    return bool(center.management_unit) and center.management_unit.strip() in management_units_of(user)


def centers_managed_by(user, centers: QuerySet[CenterPage] | None = None) -> QuerySet[CenterPage]:
    """Art. 11: the centers whose management unit `user` acts for (the filter of `is_managed_by`)."""
    centers = CenterPage.objects.all() if centers is None else centers
    return centers.filter(management_unit__in=management_units_of(user))


def centers_to_evaluate() -> QuerySet[CenterPage]:
    """Art. 12: every center is evaluated once a year — every active center and every center under
    reorganisation (Art. 17: its next evaluation decides whether it stays); revoked centers are not.
    One row per center: its default-language version (materials are stored against it)."""
    return (
        CenterPage.objects.live()
        .filter(status__in=[CenterStatus.ACTIVE, CenterStatus.REORGANISING], locale=Locale.get_default())
        .select_related("area")
    )
