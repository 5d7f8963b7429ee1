"""Columns of the review desk's listings."""

from wagtail.admin.ui.tables import BaseColumn


class SelectColumn(BaseColumn):
    """A checkbox per row that belongs to the batch form below the table (HTML `form=` attribute), so
    selecting and moving several applications works without JavaScript."""

    header_template_name = "submissions/admin/select_header.html"
    cell_template_name = "submissions/admin/select_cell.html"
