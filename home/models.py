"""The home page and the site-wide settings editors manage (hosting unit, contacts)."""

import copy

from django.db import models
from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import HomeIntroBlock
from home.cache import memo
from home.figures import figures_sections
from home.selectors import home_page_panels


class HomePage(Page):
    """The front page at `/` (and `/en/`): an editable introduction, then open application windows and
    公示 periods with the days left, the latest notices, the next matchmaking events and a box to search
    the directory. The panels come from the notices and directory apps (hook "home_page_panels")."""

    intro = StreamField(HomeIntroBlock(), blank=True, use_json_field=True, verbose_name=_("introduction"))

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        """As Wagtail's, but the sections under the home page (centers, notices, events, information pages)
        are remembered per process until a change (home/cache.py): two queries fewer on every page."""
        if not path_components:
            return super().route(request, path_components)
        slug, rest = path_components[0], path_components[1:]
        child = memo(("home-child", self.pk, slug), lambda: self._child_by_slug(slug), keep_none=False)
        if child is None:
            raise Http404
        return copy.copy(child).route(request, rest)

    def _child_by_slug(self, slug):
        child = self.get_children().filter(slug=slug).first()
        return child.specific if child is not None else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["panels"] = home_page_panels(request=request, page=self)
        return context


class StandardPage(Page):
    """A plain information page: the accessibility statement, the privacy notice, about the programme."""

    body = RichTextField(verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]

    class Meta:
        verbose_name = _("standard page")


class FiguresPage(RoutablePageMixin, Page):
    """The figures page (数据统计) at /figures/: centers by kind and by city, ratings per year, applications
    and objections per round, events per month, each as a chart with its table and a CSV download. The
    sections come from the apps that hold the numbers (hook "figures_sections", see home.figures)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("figures page")

    @path("")
    def figures(self, request):
        return self.render(request, context_overrides={"sections": figures_sections(page=self, request=request)})

    @path("<slug:key>.csv/", name="figures_csv")
    def figures_csv(self, request, key):
        """One section's table as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese)."""
        for section in figures_sections(page=self, request=request):
            if section.key == key:
                response = HttpResponse("\ufeff" + section.csv_text(), content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = f'attachment; filename="{key}.csv"'
                return response
        raise Http404


@register_setting(icon="site")
class SiteChrome(BaseSiteSetting):
    """What the header and footer say about who runs the site."""

    programme_name = models.CharField(_("programme name"), max_length=100, default="江西省省级数字化转型促进中心")
    department_name = models.CharField(_("department"), max_length=100, default="江西省工业和信息化厅")
    hosting_unit = models.CharField(_("hosting unit"), max_length=100, default="江西省工业和信息化厅")
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True, default="0791-00000000")
    contact_email = models.EmailField(_("contact email"), blank=True, default="dtpc@gxt.jiangxi.example")
    address = models.CharField(_("address"), max_length=200, blank=True, default="江西省南昌市")
    address_en = models.CharField(
        _("address in English"),
        max_length=200,
        blank=True,
        default="Nanchang, Jiangxi Province",
        help_text=_("Shown on English pages; empty: they show the Chinese address."),
    )
    # Government-website norms (国务院办公厅《政府网站发展指引》): every footer shows the site identification
    # code, the ICP filing and the public-security filing, and a 党政机关 site its mark. Empty until the
    # department is given them: nothing is shown for an empty field, never a made-up number.
    site_identifier = models.CharField(
        _("site identification code"),
        max_length=20,
        blank=True,
        help_text=_("网站标识码, the 10-character code the State Council's government-website register assigns."),
    )
    icp_number = models.CharField(
        _("ICP registration"),
        max_length=60,
        blank=True,
        help_text=_("As filed, e.g. 赣ICP备00000000号; linked to beian.miit.gov.cn."),
    )
    public_security_number = models.CharField(
        _("public-security filing number"),
        max_length=60,
        blank=True,
        help_text=_("公安备案号 as filed, e.g. 赣公网安备 36010000000000号; linked to beian.mps.gov.cn."),
    )
    government_mark_url = models.URLField(
        _("party and government organ mark: verification address"),
        blank=True,
        help_text=_(
            "The address the 党政机关 mark links to (issued by the State Commission Office for Public Sector "
            "Reform, conac.cn). The footer shows the mark only when this is set."
        ),
    )
    government_mark_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("party and government organ mark: image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The official mark as issued; without it the footer shows the words 党政机关 in a red frame."),
    )

    panels = [
        FieldPanel("programme_name"),
        FieldPanel("department_name"),
        FieldPanel("hosting_unit"),
        FieldPanel("contact_phone"),
        FieldPanel("contact_email"),
        FieldRowPanel([FieldPanel("address"), FieldPanel("address_en")]),
        MultiFieldPanel(
            [
                FieldPanel("site_identifier"),
                FieldPanel("icp_number"),
                FieldPanel("public_security_number"),
                FieldPanel("government_mark_url"),
                FieldPanel("government_mark_image"),
            ],
            heading=_("Filings and marks (government-website norms)"),
        ),
    ]

    class Meta:
        verbose_name = _("site chrome")

    @classmethod
    def for_site(cls, site):
        """Every page's footer reads this: kept per process until something changes (home/cache.py); a copy,
        so that an admin form editing it never changes what other requests see."""
        return copy.copy(
            memo(("site-chrome", getattr(site, "pk", None)), lambda: super(SiteChrome, cls).for_site(site))
        )

    @property
    def public_security_record_code(self) -> str:
        """The digits of the public-security filing number, which its verification address takes."""
        return "".join(ch for ch in self.public_security_number if ch.isdigit())
