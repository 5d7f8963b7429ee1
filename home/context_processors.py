"""What every template needs for the header and footer: navigation, language switch, elder mode."""

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

ELDER_MODE_COOKIE = "elder_mode"

# (label, path under the language prefix, the section it marks as current)
MAIN_NAVIGATION = [
    (_("Home"), "/", "home"),
    (_("Notices"), "/notices/", "notices"),
    (_("Publicity"), "/notices/?type=publicity", "publicity"),
    (_("Center directory"), "/centers/", "centers"),
    (_("Matchmaking events"), "/events/", "events"),
    (_("Check a submission"), "/submissions/status/", "status"),
]


def language_prefix(language: str | None = None) -> str:
    """'' for Simplified Chinese (unprefixed), '/en' for English."""
    language = language or get_language() or "zh-hans"
    return "" if language.startswith("zh") else "/" + language


def site_chrome(request):
    prefix = language_prefix()
    path = request.path
    navigation = []
    for label, target, section in MAIN_NAVIGATION:
        href = prefix + target
        stripped = path[len(prefix) :] if prefix and path.startswith(prefix) else path
        if section == "home":
            current = stripped == "/"
        elif section == "publicity":
            current = stripped.startswith("/notices/") and request.GET.get("type") == "publicity"
        elif section == "notices":
            current = stripped.startswith("/notices/") and request.GET.get("type") != "publicity"
        else:
            current = stripped.startswith(target)
        navigation.append({"label": label, "href": href, "current": current})
    return {
        "main_navigation": navigation,
        "language_prefix": prefix,
        "elder_mode": request.COOKIES.get(ELDER_MODE_COOKIE) == "on",
    }
