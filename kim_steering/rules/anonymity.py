"""Small cells: what leaves the coordination shows no count of fewer than five persons
(k-anonymity with k = 5), so that nobody can be recognised from a table.

Hiding the small counts (primary suppression) is not enough where a table also shows
totals: a row total minus the shown cells of its row gives a hidden cell back, and so does
a column whose sum is published (in the same table or in another one over the same
cases). Further cells are then withheld (secondary suppression) until no hidden count can
be worked out from any row or column it belongs to."""

import math

K = 5
SUPPRESSED = "< 5"
# A further cell withheld so that a hidden small count cannot be worked out from a total.
WITHHELD = "x"


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


# Secondary suppression -------------------------------------------------------------------
#
# A table is a list of rows, each row its parts followed by its total. Its cells are
# addressed as (row, column); the margin, when given, is one more row below the others:
# the sums of their columns, the grand total last. Every row and, with a margin, every
# column is a line whose parts add up to its total.


def _known(value, label, k):
    """What a reader knows of an entry: its value, or the range a hidden one lies in
    (zeros are always shown, so a hidden count is at least 1; a withheld one is not small,
    or it would show as "< 5")."""
    if label is None:
        return value, value
    if label == SUPPRESSED:
        return 1, k - 1
    return k, math.inf


def _lines(rows, margin):
    """Each line of the table as ``[(position, sign), ...]``: +1 for a part, -1 for the
    total. The rows (the margin one of them), and with a margin the columns."""
    table = [*rows, margin] if margin is not None else rows
    width = len(table[0])
    lines = [
        [((r, c), 1) for c in range(width - 1)] + [((r, width - 1), -1)] for r in range(len(table))
    ]
    if margin is not None:
        below = len(rows)
        lines += [[((r, c), 1) for r in range(below)] + [((below, c), -1)] for c in range(width)]
    return lines


def _exposed(line, values, hidden, k):
    """Whether some hidden entry of ``line`` can be worked out exactly from it."""
    entries = [(pos, sign) for pos, sign in line if pos in hidden]
    if not entries:
        return False
    # sum(sign * value) over the line is 0: the hidden entries add up to what is shown.
    rest = -sum(sign * values[pos] for pos, sign in line if pos not in hidden)
    ranges = {pos: _known(values[pos], hidden[pos], k) for pos, _sign in entries}
    for pos, sign in entries:
        low = high = rest
        for other, other_sign in entries:
            if other == pos:
                continue
            lo, hi = ranges[other]
            # rest - other_sign * x_other, for x_other in [lo, hi]
            low -= other_sign * (hi if other_sign > 0 else lo)
            high -= other_sign * (lo if other_sign > 0 else hi)
        if sign < 0:
            low, high = -high, -low
        lo, hi = ranges[pos]
        if max(lo, low) >= min(hi, high):
            return True
    return False


def _pattern(rows, margin=None, fixed=None, k=K):
    """The hidden entries of a table, ``{(row, column): SUPPRESSED or WITHHELD}``: the
    small counts and the ``fixed`` ones, then, while some line gives a hidden entry away,
    one more entry of that line withheld: preferably an inner cell, then a row total, then
    a column sum, the grand total last (the sums are published with other tables too); one
    that closes the line, one that closes other open lines too, the smallest.

    Each line is checked on its own; a count could still be narrowed down by combining
    several lines of a large table, which the rows and columns of our reports (a handful
    of categories by gender) leave no room for."""
    rows = [list(row) for row in rows]
    margin = list(margin) if margin is not None else None
    if not rows and margin is None:
        return {}
    table = [*rows, margin] if margin is not None else rows
    width = len(table[0])
    values = {(r, c): value or 0 for r, row in enumerate(table) for c, value in enumerate(row)}
    hidden = {pos: SUPPRESSED for pos, value in values.items() if is_suppressed(value, k)}
    hidden.update(fixed or {})
    lines = _lines(rows, margin)
    below = len(rows) if margin is not None else None

    def tier(pos):
        return (pos[0] == below) * 2 + (pos[1] == width - 1)

    open_lines = [line for line in lines if _exposed(line, values, hidden, k)]
    while open_lines:
        line = open_lines[0]
        candidates = [pos for pos, _sign in line if pos not in hidden and values[pos] > 0]
        if not candidates:  # cannot happen with counts that add up; never loop forever
            lines.remove(line)
            open_lines.pop(0)
            continue

        def preference(pos, line=line, open_lines=open_lines):
            closes = not _exposed(line, values, {**hidden, pos: WITHHELD}, k)
            helps = sum(1 for other in open_lines if any(p == pos for p, _s in other))
            return (tier(pos), not closes, -helps, values[pos], pos)

        hidden[min(candidates, key=preference)] = WITHHELD
        open_lines = [other for other in lines if _exposed(other, values, hidden, k)]
    return hidden


def _published(rows, hidden, first=0):
    return [
        [hidden.get((r, c), value or 0) for c, value in enumerate(row)]
        for r, row in enumerate(rows, first)
    ]


def protect_table(rows, margin=None, k=K, fixed=None):
    """A table as it is published: ``rows`` of parts with their total last, ``margin``
    (optional) the sums of their columns, grand total last. Small counts show as "< 5",
    further withheld entries as "x". ``fixed``: entries to hide in any case, by (row,
    column) (the same figure hidden where it is published elsewhere). Returns the rows
    and the margin (None without one) as published."""
    hidden = _pattern(rows, margin, fixed, k)
    if margin is None:
        return _published(rows, hidden), None
    return _published(rows, hidden), _published([margin], hidden, len(rows))[0]


def protect_linked(margin, tables, k=K):
    """Tables that each split the same cases (``margin``: their parts and total, e.g.
    the active cases by gender) by another dimension, every one of them summing up to the
    margin, which is published too: an entry of the margin is hidden for all of them or
    for none, or one table would give away what another one hides. Returns the margin
    and the tables as published."""
    if not tables:
        return publish_row(margin[:-1], margin[-1], k), []
    in_margin = {}  # column: label
    while True:
        patterns = [
            _pattern(rows, margin, {(len(rows), c): v for c, v in in_margin.items()}, k)
            for rows in tables
        ]
        found = {}
        for rows, hidden in zip(tables, patterns, strict=True):
            for (r, c), label in hidden.items():
                if r == len(rows) and found.get(c) != SUPPRESSED:
                    found[c] = label
        if found == in_margin:
            break
        in_margin = found
    shown = [in_margin.get(c, value or 0) for c, value in enumerate(margin)]
    return shown, [_published(rows, hidden) for rows, hidden in zip(tables, patterns, strict=True)]


def publish_row(parts, total=None, k=K):
    """A table row as it is published: small counts hidden, and where the total is shown
    and would give a hidden count away, a further part withheld."""
    if total is None:
        return [cell(value, k) for value in parts]
    return protect_table([[*parts, total]], k=k)[0][0]
