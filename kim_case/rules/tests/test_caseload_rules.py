import pytest

from ..caseload import (
    DEFAULT_KEY,
    DEFAULT_TOLERANCE,
    FIXED_HOURS,
    FULL,
    FULL_TIME_HOURS,
    OK,
    OPERATIVE_HOURS,
    OVER,
    capacity,
    load_status,
    operative_hours,
    tolerance_limit,
)


def test_constants_of_the_concept():
    """003 §7.8: 39 h post, 36 operative, 1 strategic + 2 team hours, key 1:40, 10 %."""
    assert FULL_TIME_HOURS == 39.0
    assert OPERATIVE_HOURS == 36.0
    assert FIXED_HOURS == 3.0
    assert OPERATIVE_HOURS + FIXED_HOURS == FULL_TIME_HOURS
    assert DEFAULT_KEY == 40
    assert DEFAULT_TOLERANCE == 0.1


@pytest.mark.parametrize(
    ("weekly_hours", "hours"),
    [
        (39, 36.0),
        (30, 27.0),
        (19.5, 16.5),
        (3, 0.0),
        (2, 0.0),
        (0, 0.0),
    ],
)
def test_operative_hours(weekly_hours, hours):
    """003 §7.8: the fixed 3 hours count in full, never below zero."""
    assert operative_hours(weekly_hours) == hours


@pytest.mark.parametrize(
    ("weekly_hours", "cases"),
    [
        (39, 40.0),  # full-time post
        (39.0, 40.0),
        (30, 30.0),
        (19.5, 18.3),  # half-time: 40 × 16.5 / 36 = 18.33
        (21, 20.0),
        (3, 0.0),
    ],
)
def test_capacity_with_default_key(weekly_hours, cases):
    """003 §7.8: key × (weekly hours − 3) / 36."""
    assert capacity(weekly_hours) == cases


@pytest.mark.parametrize(
    ("weekly_hours", "key", "cases"),
    [
        (39, 55, 55.0),  # 36 operative + 3 fixed hours at the old key 1:55
        (21, 55, 27.5),
        (39, 49, 49.0),
        (39, 40, 40.0),
    ],
)
def test_capacity_with_custom_key(weekly_hours, key, cases):
    """003 §7.8: the key applies to the 36 operative hours."""
    assert capacity(weekly_hours, key=key) == cases


@pytest.mark.parametrize("weekly_hours", [2.9, 2, 1, 0, -5])
def test_capacity_below_fixed_hours_is_zero(weekly_hours):
    """No operative hours, no cases."""
    assert capacity(weekly_hours) == 0


def test_capacity_is_rounded_to_one_decimal():
    """The capacity is shown with one decimal."""
    assert capacity(19.5) == round(capacity(19.5), 1)
    assert capacity(10) == 7.8  # 40 × 7 / 36 = 7.78


@pytest.mark.parametrize(
    ("capacity_cases", "limit"),
    [
        (40, 44.0),
        (40.0, 44.0),
        (30.0, 33.0),
        (18.3, 20.1),
        (55, 60.5),
        (0, 0.0),
    ],
)
def test_tolerance_limit(capacity_cases, limit):
    """003 §7.8: a deviation of 10 % above the key."""
    assert tolerance_limit(capacity_cases) == limit


def test_tolerance_limit_with_custom_tolerance():
    """The tolerance can be given explicitly."""
    assert tolerance_limit(40, tolerance=0.2) == 48.0
    assert tolerance_limit(40, tolerance=0) == 40.0


@pytest.mark.parametrize(
    ("open_cases", "capacity_cases", "status"),
    [
        (0, 40.0, OK),
        (39, 40.0, OK),
        (40, 40.0, FULL),  # at capacity
        (42, 40.0, FULL),
        (44, 40.0, FULL),  # at the tolerance limit
        (45, 40.0, OVER),  # above it
        (18, 18.3, OK),
        (19, 18.3, FULL),
        (20, 18.3, FULL),
        (21, 18.3, OVER),  # limit 20.1
        (0, 0.0, OK),  # no capacity, no cases
        (1, 0.0, OVER),  # no capacity but a case
    ],
)
def test_load_status(open_cases, capacity_cases, status):
    """003 §7.8: OK below capacity, FULL up to +10 %, OVER beyond."""
    assert load_status(open_cases, capacity_cases) == status


def test_load_status_with_custom_tolerance():
    """A tolerance of zero makes every case above capacity OVER."""
    assert load_status(40, 40.0, tolerance=0) == FULL
    assert load_status(41, 40.0, tolerance=0) == OVER


def test_load_status_of_a_full_time_post():
    """A full-time post carries 40 cases, 44 within the tolerance."""
    cases = capacity(39)
    assert load_status(40, cases) == FULL
    assert load_status(44, cases) == FULL
    assert load_status(45, cases) == OVER
