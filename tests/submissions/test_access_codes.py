"""Access codes: random secrets with enough entropy, kept only as a keyed hash that is fast to check;
codes stored the old way (PBKDF2) still work and are upgraded on the first successful check; a known
and an unknown receipt number cost the same work."""

import math
from unittest import mock

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from submissions import access_codes, selectors
from submissions.models import Objection
from submissions.receipts import new_access_code
from tests import factories

pytestmark = pytest.mark.django_db
STATUS = "/submissions/status/"


def legacy_pbkdf2(code: str) -> str:
    """A code hashed as before: Django's PBKDF2 format (few iterations, to keep the test fast)."""
    return PBKDF2PasswordHasher().encode(code, PBKDF2PasswordHasher().salt(), iterations=1000)


def test_codes_have_at_least_40_bits_from_an_unambiguous_alphabet():
    codes = {new_access_code()[0] for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        assert code == code.upper() and code.isalnum() and len(code) == 10
        assert not set("01OIL") & set(code)
    assert math.log2(len(access_codes.ALPHABET)) * access_codes.LENGTH >= 40


def test_the_stored_value_is_a_keyed_hash_not_the_code_and_depends_on_the_key(settings):
    code, stored = new_access_code()
    assert code not in stored and stored.startswith("hmac-sha256$")
    assert access_codes.matches(code, stored)
    settings.ACCESS_CODE_KEY = "another-server-secret"
    assert access_codes.make_hash(code) != stored
    assert not access_codes.matches(code, stored)


def test_the_default_key_is_derived_from_secret_key_and_is_not_secret_key_itself(settings):
    settings.ACCESS_CODE_KEY = ""
    code = "ABCDE23456"
    first = access_codes.make_hash(code)
    assert settings.SECRET_KEY.encode() != access_codes.key()
    settings.SECRET_KEY = "another-secret-key"
    assert access_codes.make_hash(code) != first


def test_the_right_code_matches_in_any_case_with_spaces_and_a_wrong_code_fails(open_publicity):
    code, stored = new_access_code()
    objection = factories.objection(open_publicity, access_code_hash=stored)
    assert objection.check_access_code(f" {code[:5].lower()} {code[5:]} ")
    assert not objection.check_access_code("AAAAAAAAAA")
    assert not objection.check_access_code("")


def test_a_legacy_pbkdf2_hash_still_verifies_and_is_upgraded_to_the_keyed_hash(client, open_publicity):
    objection = factories.objection(open_publicity, access_code_hash=legacy_pbkdf2("ABCD2345"))
    updated_at = objection.updated_at
    assert not objection.check_access_code("ABCD2346")
    assert Objection.objects.get().access_code_hash.startswith("pbkdf2_sha256$")

    body = client.post(STATUS, {"receipt_number": objection.receipt_number, "access_code": "abcd 2345"})
    assert objection.receipt_number in body.content.decode() and "error-summary" not in body.content.decode()
    stored = Objection.objects.get()
    assert stored.access_code_hash == access_codes.make_hash("ABCD2345")
    assert stored.updated_at == updated_at  # the erasure clock is not reset by an upgrade
    assert stored.check_access_code("ABCD2345") and not stored.check_access_code("ABCD2346")


def test_a_known_and_an_unknown_number_cost_one_keyed_hash_each(open_publicity):
    code, stored = new_access_code()
    objection = factories.objection(open_publicity, access_code_hash=stored)
    with mock.patch.object(access_codes, "make_hash", wraps=access_codes.make_hash) as hashed:
        assert selectors.submission_for_receipt(receipt_number=objection.receipt_number, access_code=code)
        assert not selectors.submission_for_receipt(receipt_number=objection.receipt_number, access_code="WRONG2345")
        assert not selectors.submission_for_receipt(receipt_number="YY-2099-999999", access_code="WRONG2345")
        assert not selectors.submission_for_receipt(receipt_number="YY-2099-999999", access_code="")
    assert hashed.call_count == 4
