"""The import screen's admin URLs, namespace "directory_import" (included under /admin/ by
`directory/wagtail_hooks.py`)."""

from django.urls import path

from directory.admin_views.imports import ConfirmView, DownloadView, ImportView

app_name = "directory_import"

urlpatterns = [
    path("directory/import/", ImportView.as_view(), name="index"),
    path("directory/import/confirm/", ConfirmView.as_view(), name="confirm"),
    path("directory/import/<str:kind>.xlsx", DownloadView.as_view(), name="download"),
]
