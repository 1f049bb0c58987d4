"""Typical courses of the cases (seed 001, formative evaluation): how long cases stay in
each stage, and which sequences of stages they most often run through."""

import statistics
from collections import Counter, defaultdict


def days_per_stage(visits):
    """``{stage: (cases, median days)}`` from ``{case: [(stage, days), ...]}``; a case that
    passes a stage twice counts its days there together."""
    per_stage = defaultdict(list)
    for passed in visits.values():
        totals = defaultdict(int)
        for stage, days in passed:
            totals[stage] += days
        for stage, days in totals.items():
            per_stage[stage].append(days)
    return {stage: (len(days), statistics.median(days)) for stage, days in per_stage.items()}


def course(passed):
    """The sequence of stages of one case, a stage repeated at once counted once."""
    result = []
    for stage, _days in passed:
        if not result or result[-1] != stage:
            result.append(stage)
    return tuple(result)


def frequent_courses(visits, top=10):
    """The ``top`` most frequent courses with the number of cases that ran through them."""
    counts = Counter(course(passed) for passed in visits.values() if passed)
    return counts.most_common(top)
