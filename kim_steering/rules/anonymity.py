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


# A further cell withheld so that a hidden small count cannot be worked out from the total.
WITHHELD = "x"


def publish_row(parts, total=None, k=K):
    """A table row as it is published: small counts hidden, and where exactly one part is
    hidden while the total is shown, the smallest other part withheld too (otherwise the
    total minus the shown parts would give the hidden count away)."""
    shown = [cell(value, k) for value in parts]
    hidden = [index for index, value in enumerate(parts) if is_suppressed(value, k)]
    if total is not None and len(hidden) == 1 and not is_suppressed(total, k):
        others = [index for index, value in enumerate(parts) if index not in hidden and value]
        if others:
            shown[min(others, key=lambda index: parts[index])] = WITHHELD
    if total is None:
        return shown
    return [*shown, cell(total, k)]
