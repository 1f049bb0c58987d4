"""Typical courses of the cases (seed 001, formative evaluation): how long cases stay in
each stage, which sequences of stages they most often run through, and in which order
their counselling topics come up."""

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


# Courses of counselling topics -----------------------------------------------------------


def first_raised(contacts):
    """The contacts of one case that raised topics for the first time, in the order of
    their dates, each with the topics new in it: ``((date, contact id, frozenset of topic
    ids), ...)``. ``contacts``: ``[(date, contact id, topic ids), ...]`` in any order; on
    the same day the earlier contact comes first."""
    seen, steps = set(), []
    for day, contact, topics in sorted(contacts, key=lambda contact: contact[:2]):
        new = frozenset(topics) - seen
        if new:
            steps.append((day, contact, new))
            seen |= new
    return tuple(steps)


def topic_course(contacts):
    """The course of counselling topics of one case (seed 001: the documentation shows
    "Beratungsthemen und -verläufe", and the formative evaluation follows "typische
    Verläufe"): its contacts in the order of their dates, each adding the topics that come
    up in it for the first time as one step; a contact without a new topic adds none.
    ``contacts``: ``[(date, contact id, topic ids), ...]`` in any order. A step is a
    frozenset: the topics raised in the same contact have no order among them."""
    return tuple(new for _day, _contact, new in first_raised(contacts))


def stored_first_raised(contacts):
    """:func:`first_raised` as a case keeps it (JSON): ``[[ISO date, contact id, sorted
    topic ids], ...]``, or None when no contact raised a topic."""
    steps = [
        [day.isoformat(), contact, sorted(new)] for day, contact, new in first_raised(contacts)
    ]
    return steps or None


def course_until(stored, day):
    """The course of topics of a case up to ``day`` (its contacts of that day included),
    from what :func:`stored_first_raised` kept: a topic first raised later was not raised
    by then, and one raised by then was first raised by then."""
    until = day.isoformat()
    return tuple(frozenset(topics) for when, _contact, topics in stored or () if when <= until)


def topic_sequences(course, lengths=(2, 3)):
    """The sequences of ``lengths`` consecutive steps within one course, each once."""
    return {
        course[start : start + length]
        for length in lengths
        for start in range(len(course) - length + 1)
    }


def frequent_topic_sequences(courses, minimum=1, lengths=(2, 3), top=10):
    """The ``top`` sequences of topics most cases share, with the number of cases, as
    ``[(sequence, cases), ...]``: each case counts once for every sequence of ``lengths``
    consecutive steps in its course. A sequence fewer than ``minimum`` cases share is left
    out (it would describe those cases: k-anonymity). The most frequent first, then the
    longer, then in a stable order."""
    counts = Counter()
    for course in courses:
        counts.update(topic_sequences(course, lengths))
    shared = [(sequence, cases) for sequence, cases in counts.items() if cases >= minimum]
    shared.sort(key=lambda item: (-item[1], -len(item[0]), _sortable(item[0])))
    return shared[:top]


def _sortable(sequence):
    return [sorted(map(str, step)) for step in sequence]
