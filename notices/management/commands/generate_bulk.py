"""Synthetic but realistic data at scale, for the search and page benchmarks (docs/contract.md):

    python manage.py generate_bulk --centers 10000 --notices 2000 --events 1000

It lives in `notices` because it creates notices as well as centers and events (notices sits above
directory). Needs the demo content (load_demo) for the page tree and the taxonomies. Pages are inserted in bulk,
live, without revisions, and indexed in batches; a run adds to what is there (slugs carry a run tag).
Names follow the real patterns (赣州市章贡区稀土产业数字化转型促进中心), so the common words of real
names (数字化, 转型, 促进中心) are in nearly every document, as they would be."""

import datetime as dt
import random
import time
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page

from directory.demo import fictional_credit_code
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
    Industry,
    Rating,
    Service,
)
from directory.rules import pinyin_sort_key
from home.search import index_objects
from notices.drafting import NoticeIndexMissing, notice_index
from notices.models import PolicyNotice

COUNTIES = ["经开区", "高新区", "工业园", "新区", "东区", "西区", "南区", "北区", "产业园", "科技城", "临港", "滨江"]
SUFFIXES = ["产业数字化转型促进中心", "数字化转型促进中心", "产业数字化转型服务中心", "数字化转型公共服务中心"]
WORDS = ["智", "数", "云", "联", "创", "新", "达", "华", "瑞", "恒", "远", "信", "科", "源", "泰", "盛"]
BATCH = 500


def _path_step(parent: Page, position: int) -> str:
    return Page._get_path(parent.path, parent.depth + 1, position)


def bulk_insert_pages(parent: Page, pages: list[Page]) -> None:
    """Insert live `pages` (all of one page model) as the last children of `parent`, in a few statements
    per level of model inheritance, and fix the tree's child count. No revisions, no signals."""
    if not pages:
        return
    model = type(pages[0])
    parent = Page.objects.get(pk=parent.pk)
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    for position, page in enumerate(pages, start=parent.numchild + 1):
        page.depth = parent.depth + 1
        page.path = _path_step(parent, position)
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.locale_id = parent.locale_id
        page.content_type = content_type
        page.live = True
        page.has_unpublished_changes = False
        page.draft_title = page.title
        page.first_published_at = page.first_published_at or now
        page.last_published_at = now
        page.live_revision = None
        page.translation_key = uuid.uuid4()
    chain = sorted([*model._meta.get_parent_list(), model], key=lambda k: len(k._meta.get_parent_list()))
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    for start in range(0, len(pages), BATCH):
        chunk = pages[start : start + BATCH]
        rows = Page.objects.bulk_create(
            [Page(**{f.attname: getattr(p, f.attname) for f in page_fields}) for p in chunk]
        )
        for page, row in zip(chunk, rows, strict=True):
            page.id = row.id
            for klass in chain[1:]:
                for link in klass._meta.parents.values():
                    setattr(page, link.attname, row.id)
        for klass in chain[1:]:
            fields = list(klass._meta.local_concrete_fields)
            per_batch = max(1, 900 // len(fields))
            for i in range(0, len(chunk), per_batch):
                klass._base_manager._insert(chunk[i : i + per_batch], fields=fields, using=connection.alias)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def _index_in_batches(model, queryset, stdout) -> None:
    pks = list(queryset.values_list("pk", flat=True))
    for i in range(0, len(pks), BATCH):
        index_objects(model, queryset.filter(pk__in=pks[i : i + BATCH]))
        stdout.write(f"  indexed {min(i + BATCH, len(pks))}/{len(pks)} {model._meta.verbose_name_plural}")


class Command(BaseCommand):
    help = "Add N synthetic centers, M notices and K events (realistic names) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--centers", type=int, default=0)
        parser.add_argument("--notices", type=int, default=0)
        parser.add_argument("--events", type=int, default=0)
        parser.add_argument("--seed", type=int, default=4)

    def handle(self, *args, centers, notices, events, seed, **options):
        rng = random.Random(seed)
        zh = Locale.objects.filter(language_code="zh-hans").first()
        directory = DirectoryPage.objects.filter(locale=zh).first()
        event_index = EventIndexPage.objects.filter(locale=zh).first()
        if not (zh and directory and event_index):
            raise CommandError("Run `python manage.py load_demo` first: the page tree and taxonomies come from it.")
        self.tag = uuid.uuid4().hex[:6]
        self.areas = list(Area.objects.filter(locale=zh))
        self.industries = list(Industry.objects.filter(locale=zh))
        self.services = list(Service.objects.filter(locale=zh))
        started = time.perf_counter()
        with transaction.atomic():
            new_centers = self.make_centers(rng, directory, centers)
            self.make_events(rng, event_index, events, new_centers or list(CenterPage.objects.filter(locale=zh)[:200]))
            self.make_notices(rng, zh, notices)
        # Tell the query planner what was just loaded: without statistics (autovacuum off or not yet run)
        # PostgreSQL estimates a handful of rows per table and picks plans that are 10-100x slower at this
        # size (the home page: 163 ms unanalysed, 17 ms analysed, at 10,000 centers / 50,000 notices).
        # On PostgreSQL also VACUUM, outside a transaction (as autovacuum would soon do): it fills the visibility
        # map, without which every index-only scan reads the table's rows (the search's join of ~8,000 hits
        # with the live pages fetched each page row from the heap).
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute("VACUUM (ANALYZE)")
            else:
                cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {centers} centers, {notices} notices, {events} events in {time.perf_counter() - started:.1f} s"
            )
        )

    def make_centers(self, rng, directory, count) -> list:
        if not count:
            return []
        pages, links, offers = [], [], []
        year = timezone.localdate().year
        for n in range(count):
            area = rng.choice(self.areas)
            kind = rng.choice([CenterKind.REGIONAL, CenterKind.INDUSTRY])
            industries = rng.sample(self.industries, 1 if kind == CenterKind.INDUSTRY else rng.randint(2, 4))
            county = rng.choice(COUNTIES)
            if kind == CenterKind.INDUSTRY:
                title = f"{area.name}{county}{industries[0].name}{rng.choice(SUFFIXES)}"
            else:
                title = f"{area.name}{county}{rng.choice(SUFFIXES[1:])}"
            lead = f"{area.name[:2]}{rng.choice(WORDS)}{rng.choice(WORDS)}数字科技有限公司"
            chosen = rng.sample(self.services, rng.randint(3, 8))
            industry_names = "、".join(i.name for i in industries)
            pages.append(
                CenterPage(
                    title=title,
                    slug=f"bulk-{self.tag}-{n}",
                    kind=kind,
                    area=area,
                    lead_unit_name=lead,
                    lead_unit_credit_code=fictional_credit_code(area.division_code, 100000 + n),
                    management_unit=area.bureau_name,
                    batch_year=rng.randint(2021, year),
                    introduction=f"<p>{title}由{lead}牵头建设，面向{area.name}{industry_names}企业提供"
                    f"{'、'.join(s.name for s in chosen)}等数字化转型公共服务。</p>",
                    address=f"{area.name}{county}创新大道{n % 300 + 1}号",
                    phone=f"0791-{8000000 + n}",
                    email=f"bulk{n}@dtpc.example",
                    name_sort_key=pinyin_sort_key(title),
                    industry_ids=sorted({i.pk for i in industries}),  # what save() keeps from the links below
                    service_ids=sorted({s.pk for s in chosen}),
                    latest_rating=rng.choice(Rating.values),
                    latest_rating_year=year - 1,
                    first_published_at=timezone.now() - dt.timedelta(days=rng.randint(0, 1500)),
                )
            )
            links.append(industries)
            offers.append(chosen)
        bulk_insert_pages(directory, pages)
        CenterIndustry.objects.bulk_create(
            [
                CenterIndustry(center_id=p.pk, industry=i, sort_order=k)
                for p, inds in zip(pages, links, strict=False)
                for k, i in enumerate(inds)
            ],
            batch_size=BATCH,
        )
        CenterService.objects.bulk_create(
            [
                CenterService(center_id=p.pk, service=s, sort_order=k, description=f"面向企业开展{s.name}服务。")
                for p, chosen in zip(pages, offers, strict=False)
                for k, s in enumerate(chosen)
            ],
            batch_size=BATCH,
        )
        queryset = (
            CenterPage.objects.filter(pk__in=[p.pk for p in pages])
            .select_related("area")
            .prefetch_related("former_names", "industry_links__industry", "service_links__service")
        )
        _index_in_batches(CenterPage, queryset, self.stdout)
        return pages

    def make_events(self, rng, event_index, count, centers) -> None:
        if not count:
            return
        pages, industries, organisers = [], [], []
        now = timezone.now()
        for n in range(count):
            area = rng.choice(self.areas)
            chosen = rng.sample(self.industries, rng.randint(1, 2))
            starts = now + dt.timedelta(days=rng.randint(-400, 200), hours=rng.randint(0, 8))
            title = f"{area.name}{chosen[0].name}产业{rng.choice(['供需对接会', '数字化诊断服务活动', '产融对接会', '人才培训班'])}"
            pages.append(
                EventPage(
                    title=title,
                    slug=f"bulk-{self.tag}-{n}",
                    starts_at=starts,
                    ends_at=starts + dt.timedelta(hours=rng.randint(2, 8)),
                    venue=f"{area.name}{rng.choice(COUNTIES)}会展中心",
                    area=area,
                    audience="相关企业和服务商",
                    capacity=rng.choice([50, 100, 200]),
                    how_to_register="发送邮件报名。",
                    description=f"<p>{title}，邀请服务商展示解决方案。</p>",
                )
            )
            industries.append(chosen)
            organisers.append(rng.choice(centers))
        bulk_insert_pages(event_index, pages)
        EventIndustry.objects.bulk_create(
            [
                EventIndustry(event_id=p.pk, industry=i, sort_order=k)
                for p, inds in zip(pages, industries, strict=False)
                for k, i in enumerate(inds)
            ]
        )
        EventOrganiser.objects.bulk_create(
            [EventOrganiser(event_id=p.pk, center=c) for p, c in zip(pages, organisers, strict=False)]
        )
        queryset = (
            EventPage.objects.filter(pk__in=[p.pk for p in pages])
            .select_related("area")
            .prefetch_related("industry_links__industry", "organisers__center")
        )
        _index_in_batches(EventPage, queryset, self.stdout)

    def make_notices(self, rng, zh, count) -> None:
        if not count:
            return
        try:
            index = notice_index(locale=zh)
        except NoticeIndexMissing as missing:
            raise CommandError("No notice list: run `python manage.py load_demo` first.") from missing
        pages = []
        today = timezone.localdate()
        topics = ["数字化转型", "工业互联网", "智能制造", "中小企业数字化", "数据要素", "产业集群"]
        for n in range(count):
            year = rng.randint(2019, today.year)
            topic = rng.choice(topics)
            area = rng.choice(self.areas)
            title = (
                f"关于印发{area.name}{topic}{rng.choice(['工作方案', '实施意见', '专项行动计划', '管理办法'])}的通知"
            )
            pages.append(
                PolicyNotice(
                    title=title,
                    slug=f"bulk-{self.tag}-{n}",
                    kind="policy",
                    document_number=f"赣工信字〔{year}〕{n % 300 + 1}号",
                    issuing_units="江西省工业和信息化厅",
                    published_on=dt.date(year, rng.randint(1, 12), rng.randint(1, 28)),
                    summary=f"{area.name}推进{topic}的政策文件。",
                    body=[],
                )
            )
        bulk_insert_pages(index, pages)
        _index_in_batches(PolicyNotice, PolicyNotice.objects.filter(pk__in=[p.pk for p in pages]), self.stdout)
