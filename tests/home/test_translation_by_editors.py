"""Translation by editors (issue 16): a provincial editor, not only the superuser, translates a page with
wagtail-localize, and edits the English tree it lands in."""

import pytest
from django.urls import reverse
from wagtail.models import Locale

from tests import factories

pytestmark = pytest.mark.django_db


def test_an_editor_translates_a_page_into_english(client, site_tree):
    home = site_tree["home"]
    notice = factories.policy_notice(home, slug="new-policy", title="关于印发评价指标的通知")
    editor = site_tree["users"]["editor"]
    assert not editor.is_superuser
    client.force_login(editor)
    en = Locale.objects.get(language_code="en")

    listing = client.get(reverse("wagtailadmin_explore", args=(notice.get_parent().pk,))).content.decode()
    submit_url = reverse("wagtail_localize:submit_page_translation", args=(notice.pk,))
    form = client.get(submit_url)
    assert form.status_code == 200, "the editor is refused the Translate screen"
    response = client.post(submit_url, {"locales": [en.pk], "include_subtree": ""})
    assert response.status_code == 302
    english = notice.get_translation(en)
    assert english.title == notice.title  # now the editor translates it in the editor
    edit = client.get(reverse("wagtailadmin_pages:edit", args=(english.pk,)))
    assert edit.status_code == 200
    assert submit_url in listing or "翻译" in listing or "Translate" in listing
