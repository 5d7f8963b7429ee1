"""Demo content for the site shell: locales, the page tree with stable slugs, information pages, and the
demo accounts. Safe to run again: everything is found by a natural key before it is created."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page, Site

from home.models import HomePage, StandardPage
from home.roles import CITY_REVIEWERS, EXPERT_REVIEWERS, OBJECTION_HANDLERS, PROVINCIAL_EDITORS, ensure_roles

PASSWORD_FILE = Path(settings.BASE_DIR) / ".demo-password"

# username → (first name, groups, is_superuser)
DEMO_USERS = {
    "admin": ("管理员", [], True),
    "editor": ("省厅编辑", [PROVINCIAL_EDITORS], False),
    "nanchang": ("南昌市工信局审核员", [CITY_REVIEWERS], False),
    "ganzhou": ("赣州市工信局审核员", [CITY_REVIEWERS], False),
    "handler": ("异议处理人", [OBJECTION_HANDLERS], False),
    "expert": ("评审专家", [EXPERT_REVIEWERS], False),
}


def demo_password() -> str:
    """DEMO_PASSWORD when set; otherwise one random password, generated on the first run and kept in a
    git-ignored file so later runs print the same one."""
    if os.environ.get("DEMO_PASSWORD"):
        return os.environ["DEMO_PASSWORD"]
    if PASSWORD_FILE.exists():
        return PASSWORD_FILE.read_text().strip()
    password = secrets.token_urlsafe(12)
    PASSWORD_FILE.write_text(password + "\n")
    PASSWORD_FILE.chmod(0o600)
    return password


def ensure_locales() -> tuple[Locale, Locale]:
    zh, _ = Locale.objects.get_or_create(language_code="zh-hans")
    en, _ = Locale.objects.get_or_create(language_code="en")
    return zh, en


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def child_by_slug(parent: Page, slug: str):
    return parent.get_children().filter(slug=slug).specific().first()


def ensure_child(parent: Page, model, slug: str, **fields) -> Page:
    """Find the child page by slug under `parent`, or create it; update its fields and publish."""
    page = child_by_slug(parent, slug)
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for name, value in fields.items():
            setattr(page, name, value)
    return publish(page)


def ensure_translation(page: Page, locale: Locale, **fields) -> Page:
    """The page's translation into `locale`, created with Wagtail's copy_for_translation when missing."""
    translated = page.get_translation_or_none(locale)
    if translated is None:
        translated = page.copy_for_translation(locale, copy_parents=True)
    translated = translated.specific
    for name, value in fields.items():
        setattr(translated, name, value)
    return publish(translated)


def ensure_home(zh: Locale) -> HomePage:
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(locale=zh).first()
    # Wagtail's first migration leaves a plain "Welcome" page at /home; it makes way for ours.
    Page.objects.filter(depth=2, slug="home", content_type__model="page").exclude(
        pk__in=HomePage.objects.values("pk")
    ).delete()
    intro = [
        (
            "paragraph",
            "<p>江西省省级数字化转型促进中心公共服务平台发布申报通知、公示名单和评价结果，提供促进中心名录查询，"
            "受理申报和异议。</p>",
        )
    ]
    if home is None:
        home = HomePage(title="江西省省级数字化转型促进中心", slug="home", locale=zh, intro=intro)
        root.add_child(instance=home)
    else:
        home.title = "江西省省级数字化转型促进中心"
        home.intro = intro
    home = publish(home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="江西省数字化转型促进中心"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def ensure_users(*, site_root=None) -> dict:
    groups = ensure_roles(site_root=site_root)
    User = get_user_model()
    password = demo_password()
    users = {}
    for username, (first_name, group_names, is_superuser) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first_name, "email": f"{username}@example.org"}
        )
        user.first_name = first_name
        user.is_staff = True
        user.is_superuser = is_superuser
        if created or os.environ.get("DEMO_PASSWORD") or not user.check_password(password):
            user.set_password(password)
        user.save()
        for name in group_names:
            user.groups.add(groups[name])
        users[username] = user
    return users


def load(stdout=None) -> dict:
    zh, en = ensure_locales()
    home = ensure_home(zh)
    ensure_translation(
        home,
        en,
        title="Jiangxi Provincial Digital Transformation Promotion Centers",
        intro=[
            (
                "paragraph",
                "<p>The public service platform of Jiangxi's provincial Digital Transformation Promotion Centers: "
                "application notices, publicity lists, evaluation results, a directory of centers, and online "
                "applications and objections.</p>",
            )
        ],
    )
    accessibility = ensure_child(
        home,
        StandardPage,
        "accessibility",
        title="无障碍声明",
        body=(
            "<p>本网站按照《信息技术 互联网内容无障碍可访问性技术要求与测试方法》(GB/T 37668-2019) 和 WCAG 2.1 AA "
            "级要求建设，并提供适老化模式（更大字号、更高对比度、更大的点击区域、无动画）。</p>"
            "<h2>已知不足</h2><p>部分历史附件为扫描版 PDF，读屏软件无法读取；如需可访问版本，请与我们联系。</p>"
            "<h2>联系我们</h2><p>如在使用中遇到障碍，请致电 0791-00000000 或发送邮件至 dtpc@gxt.jiangxi.example，我们将在 5 个工作日内答复。</p>"
        ),
    )
    ensure_translation(
        accessibility,
        en,
        title="Accessibility statement",
        body=(
            "<p>This site is built to GB/T 37668-2019 and WCAG 2.1 level AA, and offers an elder-friendly mode "
            "(larger type, higher contrast, bigger targets, no motion).</p>"
            "<h2>Known gaps</h2><p>Some older attachments are scanned PDFs that screen readers cannot read; "
            "contact us for an accessible version.</p>"
            "<h2>Contact</h2><p>If you meet a barrier, call 0791-00000000 or email dtpc@gxt.jiangxi.example; "
            "we reply within 5 working days.</p>"
        ),
    )
    privacy = ensure_child(
        home,
        StandardPage,
        "privacy",
        title="隐私声明",
        body=(
            "<p>我们依照《中华人民共和国个人信息保护法》处理您在申报和异议中提交的个人信息，仅用于办理该事项，"
            "不向无关方提供。异议办结后超过保存期限的个人信息将被删除，仅保留统计数字和处理结果。</p>"
        ),
    )
    ensure_translation(
        privacy,
        en,
        title="Privacy notice",
        body=(
            "<p>We process the personal information you give in applications and objections under the Personal "
            "Information Protection Law, only to handle that matter. Personal data of closed objections is erased "
            "after the retention period; only counts and outcomes are kept.</p>"
        ),
    )
    users = ensure_users(site_root=Page.get_first_root_node())
    return {"home": home, "locales": (zh, en), "users": users}
