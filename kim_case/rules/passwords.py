"""Password quality for KIM users, after BSI IT-Grundschutz ORP.4 (Identitäts- und
Berechtigungsmanagement): long enough, of mixed character kinds, and not the login."""

MIN_LENGTH = 12
MIN_KINDS = 3

TOO_SHORT = "too_short"
TOO_FEW_KINDS = "too_few_kinds"
CONTAINS_LOGIN = "contains_login"


def character_kinds(password):
    """How many of lower case, upper case, digits and other characters it uses."""
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


def problems(password, login="", min_length=MIN_LENGTH, min_kinds=MIN_KINDS):
    """Why the password is not good enough, as reason codes (empty when it is)."""
    found = []
    if len(password) < min_length:
        found.append(TOO_SHORT)
    if character_kinds(password) < min_kinds:
        found.append(TOO_FEW_KINDS)
    login_name = (login or "").split("@")[0].lower()
    if len(login_name) >= 3 and login_name in password.lower():
        found.append(CONTAINS_LOGIN)
    return found
