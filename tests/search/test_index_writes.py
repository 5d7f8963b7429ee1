"""Saving a page writes its own search entry and nothing else (home.search_database). modelsearch refreshed
the title norm of every new entry from an average over the whole index after each write: two scans of the
table on every publish and every draft the editor saves in the background (~65 ms on SQLite, ~120 ms on
PostgreSQL at 60,000 entries, where writing the entry itself takes 5–15 ms)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from notices.models import PolicyNotice
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]


def entry(page):
    return IndexEntry.objects.get(content_type=ContentType.objects.get_for_model(type(page)), object_id=str(page.pk))


def publish_in_the_admin(page, title: str):
    admin = get_user_model().objects.create_superuser("index-admin", password="pw-index-admin")
    editor = Client()
    editor.force_login(admin)
    with CaptureQueriesContext(connection) as queries:
        response = editor.post(
            reverse("wagtailadmin_pages:edit", args=[page.pk]),
            factories.policy_notice_edit_form(page, title=title, **{"action-publish": "action-publish"}),
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return queries


def test_publishing_a_notice_writes_its_entry_and_no_other(client, home):
    other = factories.policy_notice(home, title="另一份政策文件")
    IndexEntry.objects.filter(pk=entry(other).pk).update(title_norm=1.0)  # as modelsearch leaves a new entry
    notice = factories.policy_notice(home, title="关于数字化转型的政策文件")

    queries = publish_in_the_admin(notice, "关于数字化转型的政策文件（修订稿）")

    index_sql = [q["sql"] for q in queries if IndexEntry._meta.db_table in q["sql"]]
    assert index_sql, "publishing wrote nothing to the search index"
    assert not [sql for sql in index_sql if "AVG(" in sql.upper()], "a write averaged over the whole index"
    assert entry(other).title_norm == 1.0  # modelsearch's refresh would have rewritten it
    assert entry(notice).title_norm != 1.0
    # The search finds the page by its new title at once.
    response = client.get("/search/?q=修订稿")
    assert "关于数字化转型的政策文件（修订稿）" in response.content.decode()


def test_a_rebuild_still_refreshes_every_entry(home):
    other = factories.policy_notice(home, title="另一份政策文件")
    IndexEntry.objects.filter(pk=entry(other).pk).update(title_norm=1.0)
    get_search_backend().get_index_for_model(PolicyNotice)._refresh_title_norms(full=True)
    assert entry(other).title_norm != 1.0
