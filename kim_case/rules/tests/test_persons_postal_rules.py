from datetime import date

import pytest

from ..persons import age_on, clean_name, full_name, is_minor, name_variants
from ..postal import codes_in_several, is_postal_code, split_postal_codes


@pytest.mark.parametrize(
    ("birthdate", "day", "age"),
    [
        (date(2008, 11, 22), date(2026, 11, 22), 18),  # the 18th birthday itself
        (date(2008, 11, 23), date(2026, 11, 22), 17),  # one day before it
        (date(2000, 2, 29), date(2026, 2, 28), 25),  # leap-day birthday not yet reached
        (date(2000, 2, 29), date(2026, 3, 1), 26),
    ],
)
def test_age_on(birthdate, day, age):
    assert age_on(birthdate, day) == age


def test_minor_until_the_eighteenth_birthday():
    assert is_minor(date(2008, 11, 23), date(2026, 11, 22))
    assert not is_minor(date(2008, 11, 22), date(2026, 11, 22))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("46117", True),
        (" 46117 ", True),
        ("4611", False),
        ("461177", False),
        ("46A17", False),
        ("", False),
        (None, False),
    ],
)
def test_postal_code(value, valid):
    assert is_postal_code(value) is valid


def test_split_postal_codes():
    assert split_postal_codes("46117, 46119;46145  46147") == ["46117", "46119", "46145", "46147"]
    assert split_postal_codes("") == []
    assert split_postal_codes(None) == []


def test_codes_in_several_areas():
    assert codes_in_several({1: ["46117", "46119"], 2: ["46145"]}) == []
    assert codes_in_several({1: ["46117", "46119"], 2: ["46119", "46145"], 3: ["46117"]}) == [
        "46117",
        "46119",
    ]
    assert codes_in_several({1: ["46117", "46117"]}) == []


def test_names_are_filed_first_name_first_without_stray_spaces():
    assert clean_name("  Amina   Fatima ") == "Amina Fatima"
    assert full_name(" Amina ", "Yusuf  ") == "Amina Yusuf"
    assert full_name("", "Yusuf") == "Yusuf"


def test_a_person_is_found_under_each_spelling_of_their_name():
    assert name_variants("Amina", "Yusuf") == ["Amina Yusuf", "Yusuf Amina", "Yusuf, Amina"]
    assert name_variants("", "Yusuf") == ["Yusuf"]
    assert name_variants(" ", None) == []
