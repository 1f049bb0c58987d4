import pytest

from ..counselling import SHORT_MAX_CONTACTS, SHORT_MINUTES, short_counselling_allows


def test_short_counselling_limits():
    """003 §4.2: at most five conversations of about 45 minutes."""
    assert SHORT_MAX_CONTACTS == 5
    assert SHORT_MINUTES == 45


@pytest.mark.parametrize("existing_contacts", [0, 1, 2, 3, 4])
def test_another_contact_fits(existing_contacts):
    """003 §4.2: up to four earlier contacts leave room for the fifth."""
    assert short_counselling_allows(existing_contacts) is True


@pytest.mark.parametrize("existing_contacts", [5, 6, 10])
def test_no_contact_after_the_fifth(existing_contacts):
    """003 §4.2: a sixth conversation is no longer a short counselling."""
    assert short_counselling_allows(existing_contacts) is False
