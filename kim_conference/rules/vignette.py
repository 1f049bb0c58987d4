"""The anonymised vignette of a Planungskonferenz (seed 004): age band, gender, family
status, origin region, education level, problem areas, needs and involved actors; never a
name, a date of birth or free text of the case."""

# (label key, lowest age, highest age or None)
AGE_BANDS = (
    ("under_18", 0, 17),
    ("18_26", 18, 26),
    ("27_39", 27, 39),
    ("40_54", 40, 54),
    ("55_66", 55, 66),
    ("67_plus", 67, None),
)


def age(birthdate, on_date):
    years = on_date.year - birthdate.year
    if (on_date.month, on_date.day) < (birthdate.month, birthdate.day):
        years -= 1
    return years


def age_band(birthdate, on_date):
    """The age band of a person born ``birthdate`` on ``on_date`` (None without a date)."""
    if not birthdate:
        return None
    years = age(birthdate, on_date)
    for key, lowest, highest in AGE_BANDS:
        if years >= lowest and (highest is None or years <= highest):
            return key
    return None
