"""The annual evaluation bulletin (Art. 12–14) and its ratings, one per center."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Orderable, Page

from directory.models import Rating
from notices.forms import EvaluationBulletinForm
from notices.models.base import RATING_LABELS, NoticeKind, NoticePage, localized


class EvaluationBulletin(NoticePage):
    """The annual evaluation results (Art. 12–14): a rating per center for one year, as data. Publishing
    records each rating in the directory; unpublishing or correcting it updates the directory."""

    KIND = NoticeKind.EVALUATION

    evaluation_year = models.PositiveSmallIntegerField(_("evaluation year"))

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        FieldPanel("evaluation_year"),
        InlinePanel("ratings", label=_("rating"), heading=_("Ratings")),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
    ]
    api_fields = [*NoticePage.api_fields, APIField("evaluation_year"), APIField("ratings")]
    base_form_class = EvaluationBulletinForm
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("evaluation bulletin")
        verbose_name_plural = _("evaluation bulletins")

    def clean(self):
        """Art. 13: one rating per center per year, so a center appears once on a bulletin."""
        super().clean()
        seen = set()
        for rating in self.ratings.all():
            if rating.center_id in seen:
                raise ValidationError(
                    _("%(center)s is rated more than once; keep one rating per center.") % {"center": rating.center}
                )
            seen.add(rating.center_id)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        ratings = list(self.ratings.select_related("center", "center__area"))
        shown = localized([r.center for r in ratings], self.locale_id)
        for row in ratings:  # in this page's language where the center is translated (not saved)
            row.center = shown[(type(row.center), row.center.pk)]
        context["ratings"] = ratings
        return context


class BulletinRating(Orderable):
    """One center's rating on an evaluation bulletin (Art. 13: 优秀, 良好, 合格 or 不合格)."""

    bulletin = ParentalKey(EvaluationBulletin, on_delete=models.CASCADE, related_name="ratings")
    center = models.ForeignKey(
        "directory.CenterPage", verbose_name=_("center"), on_delete=models.CASCADE, related_name="+"
    )
    rating = models.CharField(_("rating"), max_length=20, choices=Rating.choices)

    panels = [FieldRowPanel([FieldPanel("center"), FieldPanel("rating")])]
    api_fields = [APIField("center"), APIField("rating"), APIField("rating_label")]

    class Meta(Orderable.Meta):
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")

    @property
    def rating_label(self) -> str:
        return str(RATING_LABELS.get(self.rating, self.rating))
