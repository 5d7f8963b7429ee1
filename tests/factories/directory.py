"""The directory: taxonomies (with English translations), the directory and events pages, centers and
events with realistic Chinese names and valid unified social credit codes."""

import datetime as dt

import factory
from django.utils import timezone
from wagtail.models import Locale

from directory.models import (
    Area,
    CenterIndustry,
    CenterKind,
    CenterPage,
    CenterService,
    DirectoryPage,
    EventIndexPage,
    EventIndustry,
    EventOrganiser,
    EventPage,
    FormerName,
    Industry,
    Service,
)
from directory.validators import credit_code_for_seed
from home.demo import child_by_slug

from .pages import PageFactory, publish, serial

# A valid code with a Fujian prefix: no center built by these factories holds it.
VALID_CODE = "91350100M000100Y43"


# Fresh codes are drawn above every seed a test or the demo names (credit_code(999) is a "wrong code" beside a
# center whose fresh code came from the run's 999th serial otherwise).
FRESH_SEEDS_FROM = 5_000_000


def credit_code(seed: int | None = None, *, division_code: str = "3601") -> str:
    """A valid unified social credit code from `seed`, or from a fresh serial (directory's one generator), which
    no named seed below FRESH_SEEDS_FROM gives."""
    return credit_code_for_seed(seed if seed is not None else FRESH_SEEDS_FROM + serial(), division_code=division_code)


# Jiangxi's prefecture-level cities and their division codes (GB/T 2260).
DIVISION_CODES = {
    "nanchang": "3601",
    "jingdezhen": "3602",
    "pingxiang": "3603",
    "jiujiang": "3604",
    "xinyu": "3605",
    "yingtan": "3606",
    "ganzhou": "3607",
    "jian": "3608",
    "yichun": "3609",
    "fuzhou": "3610",
    "shangrao": "3611",
}


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("locale", "slug")

    locale = factory.LazyFunction(Locale.get_default)
    slug = "nanchang"
    name = "南昌市"
    division_code = factory.LazyAttribute(lambda o: DIVISION_CODES.get(o.slug, "3601"))
    bureau_name = factory.LazyAttribute(lambda o: f"{o.name}工业和信息化局")


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("locale", "slug")

    locale = factory.LazyFunction(Locale.get_default)
    slug = "electronics"
    name = "电子信息"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("locale", "slug")

    locale = factory.LazyFunction(Locale.get_default)
    slug = "diagnosis"
    name = "诊断咨询"


def area(slug="nanchang", name="南昌市", bureau=None, *, locale=None, **fields) -> Area:
    """The area `slug` (get or create), 南昌市 unless told."""
    fields.setdefault("bureau_name", bureau or f"{name}工业和信息化局")
    return AreaFactory(slug=slug, name=name, locale=locale or Locale.get_default(), **fields)


def industry(slug="electronics", name="电子信息", *, locale=None) -> Industry:
    """The industry `slug` (get or create), 电子信息 unless told."""
    return IndustryFactory(slug=slug, name=name, locale=locale or Locale.get_default())


def translate(obj, en, **fields):
    """The English translation of a snippet (same translation key)."""
    copy = obj.copy_for_translation(en)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def directory_page(home) -> DirectoryPage:
    """The directory under `home` (slug "centers"), created and published when missing."""
    page = child_by_slug(home, "centers")
    if page is None:
        page = DirectoryPage(title="促进中心名录", slug="centers")
        home.add_child(instance=page)
        page = publish(page)
    return page


def events_page(home) -> EventIndexPage:
    page = child_by_slug(home, "events")
    if page is None:
        page = EventIndexPage(title="供需对接活动", slug="events")
        home.add_child(instance=page)
        page = publish(page)
    return page


class CenterPageFactory(PageFactory):
    """A live center; pass `parent` (a DirectoryPage). Prefer `center()`, which finds the parent."""

    class Meta:
        model = CenterPage

    title = factory.LazyFunction(lambda: f"测试行业数字化转型促进中心{serial()}")
    slug = factory.LazyFunction(lambda: f"center-{serial()}")
    kind = CenterKind.INDUSTRY
    area = factory.LazyFunction(area)
    lead_unit_name = factory.LazyFunction(lambda: f"江西测试数字科技有限公司{serial()}")
    lead_unit_credit_code = factory.LazyFunction(credit_code)
    management_unit = "江西省电子信息行业协会"
    batch_year = 2023


def center(
    parent,
    title: str | None = None,
    *,
    kind=CenterKind.INDUSTRY,
    area=None,
    industries=None,
    services=(),
    former_names=(),
    code=None,
    **fields,
) -> CenterPage:
    """A live center under `parent` (a DirectoryPage, or a home page whose directory is used or made).
    `industries` defaults to 电子信息 (and 稀土 too for a regional center, which needs two); `services` are
    (Service, description) pairs or Services; `code` is the lead unit's credit code (a fresh one unless told)."""
    if not isinstance(parent, DirectoryPage):
        parent = directory_page(parent)
    if industries is None:
        industries = [industry()]
        if kind == CenterKind.REGIONAL:
            industries.append(industry("rare-earth", "稀土"))
    if title is not None:
        fields["title"] = title
    if area is not None:
        fields["area"] = area
    if code is not None:
        fields["lead_unit_credit_code"] = code
    return CenterPageFactory(
        parent=parent,
        kind=kind,
        industry_links=[CenterIndustry(industry=i) for i in industries],
        service_links=[
            CenterService(service=s[0], description=s[1]) if isinstance(s, tuple) else CenterService(service=s)
            for s in services
        ],
        former_names=[FormerName(name=n) for n in former_names],
        **fields,
    )


class EventPageFactory(PageFactory):
    """A live event a week from now; pass `parent` (an EventIndexPage). Prefer `event()`."""

    class Meta:
        model = EventPage

    title = "数字化转型供需对接会"
    slug = factory.LazyFunction(lambda: f"event-{serial()}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=3))
    venue = "赣州市章贡区长征大道31号"
    area = factory.LazyFunction(lambda: area("ganzhou", "赣州市"))
    how_to_register = "发送邮件至 service@example.org 报名"


def event(
    parent, title: str, *, starts_at=None, hours=3, area=None, industries=(), organisers=(), **fields
) -> EventPage:
    """A live event under `parent` (an EventIndexPage) lasting `hours` from `starts_at`."""
    if starts_at is not None:
        fields["starts_at"] = starts_at
        fields.setdefault("ends_at", starts_at + dt.timedelta(hours=hours))
    elif hours != 3:
        fields["ends_at"] = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=hours))
    if area is not None:
        fields["area"] = area
    return EventPageFactory(
        parent=parent,
        title=title,
        industry_links=[EventIndustry(industry=i) for i in industries],
        organisers=[EventOrganiser(center=c) for c in organisers],
        **fields,
    )
