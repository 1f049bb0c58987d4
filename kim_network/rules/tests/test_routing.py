import math
import re
from dataclasses import FrozenInstanceError, replace
from datetime import date, datetime, timedelta

import pytest

from ..routing import (
    BILDUNGSBERATUNG,
    DULDUNG,
    EU,
    FLUECHTLINGSBERATUNG,
    GERMAN,
    GESTATTUNG,
    JMD,
    JOBCENTER,
    JUGENDAMT,
    KIM,
    KINDS,
    MBE,
    OTHER,
    PARALLEL,
    PERMANENT,
    PFLEGEBERATUNG,
    QUARTIERSBUERO,
    RESIDENCE_STATUSES,
    SERVICES,
    SUPPORT_AREAS,
    TANDEM,
    TEAM_SOZIALARBEIT,
    TEMPORARY,
    VERWEISBERATUNG,
    WEITERLEITUNG,
    WOHNBERATUNG,
    ZG1,
    ZG2,
    ZG3,
    Conditions,
    Hint,
    Person,
    age_on,
    check_conditions,
    first_integration_service,
    german_number,
    referral_hints,
    validate_conditions,
    validate_person,
    years_between,
)

# Conditions as tables 6.1-6.3 state them.
MBE_CONDITIONS = Conditions(age_from=27, title_years_to=3, eu_citizens=True)
JMD_CONDITIONS = Conditions(age_from=12, age_to=27, title_years_to=3, eu_citizens=True)
KIM_ZG1_CONDITIONS = Conditions(title_years_from=3)
TEAM_CONDITIONS = Conditions(tolerated_permitted=True)
PFLEGE_CONDITIONS = Conditions(care_need=True)
WOHN_CONDITIONS = Conditions(age_from=65)

NOBODY = Person()


def services(hints):
    return [hint.service for hint in hints]


def hint_for(hints, service):
    (found,) = [hint for hint in hints if hint.service == service]
    return found


# --- constants --------------------------------------------------------------------------------


def test_services_and_kinds_are_the_agreed_codes():
    """The codes other code (kim.service.interface, views) relies on."""
    assert (MBE, JMD, KIM) == ("MBE", "JMD", "KIM")
    assert set(SERVICES) == {
        "MBE",
        "JMD",
        "KIM",
        "TEAM_SOZIALARBEIT",
        "FLUECHTLINGSBERATUNG",
        "JUGENDAMT",
        "JOBCENTER",
        "BILDUNGSBERATUNG",
        "PFLEGEBERATUNG",
        "WOHNBERATUNG",
        "QUARTIERSBUERO",
    }
    assert len(SERVICES) == len(set(SERVICES))
    assert set(KINDS) == {"verweisberatung", "parallel", "tandem", "weiterleitung"}
    assert SUPPORT_AREAS == ("zg1", "zg2", "zg3")


def test_residence_statuses_are_those_of_the_case():
    assert set(RESIDENCE_STATUSES) == {
        "gestattung",
        "duldung",
        "temporary",
        "permanent",
        "eu",
        "german",
        "other",
    }


def test_dataclasses_are_frozen():
    with pytest.raises(FrozenInstanceError):
        NOBODY.age = 30
    with pytest.raises(FrozenInstanceError):
        MBE_CONDITIONS.age_from = 18
    with pytest.raises(FrozenInstanceError):
        Hint(KIM, WEITERLEITUNG, "x").kind = PARALLEL


# --- first_integration_service (§6.1, table 6.1) ----------------------------------------------


@pytest.mark.parametrize(
    ("age", "years", "service"),
    [
        # title younger than three years
        (0, 2.9, KIM),
        (11, 2.9, KIM),  # below the JMD
        (12, 2.9, JMD),  # "vom 12. ..."
        (26, 2.9, JMD),
        (27, 2.9, MBE),  # "... bis zur Vollendung des 27. Lebensjahres", MBE "ab 27"
        (28, 2.9, MBE),
        (80, 0.0, MBE),
        (12, 0, JMD),
        (27, 2, MBE),
        # three years and more: the "nachholende" Förderung lies with KIM-CM
        (11, 3.0, KIM),
        (12, 3.0, KIM),
        (26, 3.0, KIM),
        (27, 3.0, KIM),
        (28, 3.0, KIM),
        (28, 3, KIM),
        (40, 12.5, KIM),
    ],
)
def test_first_integration_service(age, years, service):
    assert first_integration_service(age, years) == service


def test_just_below_three_years_is_still_younger():
    assert first_integration_service(30, math.nextafter(3.0, 0.0)) == MBE
    assert first_integration_service(30, 2.999999) == MBE


@pytest.mark.parametrize("age", [-1, None, True, False, 27.0, 26.5, "27", [27]])
def test_first_integration_service_rejects_an_invalid_age(age):
    with pytest.raises(ValueError, match="Alter"):
        first_integration_service(age, 1.0)


@pytest.mark.parametrize("years", [-0.1, -1, None, True, False, "2", math.nan, math.inf, -math.inf])
def test_first_integration_service_rejects_invalid_years(years):
    with pytest.raises(ValueError, match="Ersterteilung"):
        first_integration_service(30, years)


def test_invalid_input_is_explained_in_german():
    with pytest.raises(ValueError, match="Das Alter darf nicht negativ sein"):
        first_integration_service(-3, 1.0)
    with pytest.raises(ValueError, match="ganze Zahl"):
        first_integration_service(None, 1.0)
    with pytest.raises(ValueError, match="dürfen nicht negativ sein \\(-0,5\\)"):
        first_integration_service(30, -0.5)
    with pytest.raises(ValueError, match="endliche Zahl"):
        first_integration_service(30, None)


# --- years_between and age_on ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "years"),
    [
        (date(2021, 5, 10), date(2021, 5, 10), 0.0),
        (date(2021, 5, 10), date(2024, 5, 10), 3.0),  # the third anniversary
        (date(2020, 1, 1), date(2021, 1, 1), 1.0),  # a leap year is one year too
        (date(2020, 1, 1), date(2020, 7, 2), 183 / 366),
        (date(2021, 1, 1), date(2021, 7, 2), 182 / 365),
        (date(2000, 2, 29), date(2004, 2, 29), 4.0),
        (date(2000, 2, 29), date(2001, 3, 1), 1.0),  # 29 February: a year on 1 March
    ],
)
def test_years_between(start, end, years):
    assert years_between(start, end) == pytest.approx(years, abs=1e-12)


def test_three_years_exactly_on_the_anniversary_and_less_the_day_before():
    issued = date(2022, 3, 15)
    assert years_between(issued, date(2025, 3, 15)) == 3.0
    day_before = years_between(issued, date(2025, 3, 14))
    assert 2.99 < day_before < 3.0
    assert first_integration_service(30, day_before) == MBE
    assert first_integration_service(30, years_between(issued, date(2025, 3, 15))) == KIM


def test_leap_day_title_reaches_three_years_on_the_first_of_march():
    issued = date(2020, 2, 29)
    assert years_between(issued, date(2023, 2, 28)) < 3.0
    assert years_between(issued, date(2023, 3, 1)) == 3.0


def test_years_between_grows_day_by_day():
    start = date(2019, 2, 28)
    values = [years_between(start, start + timedelta(days=n)) for n in range(2200)]
    assert values == sorted(values)
    assert len(set(values)) == len(values)
    assert all(
        math.floor(value) == age_on(start, start + timedelta(days=n))
        for n, value in enumerate(values)
    )


def test_years_between_rejects_an_end_before_the_start():
    with pytest.raises(ValueError, match=r"Das Enddatum 09\.05\.2021 liegt vor dem Anfangsdatum"):
        years_between(date(2021, 5, 10), date(2021, 5, 9))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (None, date(2021, 1, 1)),
        (date(2021, 1, 1), None),
        ("2021-01-01", date(2022, 1, 1)),
        (datetime(2021, 1, 1, 12, 0), date(2022, 1, 1)),
        (date(2021, 1, 1), datetime(2022, 1, 1)),
    ],
)
def test_years_between_needs_dates(start, end):
    with pytest.raises(ValueError, match="muss ein Datum sein"):
        years_between(start, end)


@pytest.mark.parametrize(
    ("birthdate", "day", "age"),
    [
        (date(2000, 6, 15), date(2000, 6, 15), 0),
        (date(1999, 4, 12), date(2026, 4, 12), 27),  # the 27th birthday itself
        (date(1999, 4, 12), date(2026, 4, 11), 26),  # one day before it
        (date(2014, 1, 1), date(2025, 12, 31), 11),
        (date(2014, 1, 1), date(2026, 1, 1), 12),
        (date(2000, 2, 29), date(2026, 2, 28), 25),  # leap-day birthday not yet reached
        (date(2000, 2, 29), date(2026, 3, 1), 26),
        (date(2000, 2, 29), date(2028, 2, 29), 28),  # on the leap day itself
        (date(2000, 2, 29), date(2028, 2, 28), 27),
    ],
)
def test_age_on(birthdate, day, age):
    assert age_on(birthdate, day) == age


def test_age_on_edges_of_the_jmd_and_mbe():
    birth = date(1999, 4, 12)
    assert first_integration_service(age_on(birth, date(2026, 4, 11)), 1.0) == JMD
    assert first_integration_service(age_on(birth, date(2026, 4, 12)), 1.0) == MBE


def test_age_on_rejects_a_day_before_the_birth():
    with pytest.raises(ValueError, match=r"Der Stichtag 01\.01\.1999 liegt vor dem Geburtsdatum"):
        age_on(date(2000, 1, 1), date(1999, 1, 1))


@pytest.mark.parametrize("value", [None, "2000-01-01", datetime(2000, 1, 1), 2000])
def test_age_on_needs_dates(value):
    with pytest.raises(ValueError, match="Geburtsdatum muss ein Datum sein"):
        age_on(value, date(2026, 1, 1))
    with pytest.raises(ValueError, match="Stichtag muss ein Datum sein"):
        age_on(date(2000, 1, 1), value)


# --- german_number -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (3, None, "3"),
        (3.0, None, "3"),
        (2.5, None, "2,5"),
        (0.25, None, "0,25"),
        (2.999, None, "3"),
        (9.999, None, "10"),
        (1234.5, None, "1.234,5"),
        (2, 1, "2,0"),
        (1234567.891, 2, "1.234.567,89"),
    ],
)
def test_german_number(value, places, text):
    assert german_number(value, places) == text


# --- validate_conditions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "conditions",
    [
        Conditions(),
        MBE_CONDITIONS,
        JMD_CONDITIONS,
        KIM_ZG1_CONDITIONS,
        TEAM_CONDITIONS,
        PFLEGE_CONDITIONS,
        WOHN_CONDITIONS,
        Conditions(age_from=18, age_to=28),  # Geduldete 18 bis einschließlich 27
        Conditions(age_from=0, age_to=18),
        Conditions(age_from=26, age_to=27),  # a single age
        Conditions(title_years_from=3, title_years_to=5.5),
        Conditions(title_years_from=0.0, title_years_to=0.5),
    ],
)
def test_valid_conditions_pass(conditions):
    assert validate_conditions(conditions) is None


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        (Conditions(age_from=27, age_to=12), "muss über dem Mindestalter 27 liegen"),
        (Conditions(age_from=27, age_to=27), "„bis unter 27“ muss über dem Mindestalter 27"),
        (Conditions(age_to=0), "über dem Mindestalter 0"),
        (Conditions(age_from=-1), "Das Mindestalter darf nicht negativ sein"),
        (Conditions(age_to=-5), "Die Altersgrenze darf nicht negativ sein"),
        (Conditions(age_from=12.5), "Das Mindestalter muss eine ganze Zahl"),
        (Conditions(age_to=True), "Die Altersgrenze muss eine ganze Zahl"),
        (Conditions(title_years_from=5, title_years_to=3), "muss über dem Beginn 5 liegen"),
        (Conditions(title_years_from=3, title_years_to=3.0), "„bis unter 3 Jahre“"),
        (Conditions(title_years_to=0.0), "über dem Beginn 0 liegen"),
        (Conditions(title_years_from=2.5, title_years_to=1.5), "bis unter 1,5 Jahre"),
        (Conditions(title_years_from=-0.5), "Mindestjahre seit Ersterteilung dürfen nicht"),
        (Conditions(title_years_to=-1), "Höchstjahre seit Ersterteilung dürfen nicht"),
        (Conditions(title_years_to=math.nan), "endliche Zahl"),
        (Conditions(title_years_from="3"), "endliche Zahl"),
        (Conditions(eu_citizens=None), "„EU-Bürger/innen“ muss ja oder nein sein"),
        (Conditions(tolerated_permitted=1), "„Gestattete und Geduldete“"),
        (Conditions(care_need="ja"), "„Pflegebedarf“"),
    ],
)
def test_invalid_conditions_are_refused_in_german(conditions, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        validate_conditions(conditions)


def test_validate_conditions_needs_conditions():
    with pytest.raises(ValueError, match="Erwartet werden Zugangsbedingungen"):
        validate_conditions({"age_from": 27})


# --- validate_person -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("person", "message"),
    [
        (Person(age=-1), "Das Alter darf nicht negativ sein"),
        (Person(age=30.5), "Das Alter muss eine ganze Zahl"),
        (Person(age=False), "Das Alter muss eine ganze Zahl"),
        (Person(years_since_first_title=-0.1), "dürfen nicht negativ sein"),
        (Person(years_since_first_title="2"), "endliche Zahl"),
        (Person(residence_status="refugee"), "Unbekannter Aufenthaltsstatus 'refugee'"),
        (Person(residence_status=""), "Unbekannter Aufenthaltsstatus"),
        (Person(care_need=None), "„Pflegebedarf“ muss ja oder nein sein"),
        (Person(has_minor_child=1), "„Minderjähriges Kind“"),
        (Person(receives_sgb_ii="nein"), "„Leistungen nach SGB II“"),
        (Person(topics="housing"), "Menge von Themenkürzeln"),
        (Person(topics=["housing"]), "Menge von Themenkürzeln"),
    ],
)
def test_invalid_persons_are_refused_in_german(person, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        validate_person(person)
    with pytest.raises(ValueError, match=re.escape(message)):
        check_conditions(Conditions(), person)
    with pytest.raises(ValueError, match=re.escape(message)):
        referral_hints(person, ZG1)


def test_validate_person_needs_a_person():
    with pytest.raises(ValueError, match="Erwartet wird eine Person"):
        validate_person({"age": 30})


@pytest.mark.parametrize("status", [*RESIDENCE_STATUSES, None])
def test_every_residence_status_is_valid(status):
    assert validate_person(Person(residence_status=status, topics={"care"})) is None


# --- check_conditions ----------------------------------------------------------------------------


def test_no_conditions_fit_everyone_without_reasons():
    assert check_conditions(Conditions(), NOBODY) == (True, [])
    assert check_conditions(Conditions(), Person(age=99, residence_status=GERMAN)) == (True, [])


def test_mbe_reasons_read_as_agreed():
    person = Person(age=30, years_since_first_title=2.0, residence_status=TEMPORARY)
    assert check_conditions(MBE_CONDITIONS, person) == (
        True,
        [
            "Alter 30 Jahre: ab 27 Jahren bedient",
            "Aufenthaltstitel seit 2,0 Jahren: bis unter 3 Jahre nach Ersterteilung bedient",
        ],
    )


@pytest.mark.parametrize(
    ("age", "fits", "reason"),
    [
        (11, False, "Alter 11 Jahre: nur 12 bis unter 27 Jahre bedient"),
        (12, True, "Alter 12 Jahre: 12 bis unter 27 Jahre bedient"),
        (26, True, "Alter 26 Jahre: 12 bis unter 27 Jahre bedient"),
        (27, False, "Alter 27 Jahre: nur 12 bis unter 27 Jahre bedient"),
        (28, False, "Alter 28 Jahre: nur 12 bis unter 27 Jahre bedient"),
    ],
)
def test_jmd_age_edges(age, fits, reason):
    person = Person(age=age, years_since_first_title=1.0)
    result, reasons = check_conditions(JMD_CONDITIONS, person)
    assert result is fits
    assert reasons[0] == reason


@pytest.mark.parametrize(
    ("age", "fits", "reason"),
    [
        (26, False, "Alter 26 Jahre: nur ab 27 Jahren bedient"),
        (27, True, "Alter 27 Jahre: ab 27 Jahren bedient"),
        (28, True, "Alter 28 Jahre: ab 27 Jahren bedient"),
    ],
)
def test_mbe_age_edges(age, fits, reason):
    result, reasons = check_conditions(MBE_CONDITIONS, Person(age=age, years_since_first_title=1))
    assert result is fits
    assert reasons[0] == reason


@pytest.mark.parametrize(
    ("years", "fits", "reason"),
    [
        (
            0.0,
            True,
            "Aufenthaltstitel seit 0,0 Jahren: bis unter 3 Jahre nach Ersterteilung bedient",
        ),
        (
            2.9,
            True,
            "Aufenthaltstitel seit 2,9 Jahren: bis unter 3 Jahre nach Ersterteilung bedient",
        ),
        # cut, not rounded: never "3,0" below the limit
        (
            2.96,
            True,
            "Aufenthaltstitel seit 2,9 Jahren: bis unter 3 Jahre nach Ersterteilung bedient",
        ),
        (
            3.0,
            False,
            "Aufenthaltstitel seit 3,0 Jahren: nur bis unter 3 Jahre nach Ersterteilung bedient",
        ),
        (
            4.25,
            False,
            "Aufenthaltstitel seit 4,2 Jahren: nur bis unter 3 Jahre nach Ersterteilung bedient",
        ),
    ],
)
def test_mbe_title_edges(years, fits, reason):
    person = Person(age=40, years_since_first_title=years)
    assert check_conditions(MBE_CONDITIONS, person) == (
        fits,
        ["Alter 40 Jahre: ab 27 Jahren bedient", reason],
    )


@pytest.mark.parametrize(
    ("years", "fits", "reason"),
    [
        (
            2.9,
            False,
            "Aufenthaltstitel seit 2,9 Jahren: nur ab 3 Jahren nach Ersterteilung bedient",
        ),
        (3.0, True, "Aufenthaltstitel seit 3,0 Jahren: ab 3 Jahren nach Ersterteilung bedient"),
        (12, True, "Aufenthaltstitel seit 12,0 Jahren: ab 3 Jahren nach Ersterteilung bedient"),
    ],
)
def test_kim_title_edges(years, fits, reason):
    assert check_conditions(KIM_ZG1_CONDITIONS, Person(years_since_first_title=years)) == (
        fits,
        [reason],
    )


def test_title_range_with_both_bounds():
    conditions = Conditions(title_years_from=3, title_years_to=5.5)
    assert check_conditions(conditions, Person(years_since_first_title=4)) == (
        True,
        ["Aufenthaltstitel seit 4,0 Jahren: 3 bis unter 5,5 Jahre nach Ersterteilung bedient"],
    )


def test_unknown_values_never_exclude_and_are_named():
    fits, reasons = check_conditions(JMD_CONDITIONS, NOBODY)
    assert fits
    assert reasons == [
        "Alter unbekannt: Altersgrenze 12 bis unter 27 Jahre nicht geprüft",
        "Aufenthaltstitel unbekannt: Frist bis unter 3 Jahre nach Ersterteilung nicht geprüft",
    ]
    assert check_conditions(TEAM_CONDITIONS, NOBODY) == (
        True,
        ["Aufenthaltsstatus unbekannt: Gestattung oder Duldung nicht geprüft"],
    )


def test_an_unknown_value_does_not_hide_a_known_failure():
    fits, reasons = check_conditions(JMD_CONDITIONS, Person(years_since_first_title=5.0))
    assert not fits
    assert reasons[0].startswith("Alter unbekannt")
    assert reasons[1].startswith("Aufenthaltstitel seit 5,0 Jahren: nur")


def test_singular_year():
    assert check_conditions(Conditions(age_from=1), Person(age=1)) == (
        True,
        ["Alter 1 Jahr: ab 1 Jahr bedient"],
    )
    assert check_conditions(Conditions(age_to=1), Person(age=3)) == (
        False,
        ["Alter 3 Jahre: nur bis unter 1 Jahr bedient"],
    )


def test_age_without_lower_bound():
    assert check_conditions(Conditions(age_to=18), Person(age=17)) == (
        True,
        ["Alter 17 Jahre: bis unter 18 Jahre bedient"],
    )


def test_eu_citizens_named_are_served_without_a_residence_title():
    person = Person(age=35, residence_status=EU)
    assert check_conditions(MBE_CONDITIONS, person) == (
        True,
        [
            "Alter 35 Jahre: ab 27 Jahren bedient",
            "EU-Freizügigkeit: EU-Bürger/innen in der Zielgruppe benannt",
        ],
    )
    # even with years recorded, the title period does not apply to them
    fits, _reasons = check_conditions(MBE_CONDITIONS, replace(person, years_since_first_title=8))
    assert fits


def test_eu_citizens_not_named_are_checked_by_the_title():
    conditions = replace(MBE_CONDITIONS, eu_citizens=False)
    fits, reasons = check_conditions(conditions, Person(age=35, residence_status=EU))
    assert fits
    assert reasons[1].startswith("Aufenthaltstitel unbekannt")
    fits, reasons = check_conditions(
        conditions, Person(age=35, residence_status=EU, years_since_first_title=4)
    )
    assert not fits


def test_naming_eu_citizens_does_not_widen_for_others():
    person = Person(age=35, residence_status=TEMPORARY, years_since_first_title=4)
    assert not check_conditions(MBE_CONDITIONS, person)[0]


@pytest.mark.parametrize(
    ("status", "fits", "reason"),
    [
        (GESTATTUNG, True, "Aufenthaltsgestattung: Gestattete und Geduldete bedient"),
        (DULDUNG, True, "Duldung: Gestattete und Geduldete bedient"),
        (TEMPORARY, False, "Befristeter Aufenthaltstitel: nur Gestattete und Geduldete bedient"),
        (PERMANENT, False, "Unbefristeter Aufenthaltstitel: nur Gestattete und Geduldete bedient"),
        (EU, False, "EU-Freizügigkeit: nur Gestattete und Geduldete bedient"),
        (GERMAN, False, "Deutsche Staatsangehörigkeit: nur Gestattete und Geduldete bedient"),
        (OTHER, False, "Anderer Aufenthaltsstatus: nur Gestattete und Geduldete bedient"),
    ],
)
def test_tolerated_permitted(status, fits, reason):
    assert check_conditions(TEAM_CONDITIONS, Person(residence_status=status)) == (fits, [reason])


@pytest.mark.parametrize(
    ("care_need", "fits", "reason"),
    [
        (True, True, "Pflegebedarf vorhanden: Pflegebedürftige bedient"),
        (False, False, "Kein Pflegebedarf: nur Pflegebedürftige bedient"),
    ],
)
def test_care_need(care_need, fits, reason):
    assert check_conditions(PFLEGE_CONDITIONS, Person(care_need=care_need)) == (fits, [reason])


def test_every_condition_gives_a_reason_in_order():
    conditions = Conditions(
        age_from=18,
        age_to=28,
        title_years_to=3,
        tolerated_permitted=True,
        care_need=True,
    )
    person = Person(age=30, years_since_first_title=3.5, residence_status=TEMPORARY)
    fits, reasons = check_conditions(conditions, person)
    assert not fits
    assert reasons == [
        "Alter 30 Jahre: nur 18 bis unter 28 Jahre bedient",
        "Aufenthaltstitel seit 3,5 Jahren: nur bis unter 3 Jahre nach Ersterteilung bedient",
        "Befristeter Aufenthaltstitel: nur Gestattete und Geduldete bedient",
        "Kein Pflegebedarf: nur Pflegebedürftige bedient",
    ]


def test_check_conditions_refuses_invalid_conditions():
    with pytest.raises(ValueError, match="Mindestalter"):
        check_conditions(Conditions(age_from=27, age_to=27), Person(age=27))


# --- referral_hints ------------------------------------------------------------------------------


@pytest.mark.parametrize("area", [None, ZG1, ZG2])
def test_nothing_known_nothing_suggested(area):
    """Only the Pflegesetting (zg3) suggests a service on its own, see below."""
    assert referral_hints(NOBODY, area) == []
    assert referral_hints(NOBODY) == []


@pytest.mark.parametrize(
    ("age", "years", "service", "kind"),
    [
        (30, 2.0, MBE, VERWEISBERATUNG),
        (27, 2.9, MBE, VERWEISBERATUNG),
        (26, 2.9, JMD, VERWEISBERATUNG),
        (12, 0.5, JMD, VERWEISBERATUNG),
        (11, 2.9, KIM, WEITERLEITUNG),
        (30, 3.0, KIM, WEITERLEITUNG),
        (20, 7.0, KIM, WEITERLEITUNG),
    ],
)
def test_zg1_names_the_first_integration_service(age, years, service, kind):
    person = Person(age=age, years_since_first_title=years, residence_status=TEMPORARY)
    hints = referral_hints(person, ZG1)
    assert hints == [Hint(service, kind, hints[0].reason)]
    assert "Fachkonzept Oberhausen §6.1" in hints[0].reason


def test_zg1_referral_in_both_directions_cites_footnote_8():
    to_mbe = referral_hints(Person(age=30, years_since_first_title=1.0), ZG1)[0]
    to_kim = referral_hints(Person(age=30, years_since_first_title=4.0), ZG1)[0]
    assert "Fußnote 8" in to_mbe.reason
    assert "MBE" in to_mbe.reason
    assert "Fußnote 8" in to_kim.reason
    assert "leiten weiter" in to_kim.reason
    to_jmd = referral_hints(Person(age=15, years_since_first_title=1.0), ZG1)[0]
    assert "Jugendmigrationsdienst" in to_jmd.reason


def test_zg1_child_under_twelve_stays_with_kim():
    (hint,) = referral_hints(Person(age=8, years_since_first_title=1.0), ZG1)
    assert hint.service == KIM
    assert "Unter 12 Jahren" in hint.reason
    assert "Fußnote 7" in hint.reason


@pytest.mark.parametrize(
    "person",
    [
        Person(age=30),
        Person(years_since_first_title=1.0),
        Person(residence_status=EU, age=30),
    ],
)
def test_zg1_without_age_or_title_names_no_service(person):
    assert referral_hints(person, ZG1) == []


@pytest.mark.parametrize("area", [None, ZG2, ZG3])
def test_first_integration_service_only_in_zg1(area):
    hints = referral_hints(Person(age=30, years_since_first_title=1.0), area)
    assert not {MBE, JMD, KIM} & set(services(hints))


@pytest.mark.parametrize("status", [GESTATTUNG, DULDUNG])
@pytest.mark.parametrize("area", [None, *SUPPORT_AREAS])
def test_tolerated_and_permitted_go_to_team_sozialarbeit_and_fluechtlingsberatung(status, area):
    hints = referral_hints(Person(residence_status=status), area)
    team = hint_for(hints, TEAM_SOZIALARBEIT)
    advice = hint_for(hints, FLUECHTLINGSBERATUNG)
    assert team.kind == VERWEISBERATUNG
    assert "Team Sozialarbeit" in team.reason
    assert "Fachbereich Erstintegration" in team.reason
    assert "nur bei umfassendem Bedarf" in team.reason
    assert advice.kind == VERWEISBERATUNG
    assert "Flüchtlingsberatung" in advice.reason
    assert "§6.1" in team.reason
    assert "§6.1" in advice.reason


@pytest.mark.parametrize("status", [TEMPORARY, PERMANENT, EU, GERMAN, OTHER, None])
def test_other_statuses_are_not_sent_to_the_refugee_services(status):
    hints = referral_hints(Person(residence_status=status), ZG1)
    assert not {TEAM_SOZIALARBEIT, FLUECHTLINGSBERATUNG} & set(services(hints))


def test_tolerated_with_a_title_in_zg1_also_gets_the_first_service():
    person = Person(age=20, years_since_first_title=1.0, residence_status=DULDUNG)
    assert services(referral_hints(person, ZG1)) == [JMD, TEAM_SOZIALARBEIT, FLUECHTLINGSBERATUNG]


@pytest.mark.parametrize("area", [None, *SUPPORT_AREAS])
def test_language_goes_to_the_bildungsberatung_in_close_cooperation(area):
    hints = referral_hints(Person(topics=frozenset({"language"})), area)
    hint = hint_for(hints, BILDUNGSBERATUNG)
    assert hint.kind == TANDEM
    assert "Volkshochschule" in hint.reason
    assert "enger Kooperation" in hint.reason
    assert "§6.1" in hint.reason


def test_no_bildungsberatung_without_language():
    hints = referral_hints(Person(topics=frozenset({"work", "health"})), ZG1)
    assert BILDUNGSBERATUNG not in services(hints)


def test_zg2_with_a_minor_child_runs_in_parallel_with_the_jugendamt():
    (hint,) = referral_hints(Person(has_minor_child=True), ZG2)
    assert hint.service == JUGENDAMT
    assert hint.kind == PARALLEL
    assert "möglich und notwendig" in hint.reason
    assert "§6.2" in hint.reason


@pytest.mark.parametrize(
    "person",
    [Person(topics=frozenset({"work"})), Person(receives_sgb_ii=True)],
)
def test_zg2_with_work_or_sgb_ii_runs_in_parallel_with_the_jobcenter(person):
    (hint,) = referral_hints(person, ZG2)
    assert hint.service == JOBCENTER
    assert hint.kind == PARALLEL
    assert "Fallmanagement" in hint.reason
    assert "ersetzt nicht" in hint.reason
    assert "§6.2" in hint.reason


def test_zg2_family_with_both():
    person = Person(has_minor_child=True, receives_sgb_ii=True, topics=frozenset({"work"}))
    assert services(referral_hints(person, ZG2)) == [JUGENDAMT, JOBCENTER]


def test_zg2_without_child_work_or_sgb_ii_names_neither():
    person = Person(topics=frozenset({"family", "health"}))
    assert referral_hints(person, ZG2) == []


@pytest.mark.parametrize("area", [None, ZG1, ZG3])
def test_jugendamt_and_jobcenter_only_in_zg2(area):
    person = Person(age=40, has_minor_child=True, receives_sgb_ii=True, topics={"work"})
    assert not {JUGENDAMT, JOBCENTER} & set(services(referral_hints(person, area)))


@pytest.mark.parametrize(
    ("person", "area", "expected"),
    [
        # zg3: Pflegeberatung; Wohnberatung from 65 or with a housing topic; seniors the
        # Quartiersbüro
        (Person(age=40), ZG3, [PFLEGEBERATUNG]),
        (Person(), ZG3, [PFLEGEBERATUNG]),
        (Person(age=40, topics=frozenset({"housing"})), ZG3, [PFLEGEBERATUNG, WOHNBERATUNG]),
        (Person(age=64), ZG3, [PFLEGEBERATUNG]),
        (Person(age=65), ZG3, [PFLEGEBERATUNG, WOHNBERATUNG, QUARTIERSBUERO]),
        (Person(age=80), ZG3, [PFLEGEBERATUNG, WOHNBERATUNG, QUARTIERSBUERO]),
        # "Pflege" outside zg3, by topic or by a recorded care need
        (Person(age=50, topics=frozenset({"care"})), None, [PFLEGEBERATUNG]),
        (Person(age=50, care_need=True), ZG1, [PFLEGEBERATUNG]),
        (
            Person(age=70, topics=frozenset({"care"})),
            ZG2,
            [PFLEGEBERATUNG, WOHNBERATUNG, QUARTIERSBUERO],
        ),
        # "Wohnen im Alter" without a care need: Wohnberatung, not Pflegeberatung
        (Person(age=70, topics=frozenset({"housing"})), None, [WOHNBERATUNG, QUARTIERSBUERO]),
        (Person(age=65, topics=frozenset({"housing"})), ZG1, [WOHNBERATUNG, QUARTIERSBUERO]),
        # housing under 65 without care is no "Wohnen im Alter"
        (Person(age=64, topics=frozenset({"housing"})), None, []),
        (Person(topics=frozenset({"housing"})), None, []),
        # seniors without a care or housing need: the Quartiersbüro as first contact
        (Person(age=65), None, [QUARTIERSBUERO]),
        (Person(age=64), None, []),
    ],
)
def test_care_setting_hints(person, area, expected):
    hints = referral_hints(person, area)
    assert services(hints) == expected
    for hint in hints:
        assert hint.kind == VERWEISBERATUNG
        assert "Fachkonzept Oberhausen §6.3" in hint.reason


def test_care_setting_reasons_name_the_city_services():
    hints = referral_hints(Person(age=70), ZG3)
    assert "Pflegeberatung der Stadt Oberhausen" in hint_for(hints, PFLEGEBERATUNG).reason
    assert "Wohnberatung für ältere Menschen" in hint_for(hints, WOHNBERATUNG).reason
    assert "Erstanlaufstelle" in hint_for(hints, QUARTIERSBUERO).reason


def test_everything_at_once_in_the_order_of_the_sections():
    person = Person(
        age=70,
        years_since_first_title=1.0,
        residence_status=DULDUNG,
        care_need=True,
        has_minor_child=True,
        topics=frozenset({"language", "housing", "work", "care"}),
        receives_sgb_ii=True,
    )
    assert services(referral_hints(person, ZG1)) == [
        MBE,
        TEAM_SOZIALARBEIT,
        FLUECHTLINGSBERATUNG,
        BILDUNGSBERATUNG,
        PFLEGEBERATUNG,
        WOHNBERATUNG,
        QUARTIERSBUERO,
    ]
    assert services(referral_hints(person, ZG2)) == [
        TEAM_SOZIALARBEIT,
        FLUECHTLINGSBERATUNG,
        BILDUNGSBERATUNG,
        JUGENDAMT,
        JOBCENTER,
        PFLEGEBERATUNG,
        WOHNBERATUNG,
        QUARTIERSBUERO,
    ]


_RICH = [
    (
        Person(
            age=age,
            years_since_first_title=years,
            residence_status=status,
            care_need=care,
            has_minor_child=child,
            topics=frozenset(topics),
            receives_sgb_ii=sgb,
        ),
        area,
    )
    for age, years in ((8, 1.0), (20, 1.0), (30, 1.0), (30, 4.0), (70, 0.5), (None, None))
    for status in (DULDUNG, TEMPORARY, None)
    for care, child, sgb in ((True, True, True), (False, False, False))
    for topics in ((), ("language", "housing", "work", "care"))
    for area in (None, *SUPPORT_AREAS)
]


@pytest.mark.parametrize(("person", "area"), _RICH)
def test_every_hint_is_well_formed(person, area):
    """Known services and kinds, each service once, one short German sentence per reason
    naming its section, with proper umlauts."""
    hints = referral_hints(person, area)
    assert len(services(hints)) == len(set(services(hints)))
    for hint in hints:
        assert isinstance(hint, Hint)
        assert hint.service in SERVICES
        assert hint.kind in KINDS
        assert re.search(r"\(Fachkonzept Oberhausen §6\.[123](, Fußnote [78])?\)\.$", hint.reason)
        assert hint.reason.count(".") == 2  # "§6.x" and the full stop: one sentence
        assert len(hint.reason) <= 200
        assert hint.reason[0].isupper()
        assert not re.search(r"(?i)fuer|ueber|buero|fluecht|aelter|beduerf|moeglich", hint.reason)


@pytest.mark.parametrize("area", ["ZG1", "zg4", "", 1, "pflege"])
def test_unknown_support_area_is_refused(area):
    with pytest.raises(ValueError, match="Unbekannter Unterstützungsbereich"):
        referral_hints(NOBODY, area)


def test_referral_hints_needs_a_person():
    with pytest.raises(ValueError, match="Erwartet wird eine Person"):
        referral_hints(None, ZG1)
