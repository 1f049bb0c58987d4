from datetime import date

import pytest

from ..consent import (
    DRAFT,
    EXPIRED,
    EXPIRES_BEFORE_SIGNED,
    GIVEN,
    NO_SIGNATURE_DATE,
    PROCESSING,
    SIGNED_IN_FUTURE,
    WAIVER,
    WITHDRAWN,
    WITHDRAWN_BEFORE_SIGNED,
    WITHDRAWN_IN_FUTURE,
    Declaration,
    add_years,
    covering,
    covers,
    date_problems,
    retention_cutoff,
    retention_end,
    statistical_birth,
)

TODAY = date(2026, 11, 22)
JOBCENTER = "jobcenter"
LANDLORD = "landlord"
WAIVER_JC = Declaration(WAIVER, GIVEN, JOBCENTER, date(2026, 3, 1))


def test_waiver_covers_its_category_from_the_signature_on():
    assert covers(WAIVER_JC, date(2026, 3, 1), JOBCENTER)
    assert covers(WAIVER_JC, TODAY, JOBCENTER)


def test_waiver_does_not_cover_the_day_before_signature():
    assert not covers(WAIVER_JC, date(2026, 2, 28), JOBCENTER)


def test_waiver_does_not_cover_another_category():
    assert not covers(WAIVER_JC, TODAY, LANDLORD)


@pytest.mark.parametrize("state", [DRAFT, "", None])
def test_a_draft_covers_nothing(state):
    draft = Declaration(WAIVER, state, JOBCENTER, date(2026, 3, 1))
    assert not covers(draft, TODAY, JOBCENTER)


def test_a_declaration_without_signature_date_covers_nothing():
    assert not covers(Declaration(WAIVER, GIVEN, JOBCENTER), TODAY, JOBCENTER)


def test_withdrawal_ends_cover_on_its_day_but_not_before():
    withdrawn = Declaration(WAIVER, WITHDRAWN, JOBCENTER, date(2026, 3, 1), date(2026, 6, 1))
    assert covers(withdrawn, date(2026, 5, 31), JOBCENTER)
    assert not covers(withdrawn, date(2026, 6, 1), JOBCENTER)
    assert not covers(withdrawn, TODAY, JOBCENTER)


def test_recorded_disclosure_of_the_withdrawal_day_stays_covered():
    withdrawn = Declaration(WAIVER, WITHDRAWN, JOBCENTER, date(2026, 3, 1), date(2026, 6, 1))
    assert covers(withdrawn, date(2026, 6, 1), JOBCENTER, recorded=True)
    assert not covers(withdrawn, date(2026, 6, 2), JOBCENTER, recorded=True)


def test_expiry_ends_cover_after_the_last_valid_day():
    limited = Declaration(WAIVER, EXPIRED, JOBCENTER, date(2026, 3, 1), None, date(2026, 9, 30))
    assert covers(limited, date(2026, 9, 30), JOBCENTER)
    assert not covers(limited, date(2026, 10, 1), JOBCENTER)


def test_processing_consent_has_no_category():
    consent = Declaration(PROCESSING, GIVEN, None, date(2026, 3, 1))
    assert covers(consent, TODAY)
    assert covering([WAIVER_JC, consent], TODAY, kind=PROCESSING) is consent


def test_covering_finds_the_waiver_of_the_category():
    landlord = Declaration(WAIVER, GIVEN, LANDLORD, date(2026, 1, 1))
    assert covering([landlord, WAIVER_JC], TODAY, JOBCENTER) is WAIVER_JC
    assert covering([landlord, WAIVER_JC], date(2026, 2, 1), JOBCENTER) is None
    assert covering([], TODAY, JOBCENTER) is None


def test_sound_dates_have_no_problems():
    assert date_problems(date(2026, 3, 1), None, None, GIVEN, TODAY) == []
    assert date_problems(None, None, None, DRAFT, TODAY) == []


@pytest.mark.parametrize(
    ("signed", "withdrawn", "until", "state", "problem"),
    [
        (None, None, None, GIVEN, NO_SIGNATURE_DATE),
        (date(2026, 12, 1), None, None, GIVEN, SIGNED_IN_FUTURE),
        (date(2026, 3, 1), date(2026, 2, 1), None, WITHDRAWN, WITHDRAWN_BEFORE_SIGNED),
        (date(2026, 3, 1), date(2026, 12, 24), None, WITHDRAWN, WITHDRAWN_IN_FUTURE),
        (date(2026, 3, 1), None, date(2026, 2, 1), GIVEN, EXPIRES_BEFORE_SIGNED),
    ],
)
def test_date_problems(signed, withdrawn, until, state, problem):
    assert problem in date_problems(signed, withdrawn, until, state, TODAY)


def test_add_years_keeps_the_calendar_day():
    assert add_years(TODAY, 2) == date(2028, 11, 22)
    assert add_years(date(2028, 2, 29), 1) == date(2029, 2, 28)
    assert add_years(date(2028, 2, 29), -4) == date(2024, 2, 29)


def test_retention_cutoff_goes_back_whole_years():
    assert retention_cutoff(TODAY, 2) == date(2024, 11, 22)
    assert retention_cutoff(date(2028, 2, 29), 1) == date(2027, 2, 28)


def test_retention_ends_whole_years_after_closing():
    assert retention_end(date(2024, 11, 22), 2) == TODAY
    assert retention_end(TODAY, 0) == TODAY
    assert retention_end(None, 2) is None


def test_statistical_birth_keeps_year_and_quarter():
    assert statistical_birth(date(1985, 1, 31)) == (1985, 1)
    assert statistical_birth(date(1985, 6, 30)) == (1985, 2)
    assert statistical_birth(date(1985, 7, 1)) == (1985, 3)
    assert statistical_birth(date(1985, 12, 31)) == (1985, 4)
    assert statistical_birth(None) == (None, None)
