"""Public views that are not pages: health, robots, the elder-mode switch, the rate-limit answer."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited

from home.context_processors import ELDER_MODE_COOKIE
from home.public_address import absolute_url


@never_cache
@require_GET
def healthz(request):
    """200 when the database answers a query, 503 otherwise; for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "up"})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /submissions/",
        "Disallow: /en/submissions/",
        "Disallow: /search/",
        "Disallow: /en/search/",
        f"Sitemap: {absolute_url('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
def elder_mode(request):
    """Switch the elder-friendly mode (适老化) on or off and remember it for a year, then go back. The
    cookie is Secure in production (ELDER_MODE_COOKIE_SECURE).

    Without a CSRF token, so that the switch in every page's header does not make every page private
    (a token is per visitor, and pages are cached for all anonymous visitors, home/cache.py). It only sets
    a display preference in the visitor's own browser; a request another site sends (its Origin is not
    this host) changes nothing."""
    origin = request.headers.get("Origin")
    if origin and not url_has_allowed_host_and_scheme(origin + "/", allowed_hosts={request.get_host()}):
        return HttpResponseRedirect("/")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.POST.get("mode") == "on":
        response.set_cookie(
            ELDER_MODE_COOKIE,
            "on",
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            secure=getattr(settings, "ELDER_MODE_COOKIE_SECURE", False),
        )
    else:
        response.delete_cookie(ELDER_MODE_COOKIE, samesite="Lax")
    return response


def throttled(view, *, rate_setting: str):
    """`view` with at most settings.<rate_setting> POSTs per client address (home.client_ip); beyond that
    the visitor gets the rate-limit page (429). For views we do not own, such as Wagtail's password reset."""

    def wrapped(request, *args, **kwargs):
        if request.method == "POST" and is_ratelimited(
            request,
            group=f"throttled.{rate_setting}",
            key="ip",
            rate=lambda group, request: getattr(settings, rate_setting),
            method="POST",
            increment=True,
        ):
            return rate_limited(request)
        return view(request, *args, **kwargs)

    return wrapped


def rate_limited(request, exception=None):
    """What a visitor sees when they have sent too many requests in a short time (django-ratelimit)."""
    return render(
        request,
        "home/rate_limited.html",
        {"message": _("You have tried too many times. Please wait a few minutes and try again.")},
        status=429,
    )


def database_busy(request):
    """What a visitor sees when the site is too busy to save their submission right now (nothing was saved)."""
    response = render(
        request,
        "home/rate_limited.html",
        {
            "heading": _("The site is busy"),
            "message": _(
                "Many people are submitting at this moment and nothing was saved. Please send the form again in a minute."
            ),
        },
        status=503,
    )
    response["Cache-Control"] = "no-store"
    return response
