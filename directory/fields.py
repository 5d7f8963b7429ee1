"""Fields for the identifiers the measures rely on: a credit code is normalised once, at the edge
(`validators.normalise_credit_code`), stored normalised and compared normalised wherever it is held. And
`IdListField`, the ids a center's links name, kept for the directory's facet counts."""

import json

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.validators import normalise_credit_code, validate_credit_code


class CreditCodeFormField(forms.CharField):
    """统一社会信用代码 as people type it: full-width characters, spaces of any kind and lower case are
    forgiven (the cleaned value is normalised); the GB 32100-2015 structure is checked with a message that
    says what is wrong. No HTML maxlength, so a code typed with spaces is not cut off."""

    def __init__(self, **kwargs):
        kwargs.pop("max_length", None)
        kwargs.setdefault("help_text", _("18 characters, as on the business licence or legal-person certificate."))
        super().__init__(**kwargs)
        self.widget.attrs.update({"autocapitalize": "characters", "spellcheck": "false", "class": "input--code"})

    def to_python(self, value):
        return normalise_credit_code(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        if value:
            validate_credit_code(value)


class CreditCodeField(models.CharField):
    """A 统一社会信用代码 stored normalised: on save, on `clean`, and in lookups (so a filter with a
    lower-case or full-width code finds the stored one). Validated by `validate_credit_code`."""

    default_validators = [validate_credit_code]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 18)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_credit_code(value) if value else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if value:
            value = normalise_credit_code(value)
            setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return normalise_credit_code(value) if isinstance(value, str) and value else value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CreditCodeFormField, **kwargs})


class IdListField(models.Field):
    """A list of integer ids, read in bulk by SQL rather than looked up: an `integer[]` on PostgreSQL, whose
    `unnest()` is ~2.5× faster than a jsonb array's `jsonb_array_elements_text()` (the directory's industry
    and service facets unnest one for every search hit: ~1.3 ms less per thousand hits and facet), and a
    JSON array in text elsewhere (SQLite's `json_each()`). Not edited in forms."""

    description = _("List of ids")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", list)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("editable") is False:
            del kwargs["editable"]
        return name, path, args, kwargs

    def db_type(self, connection):
        return "integer[]" if connection.vendor == "postgresql" else "text"

    def to_python(self, value):
        if value is None or isinstance(value, list):
            return value
        return json.loads(value)

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def get_prep_value(self, value):
        return None if value is None else [int(v) for v in self.to_python(value)]

    def get_db_prep_value(self, value, connection, prepared=False):
        value = value if prepared else self.get_prep_value(value)
        if value is None or connection.vendor == "postgresql":
            return value
        return json.dumps(value)

    def value_to_string(self, obj):
        return json.dumps(self.value_from_object(obj))
