"""The review desk's own admin URLs, outside its viewsets: staff attachment downloads and the
change-report desk, the event registrations."""

from django.urls import include, path

from submissions.admin_views import registrations
from submissions.admin_views.change_reports import ChangeReportDetailView, ChangeReportIndexView
from submissions.admin_views.evaluations import EvaluationBulletinView, EvaluationDetailView, EvaluationIndexView
from submissions.admin_views.views import AttachmentDownloadView

change_report_urls = [
    path("", ChangeReportIndexView.as_view(), name="index"),
    path("<int:pk>/", ChangeReportDetailView.as_view(), name="detail"),
]

evaluation_urls = [
    path("", EvaluationIndexView.as_view(), name="index"),
    path("<int:pk>/", EvaluationDetailView.as_view(), name="detail"),
    path("rounds/<int:pk>/bulletin/", EvaluationBulletinView.as_view(), name="bulletin"),
]


def urlpatterns():
    return [
        path("desk/attachments/<int:pk>/", AttachmentDownloadView.as_view(), name="submissions_attachment"),
        path(
            "desk/change-reports/",
            include((change_report_urls, "submissions_change_reports"), namespace="submissions_change_reports"),
        ),
        path(
            "event-registrations/",
            include((registrations.urlpatterns, "submissions_registrations"), namespace="submissions_registrations"),
        ),
        path(
            "desk/evaluations/",
            include((evaluation_urls, "submissions_evaluations"), namespace="submissions_evaluations"),
        ),
    ]
