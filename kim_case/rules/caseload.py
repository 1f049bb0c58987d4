"""Fallzahlschlüssel (seed 003 §7.8).

The key (1:40 including short counselling) applies to the 36 operative hours of a full-time
post of 39 hours; one strategic hour and two team hours count in full for every post, so
only the operative hours scale with part-time work.
"""

FULL_TIME_HOURS = 39.0
OPERATIVE_HOURS = 36.0
STRATEGIC_HOURS = 1.0
TEAM_HOURS = 2.0
FIXED_HOURS = STRATEGIC_HOURS + TEAM_HOURS

DEFAULT_KEY = 40
DEFAULT_TOLERANCE = 0.10

OK = "ok"
FULL = "full"  # at or above capacity, within the tolerance
OVER = "over"  # above capacity plus tolerance


def operative_hours(weekly_hours):
    """Weekly hours left for case work once the fixed strategic and team hours are taken."""
    return max(weekly_hours - FIXED_HOURS, 0.0)


def capacity(weekly_hours, key=DEFAULT_KEY):
    """Cases a post can carry: key × (weekly hours − 3) / 36, e.g. 19.5 h → 18.3 cases."""
    return round(key * operative_hours(weekly_hours) / OPERATIVE_HOURS, 1)


def tolerance_limit(capacity_cases, tolerance=DEFAULT_TOLERANCE):
    """The complexity of the cases allows a deviation of 10 % above the key."""
    return round(capacity_cases * (1 + tolerance), 1)


def load_status(open_cases, capacity_cases, tolerance=DEFAULT_TOLERANCE):
    if open_cases > tolerance_limit(capacity_cases, tolerance):
        return OVER
    if capacity_cases and open_cases >= capacity_cases:
        return FULL
    return OK
