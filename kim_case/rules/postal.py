"""German postal codes (Postleitzahlen) have exactly five digits."""

import re

_SEPARATORS = re.compile(r"[\s,;]+")


def is_postal_code(value):
    value = (value or "").strip()
    return len(value) == 5 and value.isdigit()


def split_postal_codes(value):
    """The codes of a list written with spaces, commas or semicolons between them."""
    return [code for code in _SEPARATORS.split(value or "") if code]
