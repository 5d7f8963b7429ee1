"""Admin forms of notice pages: rules that span a page and its inline rows."""

from django.db import router
from django.db.models.deletion import Collector, ProtectedError
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


def dependents_refusing_deletion(instance) -> tuple[int, str]:
    """How many rows refuse the deletion of `instance` (a PROTECT link pointing at it, e.g. objections
    filed against a 公示 entry) and what they are, as (count, verbose name plural); (0, "") when it
    may be deleted. Asked of Django's deletion collector, so this app needs to know no app above it."""
    try:
        Collector(using=router.db_for_write(type(instance))).collect([instance])
    except ProtectedError as refused:
        protected = list(refused.protected_objects)
        return len(protected), str(protected[0]._meta.verbose_name_plural)
    return 0, ""


class PublicityNoticeForm(WagtailAdminPageForm):
    """The editor's form of a 公示 (Art. 10).

    - An entry that people have objected to stays on its 公示, so their objections keep their subject;
      removing it is refused beside the row with the reason, instead of failing on publish.
    - A draft may be saved without its end date (e.g. while the holiday calendar of the period's year is
      not entered yet); publishing or submitting it for review needs one."""

    def _post_clean(self):
        # A new page is `live` until Wagtail's action says otherwise, so the form, which knows whether the
        # editor saves a draft or publishes, decides here instead of the model.
        self.instance.checks_publication_in_form = True
        super()._post_clean()
        if not self.is_deferred_validation:
            for field, message in self.instance.publication_errors().items():
                if field not in self.errors:
                    self.add_error(field, message)

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("entries")
        if formset is None:
            return cleaned_data
        for form in formset.forms:
            if not form.is_valid() or not form.cleaned_data.get("DELETE") or form.instance.pk is None:
                continue
            count, what = dependents_refusing_deletion(form.instance)
            if count:
                message = _(
                    "“%(entry)s” cannot be removed from this publicity: %(what)s (%(count)d) name it, and what "
                    "people submitted keeps its subject. Keep the entry; correct its details if needed."
                ) % {"entry": form.instance.display_name, "what": what, "count": count}
                form.add_error(None, message)
                self.add_error(None, message)
        return cleaned_data
