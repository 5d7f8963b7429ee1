"""StreamField blocks used across the site. App-specific blocks live in that app's blocks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock


class AttachmentBlock(blocks.StructBlock):
    """A downloadable document with an optional caption (PDF, DOC/DOCX, XLS/XLSX)."""

    document = DocumentChooserBlock(label=_("document"))
    caption = blocks.CharBlock(required=False, label=_("caption"))

    class Meta:
        icon = "doc-full"
        label = _("attachment")
        template = "home/blocks/attachment.html"


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"))
    text = blocks.RichTextBlock(features=["bold", "link"], label=_("text"))

    class Meta:
        icon = "pick"
        label = _("callout")
        template = "home/blocks/callout.html"


class BodyBlock(blocks.StreamBlock):
    """The body of notices and information pages: text, tables and attachments."""

    heading = blocks.CharBlock(form_classname="title", label=_("heading"), template="home/blocks/heading.html")
    paragraph = blocks.RichTextBlock(
        features=["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"], label=_("text")
    )
    table = TableBlock(label=_("table"), template="home/blocks/table.html")
    attachment = AttachmentBlock()
    callout = CalloutBlock()


class HomeIntroBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=["bold", "link"], label=_("text"))
    callout = CalloutBlock()
