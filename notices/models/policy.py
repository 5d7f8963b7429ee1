"""A policy document: the management measures themselves and later policies."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.api import APIField
from wagtail.models import Page

from notices.models.base import NoticeKind, NoticePage


class PolicyNotice(NoticePage):
    """A policy document: the management measures themselves and later policies."""

    KIND = NoticeKind.POLICY

    in_force_from = models.DateField(_("in force from"), null=True, blank=True)

    content_panels = [
        *Page.content_panels,
        *NoticePage.common_panels,
        FieldPanel("in_force_from"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("attachment")),
    ]
    api_fields = [*NoticePage.api_fields, APIField("in_force_from")]
    parent_page_types = ["notices.NoticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("policy document")
        verbose_name_plural = _("policy documents")
