"""Kurzberatung (seed 003 §4.2): at most five conversations of about 45 minutes each."""

SHORT_MAX_CONTACTS = 5
SHORT_MINUTES = 45


def short_counselling_allows(existing_contacts):
    """Whether one more conversation still fits a short counselling."""
    return existing_contacts < SHORT_MAX_CONTACTS
