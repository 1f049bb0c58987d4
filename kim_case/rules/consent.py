"""Consent and waivers (seed 003 §7.2, Anlage 9.2.5; seed 002 §2.2 step 1).

A processing consent (Einwilligung) allows the case management to process the client's
data at all; a waiver (Schweigepflichtentbindung) releases the case managers from their
duty of confidentiality (§ 203 StGB) towards one category of recipients. A disclosure to a
third party is lawful only while a waiver for the recipient's category covers its date:
signed on or before it, neither withdrawn nor expired by then.
"""

from dataclasses import dataclass
from datetime import date

PROCESSING = "processing"
WAIVER = "waiver"

DRAFT = "draft"
GIVEN = "given"
WITHDRAWN = "withdrawn"
EXPIRED = "expired"

# Refusal reasons, translated by the models.
NO_SIGNATURE_DATE = "no_signature_date"
SIGNED_IN_FUTURE = "signed_in_future"
WITHDRAWN_BEFORE_SIGNED = "withdrawn_before_signed"
WITHDRAWN_IN_FUTURE = "withdrawn_in_future"
EXPIRES_BEFORE_SIGNED = "expires_before_signed"


@dataclass(frozen=True)
class Declaration:
    """What a consent record says, as far as the rules need it."""

    kind: str
    state: str
    category: object = None  # any hashable key of the recipient category
    date_signed: date | None = None
    date_withdrawn: date | None = None
    valid_until: date | None = None


def covers(declaration, on_date, category=None, recorded=False):
    """Whether the declaration was in force on ``on_date`` (for a waiver: for ``category``).
    A declaration withdrawn later still covered what happened before its withdrawal. For a
    disclosure ``recorded`` before the withdrawal, the day of the withdrawal still counts:
    it may have happened earlier that day. A new disclosure on that day is not covered."""
    if declaration.state not in (GIVEN, WITHDRAWN, EXPIRED) or not declaration.date_signed:
        return False
    if declaration.kind == WAIVER and declaration.category != category:
        return False
    if on_date < declaration.date_signed:
        return False
    withdrawn = declaration.date_withdrawn
    if withdrawn and (on_date > withdrawn or (on_date == withdrawn and not recorded)):
        return False
    return not (declaration.valid_until and on_date > declaration.valid_until)


def covering(declarations, on_date, category=None, kind=WAIVER):
    """The first declaration of ``kind`` that covers ``on_date``, or None."""
    for declaration in declarations:
        if declaration.kind == kind and covers(declaration, on_date, category):
            return declaration
    return None


def date_problems(date_signed, date_withdrawn, valid_until, state, today):
    """Why the dates of a declaration cannot stand, as reason codes (empty when fine)."""
    problems = []
    if state in (GIVEN, WITHDRAWN, EXPIRED) and not date_signed:
        problems.append(NO_SIGNATURE_DATE)
    if date_signed and date_signed > today:
        problems.append(SIGNED_IN_FUTURE)
    if date_withdrawn and date_signed and date_withdrawn < date_signed:
        problems.append(WITHDRAWN_BEFORE_SIGNED)
    if date_withdrawn and date_withdrawn > today:
        problems.append(WITHDRAWN_IN_FUTURE)
    if valid_until and date_signed and valid_until < date_signed:
        problems.append(EXPIRES_BEFORE_SIGNED)
    return problems


def add_years(day, years):
    """The same calendar day ``years`` later (earlier when negative); 29 February falls
    back to the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def retention_end(date_closed, years):
    """The day a closed case's retention period ends: from then on it is anonymised."""
    return add_years(date_closed, years) if date_closed else None


def retention_cutoff(today, years):
    """What was closed or logged on or before this day has outlived ``years``."""
    return add_years(today, -years)


def statistical_birth(birthdate):
    """The statistics-safe remainder of a date of birth: year and quarter."""
    if not birthdate:
        return None, None
    return birthdate.year, (birthdate.month - 1) // 3 + 1
