"""The lifecycle desk's admin URLs, namespace "lifecycle" (included under /admin/ by
`directory/wagtail_hooks.py`)."""

from django.urls import path

from directory.admin_views.views import ActiveBansView, NeedsActionView, ProposalCreateView, ProposalView, TaskFileView

app_name = "lifecycle"

urlpatterns = [
    path("lifecycle/", NeedsActionView.as_view(), name="needs_action"),
    path("lifecycle/bans/", ActiveBansView.as_view(), name="active_bans"),
    path("lifecycle/proposals/new/", ProposalCreateView.as_view(), name="proposal_create"),
    path("lifecycle/proposals/<int:pk>/", ProposalView.as_view(), name="proposal"),
    path("lifecycle/tasks/<int:pk>/file/", TaskFileView.as_view(), name="task_file"),
]
