import itertools

import pytest

from ..visibility import (
    NOTHING,
    any_of,
    case_workers,
    municipality_cases,
    own_cases,
    visible_persons,
    workers,
)


def matches(domain, record):
    """Evaluates a prefix domain of the operators used by the rules on a dict."""
    terms = list(domain) or [(1, "=", 1)]

    def operand(pos):
        term = terms[pos]
        if term == "!":
            value, pos = operand(pos + 1)
            return not value, pos
        if term in ("&", "|"):
            left, pos = operand(pos + 1)
            right, pos = operand(pos)
            return (left and right) if term == "&" else (left or right), pos
        name, op, value = term
        actual = name if isinstance(name, int) else record[name]
        if op == "=":
            return actual == value, pos + 1
        if op == "any":
            return any(matches(value, related) for related in actual), pos + 1
        if op == "in":
            hit = set(actual) & set(value) if isinstance(actual, list | set) else actual in value
            return bool(hit), pos + 1
        raise AssertionError(op)

    result, pos = True, 0
    while pos < len(terms):
        value, pos = operand(pos)
        result = result and value
    return result


CASES = [
    {"company_id": company, "user_id": user, "substitute_ids": subs, "municipality_id": town}
    for company, user, subs, town in itertools.product(
        (1, 2), (10, 11, False), ([], [10], [12]), (100, 101, 102)
    )
]
for _case in CASES:
    _case["kim_worker_ids"] = workers(_case)  # as the case computes it


def test_workers_are_the_manager_and_the_substitutes():
    assert workers({"user_id": 10, "substitute_ids": [12, 13]}) == [10, 12, 13]
    assert workers({"user_id": False, "substitute_ids": [12]}) == [12]


def test_own_cases_are_managed_or_substituted_at_the_own_provider():
    domain = own_cases(10, [1])
    seen = [case for case in CASES if matches(domain, case)]
    assert seen
    for case in CASES:
        expected = case["company_id"] == 1 and (
            case["user_id"] == 10 or 10 in case["substitute_ids"]
        )
        assert matches(domain, case) is expected


def test_municipality_cases_take_the_resolved_ids():
    domain = municipality_cases({101, 102})
    assert domain == [("municipality_id", "in", [101, 102])]
    assert [matches(domain, case) for case in CASES[:3]] == [False, True, True]


def test_no_municipality_means_no_case():
    assert municipality_cases(set()) == NOTHING
    assert not any(matches(NOTHING, case) for case in CASES)


# Users 10 and 11 work for provider 1, user 12 for provider 2.
COMPANIES = {10: [1], 11: [1], 12: [2]}.get


def test_case_workers_are_manager_and_substitutes_of_the_provider():
    for case in CASES:
        workers = case_workers(case, COMPANIES)
        for user in (10, 11, 12):
            expected = user in (case["user_id"], *case["substitute_ids"]) and case[
                "company_id"
            ] in COMPANIES(user)
            assert (user in workers) is expected


@pytest.mark.parametrize(
    ("case_manager", "coordinator"), [(True, False), (False, True), (True, True), (False, False)]
)
def test_visible_persons_is_the_union_of_the_roles(case_manager, coordinator):
    """A person is seen through an own case, or through the municipality of one of their
    cases; the person's cases stand for the person here. For the case manager the stored
    workers of the cases say exactly what own_cases says of them."""
    domain = visible_persons(10, {100}, case_manager=case_manager, coordinator=coordinator)
    for case in CASES:
        person = {
            "kim_access_user_ids": case_workers(case, COMPANIES),
            "kim_access_municipality_ids": [case["municipality_id"]],
        }
        own = matches(own_cases(10, COMPANIES(10)), case)
        expected = (case_manager and own) or (coordinator and case["municipality_id"] == 100)
        assert matches(domain, person) is bool(expected)


def test_no_role_sees_no_person():
    domain = visible_persons(10, {100}, case_manager=False, coordinator=False)
    assert domain == NOTHING


def test_any_of_keeps_each_operand_together():
    a = [("company_id", "=", 1), ("user_id", "=", 10)]
    b = [("municipality_id", "=", 102), "|", ("user_id", "=", 11), ("company_id", "=", 2)]
    domain = any_of(a, b)
    for case in CASES:
        assert matches(domain, case) is (matches(a, case) or matches(b, case))
