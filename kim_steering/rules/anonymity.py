"""Small cells: what leaves the coordination shows no count of fewer than five persons
(k-anonymity with k = 5), so that nobody can be recognised from a table."""

K = 5
SUPPRESSED = "< 5"


def cell(count, k=K):
    """The published value of a cell counting ``count`` persons: the count itself, or
    "< 5" for one to four persons. No person (0) gives nothing away and stays 0."""
    if count is None:
        return 0
    if 0 < count < k:
        return SUPPRESSED
    return count


def is_suppressed(count, k=K):
    return count is not None and 0 < count < k
