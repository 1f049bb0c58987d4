"""Referrals that wait too long for an answer (seed 003 §7.8: the coordination follows up
open referrals)."""

from datetime import timedelta

OVERDUE_DAYS = 30


def overdue_before(today):
    """Referrals requested before this day and still unanswered are overdue."""
    return today - timedelta(days=OVERDUE_DAYS)
