"""The import screen in the admin: download a template (or the directory in its format), upload a file,
read the dry run, confirm. Only provincial editors (and superusers) may use it (`home.roles`).

The file stays in private storage between the preview and the confirmation; the session remembers
which token belongs to which upload, so one editor cannot confirm another's file. Confirming checks the
file again and writes all rows or none (`directory.importing`)."""

from urllib.parse import quote

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin import messages

from directory import importing
from directory.importing.reading import max_bytes
from directory.importing.uploads import upload_discard, upload_keep, upload_read
from home.admin_views import AdminScreenMixin
from home.roles import PROVINCIAL_EDITOR, user_roles

SESSION_KEY = "directory_imports"
PREVIEW_LIMIT = 500
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

KIND_LABELS = {
    importing.CENTERS: gettext_lazy("Centers"),
    importing.RATINGS: gettext_lazy("Yearly ratings"),
    importing.REVOCATIONS: gettext_lazy("Revocations"),
}
FILE_NAMES = {importing.CENTERS: "促进中心", importing.RATINGS: "年度评价", importing.REVOCATIONS: "撤销记录"}


def can_import(user) -> bool:
    """Provincial editors and superusers import the province's records."""
    return PROVINCIAL_EDITOR in user_roles(user)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=list(KIND_LABELS.items()))
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("An .xlsx or .csv (UTF-8) file in the template's format."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("This file is %(size)s; the largest file accepted is %(limit)s. Split it into several files.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes())}
            )
        return upload


class ImportView(AdminScreenMixin, View):
    """Upload a file and see what importing it would do."""

    template_name = "directory/imports/admin/index.html"
    page_title = gettext_lazy("Import the province's records")
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def render(self, status=200, **context):
        context.setdefault("kinds", list(KIND_LABELS.items()))
        return TemplateResponse(self.request, self.template_name, self.get_context_data(**context), status=status)

    def get(self, request):
        return self.render(form=ImportForm())

    def post(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form=form, status=400)
        kind, upload = form.cleaned_data["kind"], form.cleaned_data["file"]
        content = upload.read()
        try:
            plan = importing.preview(content, kind=kind, filename=upload.name)
        except importing.ImportFileError as exc:
            for message in exc.messages:
                form.add_error("file", message)
            return self.render(form=form, status=400)
        token = upload_keep(content) if plan.ok else ""
        if token:
            request.session.setdefault(SESSION_KEY, {})[token] = {"kind": kind, "name": upload.name}
            request.session.modified = True
        return self.preview(plan, kind=kind, filename=upload.name, token=token)

    def preview(self, plan, *, kind, filename, token, status=200):
        return TemplateResponse(
            self.request,
            "directory/imports/admin/preview.html",
            self.get_context_data(
                plan=plan,
                kind_label=KIND_LABELS[kind],
                filename=filename,
                token=token,
                changes=plan.changes[:PREVIEW_LIMIT],
                more_changes=max(0, len(plan.changes) - PREVIEW_LIMIT),
                errors=plan.errors[:PREVIEW_LIMIT],
                more_errors=max(0, len(plan.errors) - PREVIEW_LIMIT),
            ),
            status=status,
        )


class ConfirmView(ImportView):
    """Import the previewed file: checked again, then all rows or none."""

    def get(self, request):
        return HttpResponseRedirect(reverse("directory_import:index"))

    def post(self, request):
        token = request.POST.get("token", "")
        upload = request.session.get(SESSION_KEY, {}).get(token)
        try:
            content = upload_read(token) if upload else None
        except FileNotFoundError:
            content = None
        if content is None:
            messages.error(request, _("That upload is no longer available; upload the file again."))
            return HttpResponseRedirect(reverse("directory_import:index"))
        try:
            plan = importing.import_file(content, kind=upload["kind"], filename=upload["name"], by=request.user)
        except importing.ImportFileError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(reverse("directory_import:index"))
        if not plan.ok:
            # The site changed since the preview: show the new errors; nothing was written.
            return self.preview(plan, kind=upload["kind"], filename=upload["name"], token="", status=400)
        upload_discard(token)
        request.session[SESSION_KEY].pop(token, None)
        request.session.modified = True
        messages.success(
            request,
            _("Imported “%(file)s”: %(created)d created, %(updated)d updated, %(skipped)d unchanged.")
            % {"file": upload["name"], "created": plan.created, "updated": plan.updated, "skipped": plan.skipped},
        )
        return HttpResponseRedirect(reverse("directory_import:index"))


class DownloadView(ImportView):
    """The template of a kind (`?export=1`: the site's records in the template's format), as XLSX."""

    def get(self, request, kind):
        if kind not in importing.KINDS:
            raise Http404
        exporting = request.GET.get("export") == "1"
        content = importing.export(kind) if exporting else importing.template(kind)
        name = FILE_NAMES[kind] + ("（导出）" if exporting else "（导入模板）") + ".xlsx"
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
