"""Read queries for the home page. Each panel comes from the app that owns its data."""

from django.template.loader import render_to_string
from wagtail import hooks

HOME_PAGE_PANELS_HOOK = "home_page_panels"


def home_page_panels(*, request, page) -> list[str]:
    """The panels under the home page's introduction, as HTML, in the hooks' order: open application
    windows and 公示 periods, the latest notices, the next events, ...

    Each function registered for the Wagtail hook "home_page_panels" is called as `fn(request, page)` with
    the home page and returns None (nothing to show) or `(template_name, context)`; the template is
    rendered with that context and `page`."""
    panels = []
    for fn in hooks.get_hooks(HOME_PAGE_PANELS_HOOK):
        panel = fn(request, page)
        if panel:
            template_name, context = panel
            panels.append(render_to_string(template_name, {**context, "page": page}, request=request))
    return panels
