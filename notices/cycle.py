"""Where a yearly round stands (Art. 6–10): the application window, the 公示 of the proposed list, the
published list. Every page of a round shows the same three steps, each linking to its page once it exists,
so a reader can follow one thread from the call for applications to its outcome."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from notices import windows

DONE, CURRENT, UPCOMING = "done", "current", "upcoming"


@dataclass(frozen=True)
class CycleStep:
    """One step of the round: its name, the page that tells it (None until there is one, or when it is not
    public), and whether it is done, under way now or still to come; `note` is the page's status."""

    key: str
    label: str
    page: object | None
    state: str
    note: str = ""

    @property
    def is_current(self) -> bool:
        return self.state == CURRENT


def _public(page, locale_id):
    """The page in the language `locale_id` when it has a live translation there, else the page itself
    when live. Not made specific: the steps need the address, the window fields of application notices
    and 公示 (their links are typed so), and a list notice's date."""
    if page is None:
        return None
    translated = page
    if locale_id and page.locale_id != locale_id:
        translated = type(page).objects.filter(translation_key=page.translation_key, locale_id=locale_id).first()
    for candidate in (translated, page):
        if candidate is not None and candidate.live:
            return candidate
    return None


def _window_state(page) -> str:
    status = windows.notice_status(page) if page is not None else None
    if status is None:
        return UPCOMING
    if status.is_open:
        return CURRENT
    return UPCOMING if status.state is windows.WindowState.NOT_STARTED else DONE


def cycle_steps(application, publicity, published_list, *, locale_id=None) -> list[CycleStep]:
    """The three steps of a round from its pages (any may be None), in the language `locale_id` where
    translated.

    An application window that is open is the current step; once a 公示 of the round exists the window
    is done whatever its page says; the list is done once its notice is live."""
    application = _public(application, locale_id)
    publicity = _public(publicity, locale_id)
    published_list = _public(published_list, locale_id)
    application_state = _window_state(application)
    if publicity is not None or published_list is not None:
        application_state = DONE
    publicity_state = _window_state(publicity)
    if published_list is not None:
        publicity_state = DONE
    steps = [
        CycleStep("application", str(_("Applications")), application, application_state, _note(application)),
        CycleStep("publicity", str(_("Publicity of the proposed list")), publicity, publicity_state, _note(publicity)),
        CycleStep(
            "list",
            str(_("List published")),
            published_list,
            DONE if published_list is not None else UPCOMING,
            published_list.published_on.isoformat() if published_list is not None else "",
        ),
    ]
    return steps


def _note(page) -> str:
    status = windows.notice_status(page) if page is not None else None
    return status.label if status else ""
