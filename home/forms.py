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


# The largest id a database column holds (64-bit signed). A longer number typed into a form or a filter
# would make SQLite fail with an overflow instead of saying "not a valid choice".
MAX_ID = 2**63 - 1


def is_id(value) -> bool:
    """True when `value` is a positive whole number a database id column can hold."""
    text = str(value).strip()
    return text.isascii() and text.isdigit() and int(text) <= MAX_ID


class ChoicesFromOneQuery(forms.models.ModelChoiceIterator):
    """A form's choices read with one plain query and kept for the rest of the request. Django reads them
    with `.iterator()`, a server-side cursor on PostgreSQL (DECLARE … WITH HOLD, FETCH, CLOSE: three
    round trips) and counts them with another query (`len()`, which `list()` also asks); a public form's
    choices are a short list."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        return len(self.queryset) + (1 if self.field.empty_label is not None else 0)


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that answers "not a valid choice" for a value that cannot be an id, before any
    query runs."""

    iterator = ChoicesFromOneQuery

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and not is_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that answers "not a valid choice" for any value that cannot be an id,
    before any query runs."""

    iterator = ChoicesFromOneQuery

    def _check_values(self, value):
        if self.to_field_name is None:
            for item in value if isinstance(value, list | tuple) else [value]:
                if not is_id(item):
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)
