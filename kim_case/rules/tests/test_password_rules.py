import pytest

from ..passwords import (
    CONTAINS_LOGIN,
    TOO_FEW_KINDS,
    TOO_SHORT,
    character_kinds,
    problems,
)


def test_a_good_password_passes():
    assert problems("Sonnenblume-42-Weg", "a.yilmaz@example.org") == []


@pytest.mark.parametrize(
    ("password", "kinds"),
    [("abc", 1), ("abcD", 2), ("abcD1", 3), ("abcD1!", 4), ("ÄÖÜäöü", 2)],
)
def test_character_kinds(password, kinds):
    assert character_kinds(password) == kinds


def test_short_password_is_refused():
    assert TOO_SHORT in problems("Kurz-1a", "x")


def test_long_password_of_one_kind_is_refused():
    assert problems("sonnenblumenwiese", "x") == [TOO_FEW_KINDS]


def test_password_containing_the_login_is_refused():
    assert CONTAINS_LOGIN in problems("Kim.CM.Caritas-2026", "kim.cm.caritas")
    assert CONTAINS_LOGIN in problems("Xx-ayilmaz-2026", "ayilmaz@example.org")


def test_very_short_logins_are_not_compared():
    assert problems("Sonnenblume-42-ab", "ab") == []
