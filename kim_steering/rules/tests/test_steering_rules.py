from datetime import date

import pytest

from ..anonymity import SUPPRESSED, WITHHELD, cell, is_suppressed, publish_row
from ..courses import course, days_per_stage, frequent_courses
from ..period import overlaps, period_problem
from ..pseudonym import KEY_LENGTH, case_key, new_secret


@pytest.mark.parametrize(
    ("count", "shown"),
    [(0, 0), (None, 0), (1, SUPPRESSED), (4, SUPPRESSED), (5, 5), (120, 120)],
)
def test_small_cells_are_suppressed(count, shown):
    assert cell(count) == shown
    assert is_suppressed(count) == (shown == SUPPRESSED)


def test_case_key_is_stable_and_keyed():
    secret = new_secret()
    assert case_key(secret, 42) == case_key(secret, 42)
    assert len(case_key(secret, 42)) == KEY_LENGTH
    assert case_key(secret, 42) != case_key(secret, 43)
    # Another installation (another secret) gives other keys: the id cannot be tried out.
    assert case_key(new_secret(), 42) != case_key(secret, 42)


def test_case_key_needs_a_real_secret():
    with pytest.raises(ValueError):
        case_key("", 1)
    with pytest.raises(ValueError):
        case_key("short", 1)


def test_period():
    assert period_problem(date(2026, 1, 1), date(2026, 12, 31)) is None
    assert period_problem(date(2026, 12, 31), date(2026, 1, 1)) == "reversed"
    assert period_problem(None, date(2026, 1, 1)) == "missing"
    assert overlaps(date(2025, 5, 1), None, date(2026, 1, 1), date(2026, 12, 31))
    assert overlaps(date(2025, 5, 1), date(2026, 1, 1), date(2026, 1, 1), date(2026, 12, 31))
    assert not overlaps(date(2025, 5, 1), date(2025, 12, 31), date(2026, 1, 1), date(2026, 12, 31))
    assert not overlaps(date(2027, 1, 1), None, date(2026, 1, 1), date(2026, 12, 31))


def test_a_hidden_count_cannot_be_worked_out_from_the_total():
    # 21 women, 15 men, 3 not recorded: the 3 is hidden, and the 15 with it.
    assert publish_row([21, 15, 0, 3], 39) == [21, WITHHELD, 0, SUPPRESSED, 39]
    # Two hidden parts protect each other.
    assert publish_row([21, 2, 0, 3], 26) == [21, SUPPRESSED, 0, SUPPRESSED, 26]
    # A small total hides itself.
    assert publish_row([0, 3, 0, 0], 3) == [0, SUPPRESSED, 0, 0, SUPPRESSED]
    assert publish_row([7, 9]) == [7, 9]
    assert publish_row([7, 2]) == [7, SUPPRESSED]


def test_courses():
    visits = {
        1: [("intake", 10), ("plan", 30), ("close", 5)],
        2: [("intake", 20), ("plan", 10), ("plan", 4), ("close", 1)],
        3: [("intake", 3)],
        4: [],
    }
    stats = days_per_stage(visits)
    assert stats["intake"] == (3, 10)
    assert stats["plan"] == (2, 22)  # 30 and 10 + 4
    assert course(visits[2]) == ("intake", "plan", "close")
    assert frequent_courses(visits) == [(("intake", "plan", "close"), 2), (("intake",), 1)]
