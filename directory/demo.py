"""Demo content of the directory: the taxonomies (12 areas, industries, the ten services of Art. 2) in both
languages, the directory and events pages, fictional centers with ratings and standing, and matchmaking
events. Safe to run again: snippets are found by slug, pages by slug under their parent."""

import datetime as dt

from django.utils import timezone
from wagtail.models import ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from directory import services
from directory.demo_data import AREAS, CENTERS, EVENTS, INDUSTRIES, SERVICE_OFFERS, SERVICES
from directory.models import (
    Area,
    CenterIndustry,
    CenterManager,
    CenterPage,
    CenterService,
    CenterStatus,
    ConsortiumMember,
    DirectoryPage,
    EventIndexPage,
    EventIndustry,
    EventOrganiser,
    EventPage,
    FormerName,
    Industry,
    Service,
)
from directory.rules import management_unit_for
from directory.validators import credit_code_for_seed
from home.china import CHINA
from home.demo import ensure_child, ensure_translation
from home.search import deferred_indexing, index_objects


def fictional_credit_code(division_code: str, serial: int) -> str:
    """Kept for `generate_bulk` only (which the notices team is moving): call
    `directory.validators.credit_code_for_seed` instead, then remove this."""
    return credit_code_for_seed(serial, division_code=division_code)


def _ensure_snippet(model, slug: str, order: int, zh, en, zh_fields: dict, en_fields: dict):
    """The Chinese snippet with this slug and its English translation (same translation key)."""
    obj = model.objects.filter(locale=zh, slug=slug).first() or model(locale=zh, slug=slug)
    for name, value in {**zh_fields, "sort_order": order}.items():
        setattr(obj, name, value)
    obj.save()
    translated = model.objects.filter(locale=en, translation_key=obj.translation_key).first()
    if translated is None:
        translated = obj.copy_for_translation(en)
    for name, value in {**en_fields, "slug": slug, "sort_order": order}.items():
        setattr(translated, name, value)
    translated.save()
    return obj, translated


def load_taxonomies(zh, en) -> dict:
    areas, industries, service_objs = {}, {}, {}
    for order, (slug, (name, name_en, code, bureau, bureau_en)) in enumerate(AREAS.items()):
        areas[slug] = _ensure_snippet(
            Area,
            slug,
            order,
            zh,
            en,
            {"name": name, "division_code": code, "bureau_name": bureau},
            {"name": name_en, "division_code": code, "bureau_name": bureau_en},
        )
    for order, (slug, (name, name_en)) in enumerate(INDUSTRIES.items()):
        industries[slug] = _ensure_snippet(Industry, slug, order, zh, en, {"name": name}, {"name": name_en})
    for order, (slug, (name, name_en, text, text_en)) in enumerate(SERVICES.items()):
        service_objs[slug] = _ensure_snippet(
            Service, slug, order, zh, en, {"name": name, "description": text}, {"name": name_en, "description": text_en}
        )
    return {"areas": areas, "industries": industries, "services": service_objs}


def _center_fields(slug: str, data: dict, serial: int, tax: dict, lang: int) -> dict:
    """Page fields and child rows of one demo center; lang 0 = Chinese, 1 = English."""
    area_zh, area_en = tax["areas"][data["area"]]
    area = (area_zh, area_en)[lang]
    industries = [tax["industries"][s][lang] for s in data["industries"]]
    industry_names = ("、" if lang == 0 else ", ").join(i.name for i in industries)
    services_offered = [
        CenterService(
            service=tax["services"][s][lang], description=SERVICE_OFFERS[s][lang].format(industries=industry_names)
        )
        for s in data["services"]
    ]
    if lang == 0:
        title = data["name"]
        intro = (
            f"<p>{data['name']}由{data['lead']}牵头建设，面向{area.name}{industry_names}企业，"
            f"提供数字化转型供需对接、诊断咨询等公共服务，帮助企业制定切合实际的数字化改造方案。</p>"
        )
    else:
        title = data["en"]
        intro = (
            f"<p>Led by {data['lead']}, the center serves {industry_names} enterprises in {area.name} with "
            "public digital transformation services, from diagnosis to matchmaking.</p>"
        )
    return {
        "title": title,
        "kind": data["kind"],
        "area": area,
        "lead_unit_name": data["lead"],
        "lead_unit_credit_code": credit_code_for_seed(1000 + serial, division_code=area_zh.division_code),
        # Art. 11: a regional center's is its city bureau; an industry center's is its recommending unit,
        # which the demo gives for one center (directory.rules.management_unit_for).
        "management_unit": management_unit_for(
            kind=data["kind"], area=area, recommended_by=data.get("recommended_by", (area.bureau_name,) * 2)[lang]
        ),
        "batch_year": batch_year(data),
        "introduction": intro,
        "address": data["address"],
        "phone": data["phone"],
        "email": f"service@{slug}.dtpc.example",
        "website": f"https://{slug}.dtpc.example/",
        "industry_links": [CenterIndustry(industry=i) for i in industries],
        "service_links": services_offered,
        "consortium_members": [
            ConsortiumMember(
                name=name,
                credit_code=credit_code_for_seed(5000 + serial * 10 + n, division_code=area_zh.division_code),
                role=("成员单位", "consortium member")[lang],
            )
            for n, name in enumerate(data.get("members", []))
        ],
        "former_names": (
            [FormerName(name=data["former"], until=dt.date(batch_year(data), 12, 31))] if data.get("former") else []
        ),
    }


# The year the centers' batches in demo_data are written as of: the newest batch is that year's round, whose
# ended 公示 and published list the demo shows. Batches move with the calendar, as the ratings do.
DATA_WRITTEN_IN = 2025


def batch_year(data: dict) -> int:
    """The year a demo center was recognised, relative to today: the newest batch is last year's round."""
    return data["batch"] + (timezone.localdate().year - DATA_WRITTEN_IN)


def load_centers(home, zh, en, tax) -> tuple[DirectoryPage, dict]:
    directory = ensure_child(
        home,
        DirectoryPage,
        "centers",
        title="促进中心名录",
        intro="<p>经省工业和信息化厅认定的区域型和行业型数字化转型促进中心。可按地区、行业、服务和评价结果查找。</p>",
    )
    ensure_translation(
        directory,
        en,
        title="Center directory",
        intro="<p>Regional and industry Digital Transformation Promotion Centers recognised by the provincial "
        "department. Find them by area, industry, service and rating.</p>",
    )
    centers, versions = {}, []
    for serial, (slug, data) in enumerate(CENTERS.items()):
        center = ensure_child(directory, CenterPage, slug, **_center_fields(slug, data, serial, tax, 0))
        centers[slug] = center
        versions += [center, ensure_translation(center, en, **_center_fields(slug, data, serial, tax, 1))]

    today = timezone.localdate()
    for slug, data in CENTERS.items():
        center = centers[slug]
        for year, rating in zip((today.year - 2, today.year - 1), data["ratings"], strict=True):
            if rating:
                services.center_record_rating(center=center, year=year, rating=rating, reason="演示数据")
        status, cause = data.get("status", (CenterStatus.ACTIVE, None))
        if status == CenterStatus.REVOKED:
            services.center_mark_revoked(center=center, cause=cause, effective_on=today - dt.timedelta(days=60))
        elif status == CenterStatus.REORGANISING:
            services.center_set_status(center=center, status=status, on=today - dt.timedelta(days=90))
        else:
            services.center_set_status(center=center, status=CenterStatus.ACTIVE, on=dt.date(batch_year(data), 12, 1))
    return directory, centers, versions


def load_events(home, zh, en, tax, centers) -> tuple[EventIndexPage, list]:
    index = ensure_child(
        home,
        EventIndexPage,
        "events",
        title="供需对接活动",
        intro="<p>各促进中心举办的数字化转型供需对接会、诊断服务和培训活动。</p>",
    )
    ensure_translation(
        index,
        en,
        title="Matchmaking events",
        intro="<p>Supply–demand matchmaking events, diagnosis days and training run by the centers.</p>",
    )
    today = timezone.localdate()
    versions = []
    for slug, data in EVENTS.items():
        day = today + dt.timedelta(days=data["days"])
        starts = dt.datetime.combine(day, dt.time(data["start_hour"]), tzinfo=CHINA)
        deadline = dt.datetime.combine(today + dt.timedelta(days=data["deadline_days"]), dt.time(17), tzinfo=CHINA)
        first_organiser = centers[data["organisers"][0]]
        common = {
            "starts_at": starts,
            "ends_at": starts + dt.timedelta(hours=data["hours"]),
            "venue": data["venue"],
            "registration_deadline": deadline,
            "capacity": data["capacity"],
            "online_registration": data.get("online_registration", False),
        }
        event = ensure_child(
            index,
            EventPage,
            slug,
            title=data["title"],
            area=tax["areas"][data["area"]][0],
            audience=data["audience"],
            how_to_register=(
                f"请在报名截止前发送邮件至 {first_organiser.email}，注明单位名称、参会人数和联系人；"
                f"或致电 {first_organiser.phone}。名额有限，额满即止。"
            ),
            description=f"<p>{data['title']}由{'、'.join(centers[o].title for o in data['organisers'])}主办，"
            f"邀请服务商现场展示解决方案，企业可预约一对一对接。</p>",
            industry_links=[EventIndustry(industry=tax["industries"][s][0]) for s in data["industries"]],
            organisers=[EventOrganiser(center=centers[o]) for o in data["organisers"]],
            **common,
        )
        translated = ensure_translation(
            event,
            en,
            title=data["en"],
            area=tax["areas"][data["area"]][1],
            audience="Enterprises and service providers (see the Chinese page for details)",
            how_to_register=(
                f"Email {first_organiser.email} before the deadline with your organisation, the number of "
                f"attendees and a contact person, or call {first_organiser.phone}. Places are limited."
            ),
            description=f"<p>{data['en']}: providers demonstrate solutions; enterprises can book one-to-one "
            "meetings.</p>",
            industry_links=[EventIndustry(industry=tax["industries"][s][1]) for s in data["industries"]],
            organisers=[
                EventOrganiser(center=centers[o].get_translation_or_none(en) or centers[o]) for o in data["organisers"]
            ],
            **common,
        )
        versions += [event, translated]
    return index, versions


def load(context: dict) -> str:
    zh, en = context["locales"]
    home = context["home"]
    indexed = (Area, Industry, Service, DirectoryPage, CenterPage, EventIndexPage, EventPage)
    # Search and reference indexes are written once at the end, not on every save of every page.
    with deferred_indexing(*indexed), disable_reference_index_auto_update():
        tax = load_taxonomies(zh, en)
        directory, centers, center_versions = load_centers(home, zh, en, tax)
        events_page, events = load_events(home, zh, en, tax, centers)
    # Indexed once, after every child row is committed.
    for model, objects in (
        (Area, [a for pair in tax["areas"].values() for a in pair]),
        (Industry, [i for pair in tax["industries"].values() for i in pair]),
        (Service, [s for pair in tax["services"].values() for s in pair]),
        (CenterPage, CenterPage.objects.filter(pk__in=[p.pk for p in center_versions])),
        (EventPage, EventPage.objects.filter(pk__in=[p.pk for p in events])),
    ):
        index_objects(model, objects)
    for page in [*center_versions, *events]:
        ReferenceIndex.create_or_update_for_object(page)
    # The demo's center staff account runs the rare-earth center, a co-organiser of the diagnosis day.
    center_user = context.get("users", {}).get("center")
    if center_user is not None:
        CenterManager.objects.get_or_create(user=center_user, center=centers["ganzhou-rare-earths"])
    context.update(
        {
            "centers": centers,
            "areas": {slug: pair[0] for slug, pair in tax["areas"].items()},
            "industries": {slug: pair[0] for slug, pair in tax["industries"].items()},
            "services": {slug: pair[0] for slug, pair in tax["services"].items()},
            "directory_page": directory,
            "events_page": events_page,
        }
    )
    return (
        f"{len(AREAS)} areas, {len(INDUSTRIES)} industries, {len(SERVICES)} services, "
        f"{len(centers)} centers, {len(events) // 2} events (each in Chinese and English)"
    )
