"""Every string the project marks for translation has its Chinese translation (issue 16: the admin and the
site in Chinese, no English label left behind). makemessages runs on a copy of each app, so the catalogues in
the repository are compared, never rewritten."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
APPS = ["home", "directory", "notices", "submissions", "site"]

needs_gettext = pytest.mark.skipif(
    shutil.which("xgettext") is None or shutil.which("msgattrib") is None,
    reason="needs GNU gettext (apt-get install gettext; .ci/run installs it)",
)


def untranslated(po: Path) -> list[str]:
    """msgids without a msgstr, or marked fuzzy, in `po`."""
    out = []
    for flag in ("--untranslated", "--only-fuzzy"):
        result = subprocess.run(
            ["msgattrib", flag, "--no-obsolete", str(po)], capture_output=True, text=True, check=True
        )
        out += [line for line in result.stdout.splitlines() if line.startswith("msgid ") and line != 'msgid ""']
    return out


@needs_gettext
@pytest.mark.parametrize("app", APPS)
def test_every_marked_string_has_a_chinese_translation(app, tmp_path, monkeypatch):
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "static"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["zh_Hans"], no_obsolete=True, verbosity=0, ignore_patterns=["tests/*"])
    regenerated = copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"
    missing = untranslated(regenerated)
    assert not missing, f"{app}: add these to {app}/locale/zh_Hans/LC_MESSAGES/django.po: {missing}"
    # An entry the code no longer uses still translates that msgid for every app (catalogues are merged):
    # the site's unused "Contact" once put 联系电话 above a contact name, phone and email.
    # Wagtail's own strings we translate on purpose (SHARED_ON_PURPOSE) are used by Wagtail, not by us.
    stale = {
        (context, msgid)
        for context, msgid in messages(ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po")
        - messages(regenerated)
        if msgid not in SHARED_ON_PURPOSE
    }
    assert not stale, f"{app}: remove these unused entries: {sorted(map(str, stale))}"


def messages(po: Path) -> set:
    """(context, msgid) of every entry of `po`."""
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        return {(m.context, m.id) for m in read_po(handle) if m.id}


def test_a_msgid_reads_the_same_in_every_catalogue_of_ours():
    """Catalogues are merged, the first app's translation winning: the same msgid translated two ways means
    one app shows the other's wording (an objection 'dismissed' read 不予撤销, a revocation's word). Give
    different meanings different contexts; translate one meaning one way."""
    from babel.messages.pofile import read_po

    seen: dict = {}
    for app in APPS:
        with (ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").open("rb") as handle:
            for message in read_po(handle):
                if message.id and not isinstance(message.id, tuple):
                    seen.setdefault((message.context, message.id), {})[app] = message.string
    differing = {key: apps for key, apps in seen.items() if len(set(apps.values())) > 1}
    assert not differing, differing


# Our catalogues are merged with Wagtail's and Django's: a msgid without a context that they also use takes
# our translation everywhere, their admin included ("Pages" once read 分页, pagination, in Wagtail's menu, and
# "Documents" 变更材料). Such a msgid needs a context (pgettext, `{% translate … context … %}`) unless our
# wording is meant for their screens too: these, synonyms or the workflow wording issue 16 asked for.
SHARED_ON_PURPOSE = {
    "Enter a valid email address.",
    "(optional)",
    "Action",
    "Apply filters",
    "Breadcrumb",
    "Check your email",
    "Draft saved",
    "Email",
    "Filter",
    "Name",
    "Next",
    "Page not found",
    "Previous",
    "Skip to main content",
    "description",
    "document",
    "name",
    "slug",
    "%(label)s and Publish",
    "Resubmit to %(task_name)s",
    "Submit to %(workflow_name)s",
}


def library_translations() -> dict[str, str]:
    """msgid → Chinese translation in the installed Wagtail, wagtail-localize and Django contrib catalogues."""
    import gettext
    import importlib.util

    found = {}
    for package in ("wagtail", "wagtail_localize", "django"):
        root = Path(importlib.util.find_spec(package).origin).parent
        for mo in root.rglob("locale/zh_Hans/LC_MESSAGES/django.mo"):
            with mo.open("rb") as handle:
                catalog = gettext.GNUTranslations(handle)._catalog
            for msgid, msgstr in catalog.items():
                if isinstance(msgid, str) and msgid and "\x04" not in msgid:
                    found.setdefault(msgid, msgstr)
    return found


def test_no_msgid_of_ours_changes_what_wagtails_admin_says():
    from babel.messages.pofile import read_po

    theirs = library_translations()
    clashes = []
    for app in APPS:
        with (ROOT / app / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po").open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id or message.context or isinstance(message.id, tuple) or message.id in SHARED_ON_PURPOSE:
                continue
            if message.id in theirs and theirs[message.id] != message.string:
                clashes.append(f"{app}: {message.id!r} → {message.string!r} (theirs: {theirs[message.id]!r})")
    assert not clashes, "give these a context: " + "; ".join(clashes)
