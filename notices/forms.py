"""Admin forms of notice pages: rules that span a page and its inline rows."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


class EvaluationBulletinForm(WagtailAdminPageForm):
    """Art. 13: one rating per center per year, so a center appears once on a bulletin; the repeated row
    is marked beside its center field."""

    def clean(self):
        cleaned_data = super().clean()
        seen = set()
        for form in self.formsets["ratings"].forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            center = form.cleaned_data.get("center")
            if center is None:
                continue
            if center.pk in seen:
                form.add_error(
                    "center",
                    _("%(center)s is rated more than once; keep one rating per center.") % {"center": center},
                )
            seen.add(center.pk)
        return cleaned_data
