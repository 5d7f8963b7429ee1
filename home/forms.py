"""Form plumbing shared by every public form."""

from django import forms


class AccessibleFormMixin:
    """Ties each field's hint and error to its input (`aria-describedby`) and marks invalid inputs
    (`aria-invalid`), so a screen reader announces them; pairs with includes/field.html and
    includes/error_summary.html."""

    def _describe_fields(self):
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            if self.is_bound and name in self.errors:
                described.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def full_clean(self):
        super().full_clean()
        self._describe_fields()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe_fields()


class PublicForm(AccessibleFormMixin, forms.Form):
    """Base for the public forms."""

    template_name_div = "includes/form_fields.html"
