"""Rules about municipalities (Kommunen) and districts (Kreise)."""

CITY = "city"
DISTRICT = "district"
MEMBER = "member"


def official_key_length(kind):
    """Digits of the official key: the Amtlicher Gemeindeschlüssel of a city or town has
    eight (Land, Regierungsbezirk, Kreis, Gemeinde: 05 1 19 000), a district is named by
    the first five of them, its Kreisschlüssel (05 7 54)."""
    return 5 if kind == DISTRICT else 8


def official_key_is_valid(kind, key):
    """An empty key is allowed (not every municipality enters one); a given key has
    exactly the digits that `official_key_length` names."""
    if not key:
        return True
    return len(key) == official_key_length(kind) and key.isdigit()


def belongs_in(kind, parent_kind):
    """Seed 004 (Kreis Gütersloh): a district organises KIM for its towns. A town belongs
    to exactly one district; an independent city or a district belongs to none."""
    if kind == MEMBER:
        return parent_kind == DISTRICT
    return parent_kind is None
