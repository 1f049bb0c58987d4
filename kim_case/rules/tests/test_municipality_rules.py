import pytest

from ..municipality import (
    CITY,
    DISTRICT,
    MEMBER,
    belongs_in,
    official_key_is_valid,
    official_key_length,
)


@pytest.mark.parametrize(
    ("kind", "key", "valid"),
    [
        (CITY, "05119000", True),  # Oberhausen
        (MEMBER, "05754008", True),  # Gütersloh in Kreis Gütersloh
        (DISTRICT, "05754", True),  # Kreis Gütersloh
        (CITY, "", True),
        (CITY, None, True),
        (CITY, "0511900", False),
        (CITY, "051190000", False),
        (CITY, "0511900a", False),
        (DISTRICT, "05754000", False),
        (MEMBER, "05754", False),
    ],
)
def test_official_key(kind, key, valid):
    assert official_key_is_valid(kind, key) is valid


def test_key_lengths():
    assert official_key_length(CITY) == official_key_length(MEMBER) == 8
    assert official_key_length(DISTRICT) == 5


@pytest.mark.parametrize(
    ("kind", "parent_kind", "ok"),
    [
        (MEMBER, DISTRICT, True),
        (MEMBER, None, False),
        (MEMBER, CITY, False),
        (MEMBER, MEMBER, False),
        (CITY, None, True),
        (CITY, DISTRICT, False),
        (DISTRICT, None, True),
        (DISTRICT, DISTRICT, False),
    ],
)
def test_hierarchy(kind, parent_kind, ok):
    assert belongs_in(kind, parent_kind) is ok
