"""Government-site norms in the footer (网站标识码, ICP and public-security filings, the 党政机关 mark: shown only
when set), the header's names wrapping between words, the catalogues compiled without GNU gettext, and the
box `make run` ends with."""

import gettext
import io
import os

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.models import Site

from home.management.commands.compile_catalogues import compile_catalogue, project_catalogues
from home.models import SiteChrome
from home.templatetags.site_tags import word_breaks


def footer(client, path="/"):
    response = client.get(path)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").select_one("footer")


@pytest.mark.django_db
def test_footer_shows_no_filing_or_mark_until_they_are_set(client, site_tree):
    text = footer(client).get_text(" ", strip=True)
    for absent in ("网站标识码", "ICP", "公网安备", "党政机关"):
        assert absent not in text
    assert "主办单位：江西省工业和信息化厅" in text


@pytest.mark.django_db
def test_english_pages_show_the_address_in_english_or_mark_the_chinese_one(client, site_tree):
    assert "Address: Nanchang, Jiangxi Province" in footer(client, "/en/").get_text(" ", strip=True)
    assert "地址：江西省南昌市" in footer(client, "/").get_text(" ", strip=True)
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    chrome.address_en = ""
    chrome.save()
    address = footer(client, "/en/").find(lang="zh-Hans", string="江西省南昌市")
    assert address is not None, "a Chinese address on an English page is marked as Chinese for screen readers"


@pytest.mark.django_db
def test_footer_shows_the_site_code_filings_and_government_mark_once_set(client, site_tree, settings):
    settings.PAGE_MEMO_ENABLED = False
    chrome = SiteChrome.for_site(Site.objects.get(is_default_site=True))
    chrome.site_identifier = "3600000012"
    chrome.icp_number = "赣ICP备05000001号"
    chrome.public_security_number = "赣公网安备 36010202000123号"
    chrome.government_mark_url = "https://bszs.conac.cn/sitename?method=show&id=EXAMPLE"
    chrome.save()

    block = footer(client)
    text = block.get_text(" ", strip=True)
    assert "网站标识码：3600000012" in text
    icp = block.find("a", string="赣ICP备05000001号")
    assert icp["href"] == "https://beian.miit.gov.cn/"
    police = block.find("a", string="赣公网安备 36010202000123号")
    assert police["href"].endswith("code=36010202000123")
    mark = block.select_one(".site-footer__mark a")
    assert mark["href"] == chrome.government_mark_url and mark.get_text(strip=True) == "党政机关"

    english = footer(client, "/en/").get_text(" ", strip=True)
    assert "Site identification code: 3600000012" in english


@pytest.mark.django_db
def test_elder_mode_button_says_how_to_leave_it(client, site_tree):
    def button(path):
        page = BeautifulSoup(client.get(path).content, "html.parser")
        return page.select_one(".elder-toggle button").get_text(strip=True)

    assert button("/") == "适老化模式"
    client.post("/elder-mode/", {"mode": "on", "next": "/"})
    assert button("/") == "退出适老化模式"
    assert button("/en/") == "Leave elder-friendly mode"


def test_header_names_wrap_only_between_words():
    assert str(word_breaks("江西省工业和信息化厅")) == "江西省<wbr>工业和<wbr>信息化厅"
    assert str(word_breaks("江西省省级数字化转型促进中心")) == "江西省<wbr>省级<wbr>数字化<wbr>转型<wbr>促进中心"
    assert str(word_breaks("Jiangxi <b>")) == "Jiangxi &lt;b&gt;"


PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: zh_Hans\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"

msgid "Industries: %(items)s"
msgstr "行业：%(items)s"

msgid "%(counter)s place"
msgid_plural "%(counter)s places"
msgstr[0] "名额 %(counter)s 个"

#, fuzzy
msgid "Not yet checked"
msgstr "未核对"
"""


def test_catalogues_compile_in_python_without_gettext(tmp_path):
    folder = tmp_path / "app" / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(PO, encoding="utf-8")
    (tmp_path / ".venv" / "lib" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / ".venv" / "lib" / "LC_MESSAGES" / "other.po").write_text(PO, encoding="utf-8")

    assert project_catalogues(tmp_path) == [folder / "django.po"]
    assert compile_catalogue(folder / "django.po") == (True, [])
    with (folder / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert catalogue.gettext("Industries: %(items)s") == "行业：%(items)s"
    assert catalogue.ngettext("%(counter)s place", "%(counter)s places", 5) == "名额 %(counter)s 个"
    assert catalogue.gettext("Not yet checked") == "Not yet checked", "fuzzy entries are left out, as msgfmt does"
    assert compile_catalogue(folder / "django.po") == (False, []), "an up-to-date .mo is left alone"


def test_a_catalogue_whose_placeholders_do_not_match_is_refused(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(PO.replace('msgstr "行业：%(items)s"', 'msgstr "行业：%(item)s"'), encoding="utf-8")
    written, problems = compile_catalogue(po)
    assert not written and not (tmp_path / "django.mo").exists()
    assert problems and "django.po" in problems[0]


def test_the_project_catalogues_compile(settings, tmp_path):
    """Every catalogue in git compiles with Babel (what `make run` does), none with placeholder errors."""
    catalogues = project_catalogues(settings.BASE_DIR)
    assert len(catalogues) >= 5
    for po in catalogues:
        copy = tmp_path / f"{po.parent.parent.parent.parent.name}.po"
        copy.write_bytes(po.read_bytes())
        assert compile_catalogue(copy, force=True) == (True, [])


def test_compile_catalogues_command_fails_loudly_on_a_broken_catalogue(settings, tmp_path):
    folder = tmp_path / "locale" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.po").write_text(PO.replace('"行业：%(items)s"', '"行业：%(item)s"'), encoding="utf-8")
    settings.BASE_DIR = tmp_path
    with pytest.raises(CommandError, match="django.po"):
        call_command("compile_catalogues", stdout=io.StringIO())


@pytest.mark.django_db
def test_load_demo_ends_with_the_address_and_login_and_counts_what_the_desk_lists(locales, monkeypatch):
    from submissions.models import Application, Objection
    from submissions.states import ApplicationState

    monkeypatch.setitem(os.environ, "DEMO_PASSWORD", "demo-pass-123")
    out = io.StringIO()
    call_command("load_demo", address="http://127.0.0.1:8123", stdout=out)
    text = out.getvalue()
    box = text[text.index("+---") :]
    assert "http://127.0.0.1:8123/admin/" in box
    assert "demo-pass-123" in box
    assert "admin, editor" in box
    assert "Email:     kept in memory (tests)" in box  # the test settings use the locmem backend
    submitted = Application.objects.exclude(state=ApplicationState.DRAFT).count()
    assert f"review desk: {submitted} submitted applications" in text
    assert f"{Objection.objects.count()} objections" in text


@pytest.mark.django_db
def test_editors_set_the_filings_in_the_site_settings(client, site_tree):
    from django.contrib.auth import get_user_model

    site = Site.objects.get(is_default_site=True)
    client.force_login(get_user_model().objects.get(username="admin"))
    url = f"/admin/settings/home/sitechrome/{site.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    body = form.content.decode()
    for field in ("site_identifier", "icp_number", "public_security_number", "government_mark_url"):
        assert f'name="{field}"' in body
