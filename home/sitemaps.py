"""/sitemap.xml in both languages: every live, public page of the site in Chinese and in English (the
English tree is a translation of the home page, not below it, so Wagtail's own sitemap misses it), each
with `xhtml:link rel="alternate" hreflang` to its versions in every language and `x-default` to the
Chinese one. Addresses on the public address (home/public_address.py)."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from home.public_address import absolute_url

# hreflang values (BCP 47) for the site's language codes.
HREFLANG = {"zh-hans": "zh-Hans", "en": "en"}


def hreflang(language_code: str) -> str:
    return HREFLANG.get(language_code, language_code)


class BilingualSitemap(Sitemap):
    """Every live public page under the site's home page or its translations, with language alternates."""

    def items(self):
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key)
        under_a_home = Q()
        for home in homes:
            under_a_home |= Q(path__startswith=home.path)
        return (
            Page.objects.live()
            .public()
            .filter(under_a_home)
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        versions = defaultdict(list)
        for version in (
            Page.objects.live()
            .public()
            .filter(translation_key__in={p.translation_key for p in pages})
            .select_related("locale")
            .order_by("locale__language_code")
        ):
            versions[version.translation_key].append(version)
        default_language = settings.LANGUAGE_CODE
        urls, last_mods = [], set()
        for item in pages:
            alternates = [
                {"location": self._address(v), "lang_code": hreflang(v.locale.language_code)}
                for v in versions[item.translation_key]
            ]
            default = next(
                (v for v in versions[item.translation_key] if v.locale.language_code == default_language), None
            )
            if len(alternates) > 1 and default is not None:
                alternates.append({"location": self._address(default), "lang_code": "x-default"})
            lastmod = item.last_published_at or item.latest_revision_created_at
            urls.append({"item": item, "location": self._address(item), "lastmod": lastmod, "alternates": alternates})
            last_mods.add(lastmod)
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def _address(self, page) -> str:
        return absolute_url(page.get_url(self.request))
