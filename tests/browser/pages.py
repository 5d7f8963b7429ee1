"""Where each public page type lives in the demo content, in each language, found through the ORM so the
browser tests follow the demo instead of hard-coding slugs that may change."""

from wagtail.models import Locale, Page

LANGUAGES = {"zh-hans": "zh-Hans", "en": "en"}


def prefix(language: str) -> str:
    return "" if language == "zh-hans" else "/" + language


def page_url(model, language: str, **filters) -> str | None:
    """The site-relative URL of the first live page of `model` in `language` matching `filters`."""
    locale = Locale.objects.filter(language_code=language).first()
    page = model.objects.live().filter(locale=locale, **filters).order_by("path").first()
    return page.get_url() if page is not None else None


def translated_url(page: Page, language: str) -> str | None:
    locale = Locale.objects.get(language_code=language)
    translation = page.get_translation_or_none(locale)
    return translation.get_url() if translation is not None and translation.live else None


def notice_url(kind_model: str, language: str, **filters) -> str | None:
    from notices import models

    return page_url(getattr(models, kind_model), language, **filters)


def open_publicity_notice(language: str = "zh-hans"):
    """The 公示 whose objection period is open today (the demo opens one two days ago for a week)."""
    from django.utils import timezone

    from notices.models import PublicityNotice
    from notices.windows import publicity_open_q

    return (
        PublicityNotice.objects.live()
        .filter(publicity_open_q(at=timezone.now()), locale__language_code=language)
        .order_by("path")
        .first()
    )


def open_application_notice(language: str = "zh-hans"):
    """The application notice whose window is open today."""
    from django.utils import timezone

    from notices.models import ApplicationNotice
    from notices.windows import application_window_open_q

    return (
        ApplicationNotice.objects.live()
        .filter(application_window_open_q(at=timezone.now()), locale__language_code=language)
        .order_by("path")
        .first()
    )


def event_open_for_registration(language: str = "zh-hans"):
    """The upcoming event that takes online registrations (the demo's 赣州 diagnosis day)."""
    from django.utils import timezone

    from directory.models import EventPage

    return (
        EventPage.objects.live()
        .filter(online_registration=True, starts_at__gt=timezone.now(), locale__language_code=language)
        .order_by("starts_at", "path")
        .first()
    )


def center_to_evaluate(language: str = "zh-hans"):
    """An active center, whose page + `evaluation/` takes its materials while the demo's evaluation round
    is open (Art. 12–13)."""
    from directory.models import CenterPage, CenterStatus

    return (
        CenterPage.objects.live()
        .filter(status=CenterStatus.ACTIVE, locale__language_code=language)
        .order_by("path")
        .first()
    )
