"""Staff log-in is protected against guessing (django-axes), and roles come from the groups."""

import pytest
from django.contrib.auth.models import Group

from home.roles import CITY_REVIEWER, EXPERT, OBJECTION_HANDLER, PROVINCIAL_EDITOR, ROLE_KEYS, ensure_roles, user_roles

# The demo shell once for the module (a savepoint per test, the tree read afresh for each): tests/conftest.py.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_shell_per_module")]

PASSWORD = "demo-test-password"  # DEMO_PASSWORD in tests/conftest.py


def login(client, username, password):
    return client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR="203.0.113.7")


def logged_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_right_password_lets_a_reviewer_in(client, site_tree):
    login(client, "nanchang", PASSWORD)
    assert logged_in(client)


@pytest.mark.usefixtures("cache_backend")  # also on Redis, as production counts
def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(client, site_tree, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = login(client, "nanchang", "guess")
        assert response.status_code == 200 and not logged_in(client)
    locked = login(client, "nanchang", "guess")
    assert locked.status_code in (403, 429)
    after = login(client, "nanchang", PASSWORD)
    assert after.status_code in (403, 429)
    assert not logged_in(client)


@pytest.mark.usefixtures("cache_backend")  # also on Redis, as production counts
def test_four_wrong_passwords_then_the_right_one_still_works(client, site_tree):
    for _ in range(4):
        login(client, "nanchang", "guess")
    login(client, "nanchang", PASSWORD)
    assert logged_in(client)


@pytest.mark.usefixtures("cache_backend")  # also on Redis, as production counts
def test_the_lock_is_per_user_and_address(client, site_tree):
    for _ in range(5):
        login(client, "nanchang", "guess")
    login(client, "ganzhou", PASSWORD)
    assert logged_in(client)


def test_roles_follow_the_groups(site_tree):
    users = site_tree["users"]
    assert user_roles(users["editor"]) == {PROVINCIAL_EDITOR}
    assert user_roles(users["nanchang"]) == {CITY_REVIEWER}
    assert user_roles(users["handler"]) == {OBJECTION_HANDLER}
    assert user_roles(users["expert"]) == {EXPERT}
    assert EXPERT not in user_roles(users["admin"])  # superusers do everything but are not assigned experts
    users["expert"].is_active = False
    assert user_roles(users["expert"]) == frozenset()


def test_ensure_roles_is_safe_to_run_again_and_grants_the_phone_permission_to_editors(site_tree):
    ensure_roles()
    ensure_roles()
    assert Group.objects.filter(name__in=ROLE_KEYS).count() == 6  # with management units and center managers
    editors = Group.objects.get(name="Provincial editors")
    assert editors.permissions.filter(codename="view_unmasked_phone").exists()
    reviewers = Group.objects.get(name="City bureau reviewers")
    assert not reviewers.permissions.filter(codename="view_unmasked_phone").exists()
