from django.urls import path

from submissions import views
from submissions.registrations import views as registration_views

app_name = "submissions"
urlpatterns = [
    path("status/", views.status_lookup, name="status"),
    path("receipt/", views.receipt, name="receipt"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
    path("registrations/cancel/<str:token>/", registration_views.registration_cancel, name="registration_cancel"),
]
