"""The intake sections of the figures page (数据统计, hook "figures_sections", see home.figures):
applications received per round and objections received, upheld and dismissed per 公示 — the counts
each notice page already shows, from the same selector (`notices_submission_counts`: one query per kind,
however many rounds the years add)."""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Locale

from home.figures import FigureSection
from notices.models import ApplicationNotice, PublicityNotice
from submissions.selectors import notices_submission_counts


def intake_sections(*, page, request) -> list[FigureSection]:
    # Submissions are stored against the default-language notice; count each round once, from it.
    default = Locale.get_default()
    rounds = ApplicationNotice.objects.live().filter(locale=default).order_by("round_year", "pk")
    publicity = PublicityNotice.objects.live().filter(locale=default).order_by("period_starts_on", "pk")
    rounds, publicity = list(rounds), list(publicity)
    counts = notices_submission_counts([*rounds, *publicity])
    applications = [(notice, counts[notice.pk]) for notice in rounds]
    rounds_in = Counter(notice.round_year for notice in rounds)
    objections = [(notice, counts[notice.pk]) for notice in publicity]
    return [
        FigureSection(
            key="applications-by-round",
            title=_("Applications per round"),
            row_heading=_("Round"),
            series=[_("received"), _("approved"), _("not approved")],
            rows=[
                (_round_label(notice, rounds_in), [c["received"], c["approved"], c["not_approved"]])
                for notice, c in applications
            ],
            order=40,
        ),
        FigureSection(
            key="objections-by-publicity",
            title=_("Objections per publicity period"),
            row_heading=_("Publicity period starting"),
            series=[_("received"), _("upheld"), _("dismissed")],
            rows=[
                (notice.period_starts_on.isoformat(), [c["received"], c["upheld"], c["dismissed"]])
                for notice, c in objections
            ],
            notes=[_("Counts only, as each publicity page shows them; never the objections' contents.")],
            order=50,
        ),
    ]


def _round_label(notice, rounds_in: Counter) -> str:
    """A round as a row of the figures: its year, and the day it opened when the year has several rounds
    (第一批, 第二批: two rows reading "2026" told a reader nothing)."""
    if rounds_in[notice.round_year] < 2:
        return str(notice.round_year)
    return _("%(year)s, opened %(day)s") % {
        "year": notice.round_year,
        "day": timezone.localdate(notice.window_opens_at).isoformat(),
    }
