"""Reporting periods of the coordination."""


def period_problem(date_from, date_to):
    """Why a period cannot be reported on, or None."""
    if not date_from or not date_to:
        return "missing"
    if date_to < date_from:
        return "reversed"
    return None


def overlaps(date_open, date_closed, date_from, date_to):
    """Whether a case open from ``date_open`` to ``date_closed`` (None: still open) was
    active at some day of the period."""
    return date_open <= date_to and (date_closed is None or date_closed >= date_from)
