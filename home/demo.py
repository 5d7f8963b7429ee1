"""Demo content for the site shell: locales, the page tree with stable slugs, information pages, and the
demo accounts. Safe to run again: everything is found by a natural key before it is created."""

import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Collection, Locale, Page, Site

from home.models import FiguresPage, HomePage, StandardPage
from home.public_address import public_host_and_port, site_follows_public_address
from home.roles import (
    CENTER_MANAGERS,
    CITY_REVIEWERS,
    EXPERT_REVIEWERS,
    MANAGEMENT_UNITS,
    OBJECTION_HANDLERS,
    PROVINCIAL_EDITORS,
    ensure_roles,
)

PASSWORD_FILE = Path(settings.BASE_DIR) / ".demo-password"

# username → (first name, groups, is_superuser)
DEMO_USERS = {
    "admin": ("管理员", [], True),
    "editor": ("省厅编辑", [PROVINCIAL_EDITORS], False),
    "nanchang": ("南昌市工信局审核员", [CITY_REVIEWERS], False),
    "ganzhou": ("赣州市工信局审核员", [CITY_REVIEWERS], False),
    "handler": ("异议处理人", [OBJECTION_HANDLERS], False),
    "expert": ("评审专家", [EXPERT_REVIEWERS], False),
    # The recommending unit of an industry center (Art. 11); tied to it by submissions.demo_evaluation.
    "industry": ("陶瓷产业推进办审核员", [MANAGEMENT_UNITS], False),
    # A center's own staff (Center managers); tied to the 赣州 rare-earth center by directory.demo.
    "center": ("赣州稀土促进中心管理员", [CENTER_MANAGERS], False),
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


def ensure_tree_roots(zh: Locale) -> None:
    """Wagtail's root page and root collection, which its migrations create; recreated when a database was
    emptied since (`manage.py flush`, or a transactional test), so the demo loads on it all the same."""
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", locale=zh))
    if not Collection.objects.filter(depth=1).exists():
        Collection.add_root(name="Root")


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
    hostname, port = public_host_and_port()
    if site is None:
        Site.objects.create(
            hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="江西省数字化转型促进中心"
        )
    else:
        if site.root_page_id != home.pk:
            site.root_page = home
            site.save()
        site_follows_public_address(site)
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
    ensure_tree_roots(zh)
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
            "<p>江西省工业和信息化厅致力于让所有人，包括老年人和残障人士，都能使用本网站查询通知、公示和促进中心名录，"
            "并在线提交申报和异议。</p>"
            "<h2>遵循的标准</h2>"
            "<ul><li>《信息技术 互联网内容无障碍可访问性技术要求与测试方法》(GB/T 37668-2019)；</li>"
            "<li>万维网联盟《Web 内容无障碍指南》(WCAG) 2.1 AA 级；</li>"
            "<li>工业和信息化部《互联网网站适老化通用设计规范》。</li></ul>"
            "<h2>您可以这样使用本网站</h2>"
            "<ul><li>点击页面顶部的“适老化模式”：字号放大到 20 像素、文字对比度达到 7:1、按钮和链接更大、页面无动画和弹窗；"
            "设置会被记住，再次点击即可关闭；</li>"
            "<li>只用键盘操作全部功能，按 Tab 键时可以清楚看到当前位置，第一个链接可直接跳到正文；</li>"
            "<li>把页面放大到 200% 或 400%，内容自动改为单栏显示，不会被截断；</li>"
            "<li>使用读屏软件：每个页面有一个主标题，表单的每一项都有文字标签，出错时在页面顶部列出所有问题，"
            "并在出错的输入框旁说明如何改正，已填写的内容不会丢失；</li>"
            "<li>在不开启 JavaScript 的浏览器中使用全部功能。</li></ul>"
            "<h2>我们如何检查</h2>"
            "<p>每次发布前，自动化测试在真实浏览器中以桌面和手机两种宽度走完主要办事流程（查找促进中心、下载活动日程、"
            "提交异议并查询进度、保存申报草稿、发布通知），其中查找促进中心和提交异议两项只用键盘完成；并用 axe-core "
            "检查每一类公开页面的中文版和英文版、普通模式和适老化模式，不允许出现严重或关键级别的问题。</p>"
            "<h2>已知不足</h2>"
            "<ul><li>部分历史附件为扫描版 PDF，读屏软件无法读取，我们正在逐步替换；如需可访问版本，请与我们联系，"
            "我们将在 5 个工作日内提供文字版本；</li>"
            "<li>申报和异议表单的验证码为图片算式，读屏用户如无法完成，可致电我们代为登记；</li>"
            "<li>供编辑和审核人员使用的管理后台（/admin/）由 Wagtail 提供，尚未按本声明逐项检查。</li></ul>"
            "<h2>联系我们</h2>"
            "<p>如在使用中遇到障碍，或需要以其他形式获取信息，请致电 0791-00000000（工作日 9:00–17:00）或发送邮件至 "
            "dtpc@gxt.jiangxi.example，说明您访问的页面和遇到的问题。我们将在 5 个工作日内答复。</p>"
        ),
    )
    ensure_translation(
        accessibility,
        en,
        title="Accessibility statement",
        body=(
            "<p>The Department of Industry and Information Technology of Jiangxi Province wants everyone, including "
            "older people and people with disabilities, to be able to use this site to read notices and publicity "
            "lists, search the directory of centers, and apply or object online.</p>"
            "<h2>Standards we follow</h2>"
            "<ul><li>GB/T 37668-2019, Information technology: accessibility requirements and testing methods for "
            "web content;</li>"
            "<li>the Web Content Accessibility Guidelines (WCAG) 2.1, level AA;</li>"
            "<li>the Ministry of Industry and Information Technology's general design rules for making websites "
            "suitable for older people (适老化).</li></ul>"
            "<h2>What you can do on this site</h2>"
            "<ul><li>choose “Elder-friendly mode” at the top of any page: 20-pixel type, text contrast of at "
            "least 7:1, bigger buttons and links, no motion and no pop-ups; the site remembers your choice until "
            "you switch it off;</li>"
            "<li>do everything with the keyboard alone, always seeing where the focus is, and skip straight to the "
            "main content;</li>"
            "<li>zoom to 200% or 400%: the page reflows into one column and nothing is cut off;</li>"
            "<li>use a screen reader: every page has one main heading, every form field has a label, and when "
            "something is wrong a summary at the top lists each problem and the field says how to put it right, "
            "keeping what you typed;</li>"
            "<li>use every service without JavaScript.</li></ul>"
            "<h2>How we check</h2>"
            "<p>Before every release, automated tests drive a real browser, at desktop and phone widths, through the "
            "main journeys (finding a center, downloading an event, filing and tracking an objection, saving a "
            "draft application, publishing a notice); finding a center and filing an objection are also done with "
            "the keyboard alone. axe-core checks every kind of public page, in Chinese and in English, in the normal "
            "and the elder-friendly mode, and no serious or critical problem is allowed.</p>"
            "<h2>Known gaps</h2>"
            "<ul><li>Some older attachments are scanned PDFs that screen readers cannot read; we are replacing them. "
            "Contact us and we will send a text version within 5 working days.</li>"
            "<li>The security check on the application and objection forms is a sum shown as a picture; if you "
            "cannot complete it with a screen reader, call us and we will register your submission.</li>"
            "<li>The admin site used by editors and reviewers (/admin/) is provided by Wagtail and has not yet been "
            "checked against this statement.</li></ul>"
            "<h2>Contact</h2>"
            "<p>If you meet a barrier or need information in another format, call 0791-00000000 (working days "
            "9:00–17:00) or email dtpc@gxt.jiangxi.example, telling us the page and the problem. We reply "
            "within 5 working days.</p>"
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
    figures = ensure_child(
        home,
        FiguresPage,
        "figures",
        title="数据统计",
        intro="<p>促进中心的数量与分布、历年运行评价结果、各批次申报和公示异议数量、供需对接活动，均来自本网站已公开的信息。</p>",
    )
    ensure_translation(
        figures,
        en,
        title="Figures",
        intro=(
            "<p>The number and spread of centers, evaluation ratings by year, applications and objections per round, "
            "and matchmaking events, all from what this site already publishes.</p>"
        ),
    )
    users = ensure_users(site_root=Page.get_first_root_node())
    return {"home": home, "locales": (zh, en), "users": users}
