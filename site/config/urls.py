"""Addresses. Chinese is unprefixed, English lives under /en/ (see docs/contract.md for what others rely on)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views.account import PasswordResetView
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config.api import api_router
from home import views as home_views
from home.sitemaps import BilingualSitemap

urlpatterns = [
    path("healthz", home_views.healthz, name="healthz"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": BilingualSitemap}}, name="sitemap"),
    # Wagtail's password reset mails whatever account is named: throttled per client address.
    path(
        "admin/password_reset/",
        home_views.throttled(PasswordResetView.as_view(), rate_setting="PASSWORD_RESET_RATE"),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("captcha/", include("captcha.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("elder-mode/", home_views.elder_mode, name="elder_mode"),
    path("search/", include("home.urls")),
    path("submissions/", include("submissions.urls")),
    path("subscribe/", include("submissions.alerts.urls")),
    # Files that pages serve through their routes (/centers/export.csv, /events/calendar.ics): Wagtail's
    # own pattern allows no dot in the last path segment.
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.(?:csv|json|ics))$", wagtail_views.serve, name="page_file"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
