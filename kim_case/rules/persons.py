"""Facts about persons that the case file derives from a birth date."""

MAJORITY_AGE = 18

# Whom a case is opened for: a person filed as a client (by the intake or in the list of
# clients, never turned into one from the address book), of their own: not an
# organisation, nor one of its contact persons or a contact filed under somebody (the ones
# others look up, whom a case would hide from them), nor anybody with a user account.
CLIENT_DOMAIN = [
    ("kim_is_client", "=", True),
    ("is_company", "=", False),
    ("parent_id", "=", False),
    ("user_ids", "=", False),
]


def age_on(birthdate, day):
    """Full years of age on the given day."""
    before_birthday = (day.month, day.day) < (birthdate.month, birthdate.day)
    return day.year - birthdate.year - before_birthday


def is_minor(birthdate, day):
    return age_on(birthdate, day) < MAJORITY_AGE


def clean_name(text):
    """A name part as typed, without surrounding or repeated spaces."""
    return " ".join((text or "").split())


def full_name(first_name, last_name):
    """The name a new client is filed under: first name(s), then family name."""
    return clean_name(f"{clean_name(first_name)} {clean_name(last_name)}")


def name_variants(first_name, last_name):
    """The spellings under which the same person may already be filed: first name first,
    family name first, and "Family, First" as many forms write it. Compared without regard
    to case."""
    first, last = clean_name(first_name), clean_name(last_name)
    if not first or not last:
        return [full_name(first, last)] if first or last else []
    return list(dict.fromkeys([f"{first} {last}", f"{last} {first}", f"{last}, {first}"]))
