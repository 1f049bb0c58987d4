"""German postal codes (Postleitzahlen) have exactly five digits."""

import re

_SEPARATORS = re.compile(r"[\s,;]+")


def is_postal_code(value):
    value = (value or "").strip()
    return len(value) == 5 and value.isdigit()


def split_postal_codes(value):
    """The codes of a list written with spaces, commas or semicolons between them."""
    return [code for code in _SEPARATORS.split(value or "") if code]


def codes_in_several(areas):
    """Postal codes that stand in more than one area: `areas` maps an area to its codes.
    A case's social area is derived from its postal code, so each code names one area."""
    seen, twice = {}, set()
    for area, codes in areas.items():
        for code in set(codes):
            if code in seen and seen[code] != area:
                twice.add(code)
            seen.setdefault(code, area)
    return sorted(twice)
