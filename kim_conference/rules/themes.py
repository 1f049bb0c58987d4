"""Generative themes (seed 003 §5, Anlage 9.2.6; seed 004): structural problems found in
single cases, bundled by the coordinators, brought to the Lenkungskreis, worked on by a
project group. A theme moves one step at a time; it can be discarded at any open step."""

RECOGNISED = "recognised"
BUNDLED = "bundled"
STEERING = "steering"
PROJECT = "project_group"
IMPLEMENTED = "implemented"
DISCARDED = "discarded"

ORDER = (RECOGNISED, BUNDLED, STEERING, PROJECT, IMPLEMENTED)
FINAL = (IMPLEMENTED, DISCARDED)


def next_states(state):
    """The states a theme in ``state`` may move to."""
    if state in FINAL:
        return ()
    following = ORDER[ORDER.index(state) + 1]
    return (following, DISCARDED)


def may_move(state, target):
    return target in next_states(state)


def may_cluster(theme_area, cluster_area, parents):
    """Whether a theme of municipality ``theme_area`` may join a cluster of
    ``cluster_area``: the same municipality, or the district that contains it.
    ``parents`` maps each municipality to its parent (or None)."""
    area = theme_area
    while area is not None:
        if area == cluster_area:
            return True
        area = parents.get(area)
    return False
