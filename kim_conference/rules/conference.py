"""The Fallkonferenz of seed 003, Anlage 9.2.6: when it should take place, and how its
cases share one meeting.

- Urgency (Formblatt, "Zeitlogistik"): very urgent within two weeks of the request,
  urgent in three to four weeks, not very urgent in five to seven weeks.
- At most three cases per conference and at most one hour per case; each case has its own
  slot, so that the institutions of a case attend only its slot. Slots do not overlap.
- A slot runs through four phases: about 10 minutes information, 30 discussion and
  argument, 10 decision, 10 closing. A shorter slot shortens them in proportion.
"""

import itertools
from datetime import timedelta

VERY_URGENT = "very_urgent"
URGENT = "urgent"
NOT_URGENT = "not_urgent"

# (first day, last day) after the request, in days.
URGENCY_WINDOWS = {
    VERY_URGENT: (0, 14),
    URGENT: (21, 28),
    NOT_URGENT: (35, 49),
}

MAX_CASES = 3
MAX_SLOT_MINUTES = 60

# The phases of a case's slot and their minutes in an hour.
SLOT_PHASES = (
    ("information", 10),
    ("discussion", 30),
    ("decision", 10),
    ("closing", 10),
)


def urgency_window(requested_on, urgency):
    """``(earliest, latest)`` dates for the conference of a request made ``requested_on``."""
    first, last = URGENCY_WINDOWS[urgency]
    return requested_on + timedelta(days=first), requested_on + timedelta(days=last)


def outside_window(day, requested_on, urgency):
    """``"early"``, ``"late"`` or ``None``: where ``day`` lies against the window."""
    earliest, latest = urgency_window(requested_on, urgency)
    if day < earliest:
        return "early"
    if day > latest:
        return "late"
    return None


def slot_problems(slots):
    """What is wrong with the slots of one conference, each ``(key, start, stop)`` with
    datetimes: a list of ``(problem, keys)``, empty when all is well. Problems:
    ``too_many`` (more than three cases), ``too_long`` (over an hour), ``empty`` (no
    time at all) and ``overlap`` (two slots share time)."""
    problems = []
    if len(slots) > MAX_CASES:
        problems.append(("too_many", tuple(key for key, _start, _stop in slots)))
    for key, start, stop in slots:
        if stop <= start:
            problems.append(("empty", (key,)))
        elif stop - start > timedelta(minutes=MAX_SLOT_MINUTES):
            problems.append(("too_long", (key,)))
    ordered = sorted(slots, key=lambda slot: (slot[1], slot[2]))
    for (key_a, _start_a, stop_a), (key_b, start_b, _stop_b) in itertools.pairwise(ordered):
        if start_b < stop_a:
            problems.append(("overlap", (key_a, key_b)))
    return problems


def phase_plan(start, stop):
    """The four phases of a slot as ``[(phase, start, stop)]``, in proportion to its length
    (an hour gives 10/30/10/10 minutes); rounded to whole minutes, the last phase ends with
    the slot."""
    total = (stop - start).total_seconds() / 60
    if total <= 0:
        return []
    full = sum(minutes for _phase, minutes in SLOT_PHASES)
    plan, begin = [], start
    for index, (phase, minutes) in enumerate(SLOT_PHASES):
        if index == len(SLOT_PHASES) - 1:
            end = stop
        else:
            end = begin + timedelta(minutes=round(total * minutes / full))
        plan.append((phase, begin, end))
        begin = end
    return plan


def next_free_start(slots, conference_start):
    """Where the next slot of a conference begins: after the last slot, or at the start."""
    if not slots:
        return conference_start
    return max(stop for _key, _start, stop in slots)
