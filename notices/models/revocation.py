"""A revocation or delisting notice (撤销/摘牌, Art. 15, Art. 17)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Page

from directory.models import RevocationCause
from notices.models.base import NoticeKind, NoticePage, localized


class RevocationNotice(NoticePage):
    """A revocation or delisting (撤销/摘牌, Art. 15, Art. 17). Publishing it marks the center revoked."""

    KIND = NoticeKind.REVOCATION

    center = models.ForeignKey(
        "directory.CenterPage", verbose_name=_("center"), on_delete=models.PROTECT, related_name="+"
    )
    cause = models.CharField(_("cause"), max_length=30, choices=RevocationCause.choices)
    effective_on = models.DateField(_("effective on"))

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        FieldRowPanel([FieldPanel("center"), FieldPanel("cause"), FieldPanel("effective_on")]),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
    ]
    api_fields = [
        *NoticePage.api_fields,
        APIField("center"),
        APIField("cause"),
        APIField("cause_label"),
        APIField("effective_on"),
    ]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("revocation notice")
        verbose_name_plural = _("revocation notices")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["center"] = localized([self.center], self.locale_id)[(type(self.center), self.center_id)]
        return context

    @property
    def cause_label(self) -> str:
        return str(self.get_cause_display())
