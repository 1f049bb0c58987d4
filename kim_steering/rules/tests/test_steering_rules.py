import itertools
import random
from datetime import date

import pytest

from ..anonymity import (
    SUPPRESSED,
    WITHHELD,
    cell,
    is_suppressed,
    protect_linked,
    protect_table,
    publish_row,
)
from ..courses import (
    course,
    course_until,
    days_per_stage,
    frequent_courses,
    frequent_topic_sequences,
    stored_first_raised,
    topic_course,
    topic_sequences,
)
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


def test_a_withheld_cell_is_large_enough_to_protect():
    # 1 hidden and 5 withheld: 6 - 5 would still tell that the hidden count is 1.
    assert publish_row([1, 5, 20], 26) == [SUPPRESSED, 5, WITHHELD, 26]
    # Two hidden counts adding up to 2 are both 1: a third cell goes.
    assert publish_row([1, 1, 10, 12], 24) == [SUPPRESSED, SUPPRESSED, WITHHELD, 12, 24]
    # 4 + 4 = 8: the total is withheld rather than telling it.
    assert publish_row([4, 4], 8) == [SUPPRESSED, SUPPRESSED, WITHHELD]


def test_a_column_sum_does_not_give_a_hidden_count_away():
    # Active cases by case type, women and men; the column sums are published.
    rows = [[12, 3, 15], [20, 9, 29], [0, 6, 6]]
    margin = [32, 18, 50]
    shown, shown_margin = protect_table(rows, margin)
    # 15 - 12 and 18 - 9 - 6 would each give the 3 back: the 12 goes with it, then 20 for
    # the column of the 12 and 9 for its row, which closes the men's column too.
    assert shown == [[WITHHELD, SUPPRESSED, 15], [WITHHELD, WITHHELD, 29], [0, 6, 6]]
    assert shown_margin == margin
    _assert_safe(rows, margin, shown, shown_margin)


def test_linked_tables_hide_the_same_figures_of_the_margin():
    margin = [30, 4, 34]
    by_type = [[25, 4, 29], [5, 0, 5]]
    by_group = [[30, 0, 30], [0, 4, 4]]
    shown_margin, (type_shown, group_shown) = protect_linked(margin, [by_type, by_group])
    # Four men and 34 in all: the 30 women are withheld everywhere, not only in one table.
    assert shown_margin == [WITHHELD, SUPPRESSED, 34]
    for rows, shown in ((by_type, type_shown), (by_group, group_shown)):
        _assert_safe(rows, margin, shown, shown_margin)
    assert protect_linked([7, 2, 9], []) == ([WITHHELD, SUPPRESSED, 9], [])


def _assert_line_safe(entries):
    """No hidden entry of a line (parts, total last) is determined by the line: tried out
    over the values the reader could assume (a withheld one up to well above the line's
    largest)."""
    largest = max(value for value, _shown in entries)
    ranges = {SUPPRESSED: range(1, 5), WITHHELD: range(5, 2 * largest + 10)}
    hidden = [i for i, (_value, shown) in enumerate(entries) if shown in ranges]
    if not hidden:
        return
    signs = [1] * (len(entries) - 1) + [-1]
    shown_entries = zip(signs, entries, strict=True)
    rest = -sum(sign * shown for sign, (_v, shown) in shown_entries if shown not in ranges)
    options = {i: set() for i in hidden}
    *first, last = hidden
    for guess in itertools.product(*(ranges[entries[i][1]] for i in first)):
        value = (rest - sum(signs[i] * v for i, v in zip(first, guess, strict=True))) * signs[last]
        if value in ranges[entries[last][1]]:
            for i, v in zip(hidden, (*guess, value), strict=True):
                options[i].add(v)
    for i in hidden:
        assert len(options[i]) > 1, (entries, i)


def _assert_safe(rows, margin, shown, shown_margin):
    table = [*rows, margin]
    published = [*shown, shown_margin]
    for real, seen in zip(table, published, strict=True):
        for value, value_shown in zip(real, seen, strict=True):
            assert value_shown in (value, SUPPRESSED, WITHHELD)
            assert value_shown != SUPPRESSED or is_suppressed(value)
            assert not is_suppressed(value) or value_shown == SUPPRESSED
        _assert_line_safe(list(zip(real, seen, strict=True)))
    for column in range(len(margin)):
        _assert_line_safe(
            [(row[column], seen[column]) for row, seen in zip(table, published, strict=True)]
        )


@pytest.mark.parametrize("seed", range(40))
def test_random_tables_leak_no_hidden_count(seed):
    rng = random.Random(seed)
    rows = [
        [rng.choice([0, 0, 1, 2, 3, 4, 5, 7, 9, 12]) for _gender in range(3)]
        for _row in range(rng.randint(1, 4))
    ]
    rows = [[*row, sum(row)] for row in rows]
    margin = [sum(column) for column in zip(*rows, strict=True)]
    shown, shown_margin = protect_table(rows, margin)
    _assert_safe(rows, margin, shown, shown_margin)
    # The same cases split another way: both tables hide the same figures of the margin.
    other = [[0] * len(margin) for _row in range(rng.randint(1, 3))]
    for column, count in enumerate(margin[:-1]):
        for _person in range(count):
            other[rng.randrange(len(other))][column] += 1
    other = [[*row[:-1], sum(row[:-1])] for row in other]
    shown_margin, tables = protect_linked(margin, [rows, other])
    for table, shown in zip([rows, other], tables, strict=True):
        _assert_safe(table, margin, shown, shown_margin)


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


def test_topic_course_follows_the_contacts_in_order():
    contacts = [
        (date(2026, 3, 1), 7, ["work"]),
        (date(2026, 1, 5), 3, ["residence", "housing"]),
        (date(2026, 2, 1), 5, ["housing"]),  # nothing new: no step
        (date(2026, 3, 1), 6, ["health", "work"]),  # same day: the earlier contact first
        (date(2026, 4, 1), 8, []),
    ]
    assert topic_course(contacts) == (
        frozenset({"residence", "housing"}),
        frozenset({"health", "work"}),
    )
    assert topic_course([]) == ()


def test_a_course_up_to_a_day_from_what_a_case_keeps():
    contacts = [
        (date(2026, 3, 1), 7, ["work"]),
        (date(2026, 1, 5), 3, ["residence", "housing"]),
        (date(2026, 3, 1), 6, ["health", "work"]),
        (date(2026, 5, 2), 9, ["language", "work"]),
    ]
    stored = stored_first_raised(contacts)
    assert stored == [
        ["2026-01-05", 3, ["housing", "residence"]],
        ["2026-03-01", 6, ["health", "work"]],
        ["2026-05-02", 9, ["language"]],
    ]
    assert stored_first_raised([(date(2026, 1, 1), 1, [])]) is None
    for day in (date(2025, 12, 31), date(2026, 1, 5), date(2026, 3, 1), date(2026, 5, 2)):
        until = [contact for contact in contacts if contact[0] <= day]
        assert course_until(stored, day) == topic_course(until)
    assert course_until(None, date(2026, 5, 2)) == ()


def test_topic_sequences_of_one_course_count_once():
    a, b, c = frozenset("a"), frozenset("b"), frozenset("c")
    assert topic_sequences((a, b, c)) == {(a, b), (b, c), (a, b, c)}
    assert topic_sequences((a,)) == set()
    assert topic_sequences((a, b), lengths=(1,)) == {(a,), (b,)}


def test_frequent_topic_sequences_need_five_cases():
    a, b, c, d = (frozenset({name}) for name in "abcd")
    courses = [(a, b, c)] * 5 + [(a, b)] * 2 + [(d, a, b)] * 1 + [(c, d)] * 4 + [()] * 3
    frequent = frequent_topic_sequences(courses, minimum=5)
    # a → b: 8 cases; b → c and a → b → c: 5 each, the longer first; c → d (4) stays out.
    assert frequent == [((a, b), 8), ((a, b, c), 5), ((b, c), 5)]
    assert frequent_topic_sequences(courses, minimum=5, top=1) == [((a, b), 8)]
    assert ((c, d), 4) in frequent_topic_sequences(courses)
    assert frequent_topic_sequences([], minimum=5) == []
