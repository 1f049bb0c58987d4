from datetime import date, datetime, timedelta

import pytest

from ..conference import (
    NOT_URGENT,
    URGENT,
    VERY_URGENT,
    next_free_start,
    outside_window,
    phase_plan,
    slot_problems,
    urgency_window,
)
from ..peer import PHASE_MINUTES, group_problems, phase_signal, remaining_seconds, total_minutes
from ..themes import (
    BUNDLED,
    DISCARDED,
    IMPLEMENTED,
    PROJECT,
    RECOGNISED,
    STEERING,
    may_cluster,
    may_move,
    next_states,
)
from ..vignette import age, age_band

MONDAY = date(2027, 1, 4)
NINE = datetime(2027, 2, 1, 9, 0)


@pytest.mark.parametrize(
    ("urgency", "earliest", "latest"),
    [
        (VERY_URGENT, MONDAY, MONDAY + timedelta(days=14)),
        (URGENT, MONDAY + timedelta(days=21), MONDAY + timedelta(days=28)),
        (NOT_URGENT, MONDAY + timedelta(days=35), MONDAY + timedelta(days=49)),
    ],
)
def test_urgency_windows_follow_the_form(urgency, earliest, latest):
    assert urgency_window(MONDAY, urgency) == (earliest, latest)
    assert outside_window(earliest, MONDAY, urgency) is None
    assert outside_window(latest, MONDAY, urgency) is None
    assert outside_window(latest + timedelta(days=1), MONDAY, urgency) == "late"


def test_urgent_is_too_early_in_the_second_week():
    assert outside_window(MONDAY + timedelta(days=10), MONDAY, URGENT) == "early"
    assert outside_window(MONDAY + timedelta(days=10), MONDAY, VERY_URGENT) is None


def _slot(key, start_minutes, length):
    start = NINE + timedelta(minutes=start_minutes)
    return (key, start, start + timedelta(minutes=length))


def test_three_hours_three_cases_are_fine():
    assert slot_problems([_slot(1, 0, 60), _slot(2, 60, 60), _slot(3, 120, 60)]) == []


def test_a_fourth_case_is_too_many():
    slots = [_slot(key, 60 * key, 45) for key in range(4)]
    assert ("too_many", (0, 1, 2, 3)) in slot_problems(slots)


def test_a_slot_over_an_hour_and_an_empty_one():
    problems = slot_problems([_slot(1, 0, 61), _slot(2, 90, 0)])
    assert ("too_long", (1,)) in problems
    assert ("empty", (2,)) in problems


def test_overlapping_slots_are_named_whatever_their_order():
    problems = slot_problems([_slot(2, 30, 60), _slot(1, 0, 45)])
    assert problems == [("overlap", (1, 2))]


def test_adjacent_slots_do_not_overlap():
    assert slot_problems([_slot(1, 0, 60), _slot(2, 60, 30)]) == []


def test_an_hour_has_the_four_phases_of_the_concept():
    start, stop = NINE, NINE + timedelta(hours=1)
    plan = phase_plan(start, stop)
    minutes = [(end - begin).total_seconds() / 60 for _phase, begin, end in plan]
    assert [phase for phase, _b, _e in plan] == ["information", "discussion", "decision", "closing"]
    assert minutes == [10, 30, 10, 10]
    assert plan[0][1] == start and plan[-1][2] == stop


def test_a_shorter_slot_shortens_the_phases_in_proportion():
    plan = phase_plan(NINE, NINE + timedelta(minutes=30))
    minutes = [(end - begin).total_seconds() / 60 for _phase, begin, end in plan]
    assert minutes == [5, 15, 5, 5]
    assert phase_plan(NINE, NINE) == []


def test_the_next_slot_starts_after_the_last():
    assert next_free_start([], NINE) == NINE
    assert next_free_start([_slot(1, 0, 60), _slot(2, 60, 45)], NINE) == NINE + timedelta(
        minutes=105
    )


ROLES_OK = ["case_giver", "moderator", "minute_taker", "timekeeper", "observer", "advisor"]


def test_a_complete_group_of_six():
    assert group_problems(ROLES_OK) == []
    assert group_problems(ROLES_OK + ["advisor"] * 4) == []


def test_four_or_eleven_participants_are_refused():
    assert ("too_few", 4) in group_problems(ROLES_OK[:4])
    assert ("too_many", 11) in group_problems(ROLES_OK + ["advisor"] * 5)


def test_a_role_left_empty_or_held_twice():
    roles = ["case_giver", "moderator", "minute_taker", "timekeeper", "advisor", "advisor"]
    assert group_problems(roles) == [("missing", "observer")]
    roles = [*ROLES_OK, "moderator"]
    assert group_problems(roles) == [("twice", "moderator")]


def test_nine_phases_of_seventy_five_minutes():
    assert len(PHASE_MINUTES) == 9
    assert PHASE_MINUTES == (10, 10, 10, 5, 5, 15, 5, 5, 10)
    assert total_minutes() == 75


def test_the_timer_warns_in_the_last_minute_and_counts_overtime():
    start = NINE
    assert remaining_seconds(start, 5, start + timedelta(minutes=2)) == 180
    assert phase_signal(start, 5, start + timedelta(minutes=3)) == "running"
    assert phase_signal(start, 5, start + timedelta(minutes=4)) == "warning"
    assert phase_signal(start, 5, start + timedelta(minutes=5, seconds=1)) == "over"


def test_themes_move_one_step_at_a_time():
    assert next_states(RECOGNISED) == (BUNDLED, DISCARDED)
    assert may_move(BUNDLED, STEERING)
    assert may_move(STEERING, PROJECT)
    assert may_move(PROJECT, IMPLEMENTED)
    assert not may_move(RECOGNISED, IMPLEMENTED)
    assert not may_move(RECOGNISED, STEERING)
    assert not may_move(BUNDLED, RECOGNISED)


def test_final_themes_do_not_move():
    assert next_states(IMPLEMENTED) == ()
    assert next_states(DISCARDED) == ()
    assert may_move(PROJECT, DISCARDED)


def test_clusters_hold_themes_of_the_district_and_its_towns():
    parents = {"borgholzhausen": "guetersloh_kreis", "versmold": "guetersloh_kreis"}
    assert may_cluster("borgholzhausen", "guetersloh_kreis", parents)
    assert may_cluster("guetersloh_kreis", "guetersloh_kreis", parents)
    assert not may_cluster("guetersloh_kreis", "borgholzhausen", parents)
    assert not may_cluster("oberhausen", "guetersloh_kreis", parents)


@pytest.mark.parametrize(
    ("birthdate", "band"),
    [
        (date(2010, 3, 1), "under_18"),
        (date(2009, 1, 4), "18_26"),
        (date(2009, 1, 5), "under_18"),
        (date(1990, 6, 1), "27_39"),
        (date(1980, 1, 1), "40_54"),
        (date(1965, 1, 1), "55_66"),
        (date(1950, 1, 1), "67_plus"),
        (None, None),
    ],
)
def test_age_bands(birthdate, band):
    assert age_band(birthdate, MONDAY) == band


def test_age_counts_the_birthday():
    assert age(date(2000, 1, 4), MONDAY) == 27
    assert age(date(2000, 1, 5), MONDAY) == 26
