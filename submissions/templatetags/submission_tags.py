"""Template helpers for submissions shown on other apps' pages."""

from django import template

from submissions.selectors import notice_submission_counts as _counts

register = template.Library()


@register.simple_tag
def notice_submission_counts(notice):
    """Public counts for a notice (`selectors.notice_submission_counts`): one query, never contents."""
    return _counts(notice)


@register.inclusion_tag("submissions/includes/field.html")
def submission_field(field):
    """One form field: a fieldset with a legend for groups of checkboxes or radios, else the site's field."""
    widget = field.field.widget
    return {
        "field": field,
        "is_group": getattr(widget, "allow_multiple_selected", False) and widget.input_type in ("checkbox", "radio"),
    }
