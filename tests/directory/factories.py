"""Builders for the directory tests: taxonomies (with English translations), the directory and events
pages, centers and events with realistic Chinese names."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

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
from directory.validators import credit_code_check_character
from home.demo import child_by_slug

CHINA = ZoneInfo("Asia/Shanghai")
_serial = itertools.count(1)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page.specific


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area
        django_get_or_create = ("locale", "slug")

    locale = factory.LazyFunction(Locale.get_default)
    slug = "ganzhou"
    name = "赣州市"
    division_code = "3607"
    bureau_name = factory.LazyAttribute(lambda o: f"{o.name}工业和信息化局")


class IndustryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Industry
        django_get_or_create = ("locale", "slug")

    locale = factory.LazyFunction(Locale.get_default)
    slug = "rare-earths"
    name = "稀土"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("locale", "slug")

    locale = factory.LazyFunction(Locale.get_default)
    slug = "diagnosis"
    name = "诊断咨询"


def translate(obj, en, **fields):
    """The English translation of a snippet (same translation key)."""
    copy = obj.copy_for_translation(en)
    for name, value in fields.items():
        setattr(copy, name, value)
    copy.save()
    return copy


def directory_page(home) -> DirectoryPage:
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


def credit_code(serial: int) -> str:
    first17 = f"91360700MA{serial:07d}"
    return first17 + credit_code_check_character(first17)


def center(
    parent,
    title: str,
    *,
    area=None,
    industries=(),
    services=(),
    kind=CenterKind.INDUSTRY,
    former_names=(),
    **fields,
) -> CenterPage:
    """A live center under `parent` (a DirectoryPage); `services` are (Service, description) pairs or Services."""
    serial = next(_serial)
    industries = list(industries) or [IndustryFactory()]
    if kind == CenterKind.REGIONAL and len(industries) < 2:
        industries.append(IndustryFactory(slug="electronics", name="电子信息"))
    page = CenterPage(
        title=title,
        slug=fields.pop("slug", f"center-{serial}"),
        kind=kind,
        area=area or AreaFactory(),
        lead_unit_name=fields.pop("lead_unit_name", f"江西测试数字科技有限公司{serial}"),
        lead_unit_credit_code=credit_code(serial),
        batch_year=fields.pop("batch_year", 2023),
        industry_links=[CenterIndustry(industry=i) for i in industries],
        service_links=[
            CenterService(service=s[0], description=s[1]) if isinstance(s, tuple) else CenterService(service=s)
            for s in services
        ],
        former_names=[FormerName(name=n) for n in former_names],
        **fields,
    )
    parent.add_child(instance=page)
    return publish(page)


def china(day: dt.date, hour=9, minute=0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA)


def event(
    parent, title: str, *, starts_at=None, hours=3, area=None, industries=(), organisers=(), **fields
) -> EventPage:
    starts_at = starts_at or timezone.now() + dt.timedelta(days=7)
    page = EventPage(
        title=title,
        slug=fields.pop("slug", f"event-{next(_serial)}"),
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + dt.timedelta(hours=hours)),
        venue=fields.pop("venue", "赣州市章贡区长征大道31号"),
        area=area or AreaFactory(),
        industry_links=[EventIndustry(industry=i) for i in industries],
        organisers=[EventOrganiser(center=c) for c in organisers],
        how_to_register=fields.pop("how_to_register", "发送邮件至 service@example.org 报名"),
        **fields,
    )
    parent.add_child(instance=page)
    return publish(page)
