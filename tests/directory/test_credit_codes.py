"""Credit codes normalised once (issue 12, findings 2 and 7): one normaliser at the edge, the GB 32100-2015
structure checked with messages that say what is wrong, every field storing the normalised form, and the
data migration that normalises rows stored before."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from directory.models import Revocation
from directory.validators import credit_code_make, normalise_credit_code, validate_credit_code
from tests import factories

CODE = factories.VALID_CODE  # 91350100M000100Y43


def message(value) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as refusal:
        validate_credit_code(value)
    with translation.override("en"):
        return refusal.value.messages[0]


@pytest.mark.parametrize(
    "typed",
    [
        "91350100m000100y43",
        "９１３５０１００Ｍ０００１００Ｙ４３",  # full-width
        "91350100M000\u3000100Y43",  # a full-width space
        " 9135 0100 M000 100Y 43\t",
        "91350100M000\u00a0100Y43\u200b",  # a no-break space, a zero-width space
    ],
)
def test_codes_as_people_type_them_normalise_to_one_form(typed):
    assert normalise_credit_code(typed) == CODE
    validate_credit_code(typed)


def test_each_refusal_says_what_is_wrong():
    assert "18 characters; this one has 17" in message(CODE[:17])
    assert "“O” (character 9)" in message("91350100O000100Y43")
    assert "first character, “0”, is not a registration authority code" in message("0" * 18)
    assert "second character, “4”, is not an organisation category of registration authority 9" in message(
        credit_code_make("94350100M000100Y4")
    )
    assert "“990100”, are not an administrative division code" in message(credit_code_make("91990100M000100Y4"))
    assert "“3501A0”, are not an administrative division code" in message(credit_code_make("913501A0M000100Y4"))
    assert "its last character does not match" in message(CODE[:17] + "4")


@pytest.mark.parametrize(
    "body",
    ["11100000000013127", "12360000491015557", "52360000MJ8000000", "91360100MA35XXXXX", "N2360100MF0000000"],
)
def test_real_structures_of_each_authority_are_accepted(body):
    validate_credit_code(credit_code_make(body.replace("X", "1")))


def test_zeros_are_refused():
    with pytest.raises(ValidationError):
        validate_credit_code("000000000000000000")


# --- Stored normalised, found normalised -----------------------------------------------------------


@pytest.mark.django_db
def test_a_revocation_entered_in_the_admin_in_lower_case_is_stored_normalised_and_found(client, site_tree):
    client.force_login(get_user_model().objects.create_superuser("revoker", "r@example.com", "pw"))
    response = client.post(
        reverse("revocations:add"),
        {
            "center_name": "某某促进中心",
            "lead_unit_name": "福州某科技有限公司",
            "credit_code": "91350100m000100y43",
            "cause": "false_materials",
            "revoked_on": "2026-03-01",
            "evidence": "",
        },
    )
    assert response.status_code == 302
    revocation = Revocation.objects.get()
    assert revocation.credit_code == CODE
    assert Revocation.objects.filter(credit_code="９１３５０１００ｍ０００１００ｙ４３").get() == revocation


@pytest.mark.django_db
def test_the_admin_says_what_is_wrong_beside_the_field(client, site_tree):
    client.force_login(get_user_model().objects.create_superuser("revoker", "r@example.com", "pw"))
    response = client.post(
        reverse("revocations:add"),
        {"center_name": "x", "lead_unit_name": "y", "credit_code": "0" * 18, "cause": "closure", "revoked_on": ""},
    )
    assert response.status_code == 200
    assert "不是登记管理部门代码" in response.content.decode()
    assert not Revocation.objects.exists()


@pytest.mark.django_db
def test_the_data_migration_normalises_rows_stored_before():
    revocation = Revocation.objects.create(
        center_name="某某促进中心", lead_unit_name="某公司", credit_code=CODE, cause="closure", revoked_on="2026-01-05"
    )
    # As typed before this change, bypassing the field: lower case and a full-width digit (18 characters, so
    # PostgreSQL's varchar(18) holds it as it held such rows).
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE directory_revocation SET credit_code = %s WHERE id = %s", ["91350100m000\uff1100y43", revocation.pk]
        )
    migration = importlib.import_module("directory.migrations.0006_credit_codes_normalised")
    migration.normalise_stored_codes(apps, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT credit_code FROM directory_revocation WHERE id = %s", [revocation.pk])
        assert cursor.fetchone()[0] == CODE
