"""The kollegiale Fallberatung of seed 003, Anlage 9.2.7: one case per session, a group
of five to ten, six roles assigned anew for each session, nine phases with their minutes."""

MIN_PARTICIPANTS = 5
MAX_PARTICIPANTS = 10

CASE_GIVER = "case_giver"
MODERATOR = "moderator"
ADVISOR = "advisor"
MINUTE_TAKER = "minute_taker"
TIMEKEEPER = "timekeeper"
OBSERVER = "observer"

ROLES = (CASE_GIVER, MODERATOR, ADVISOR, MINUTE_TAKER, TIMEKEEPER, OBSERVER)
# Exactly one person holds each of these; everyone else advises.
SINGLE_ROLES = (CASE_GIVER, MODERATOR, MINUTE_TAKER, TIMEKEEPER, OBSERVER)

# Minutes of the nine phases (Schema der Kollegialen Beratung).
PHASE_MINUTES = (10, 10, 10, 5, 5, 15, 5, 5, 10)
# A warning this many seconds before a phase ends.
WARNING_SECONDS = 60


def total_minutes():
    return sum(PHASE_MINUTES)


def group_problems(roles):
    """What is wrong with a group, given the role of each participant (one entry per
    participant): a list of ``(problem, detail)``: ``too_few`` / ``too_many`` with the
    count, ``missing`` with a role nobody holds, ``twice`` with a single role held by
    more than one person."""
    problems = []
    count = len(roles)
    if count < MIN_PARTICIPANTS:
        problems.append(("too_few", count))
    elif count > MAX_PARTICIPANTS:
        problems.append(("too_many", count))
    for role in ROLES:
        held = sum(1 for given in roles if given == role)
        if held == 0:
            problems.append(("missing", role))
        elif held > 1 and role in SINGLE_ROLES:
            problems.append(("twice", role))
    return problems


def remaining_seconds(started_at, minutes, now):
    """Seconds left in a phase begun ``started_at`` of ``minutes`` (negative: overtime)."""
    return minutes * 60 - (now - started_at).total_seconds()


def phase_signal(started_at, minutes, now):
    """``"running"``, ``"warning"`` (a minute or less left) or ``"over"``."""
    left = remaining_seconds(started_at, minutes, now)
    if left < 0:
        return "over"
    if left <= WARNING_SECONDS:
        return "warning"
    return "running"
