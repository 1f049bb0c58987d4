"""Facts about persons that the case file derives from a birth date."""

MAJORITY_AGE = 18


def age_on(birthdate, day):
    """Full years of age on the given day."""
    before_birthday = (day.month, day.day) < (birthdate.month, birthdate.day)
    return day.year - birthdate.year - before_birthday


def is_minor(birthdate, day):
    return age_on(birthdate, day) < MAJORITY_AGE
