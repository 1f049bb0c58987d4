"""Schnittstellen to neighbouring services (seed 003 §2.2, §6, §6.1-6.3 and tables 6.1-6.3).

Which service is first responsible for the initial integration (MBE, JMD or KIM-CM), whether
a person meets the conditions a service states, and which referrals the concept of
Oberhausen suggests for a person in one of the three KIM support areas. Reasons are short
German sentences naming the section of the Fachkonzept they come from; invalid input raises
ValueError with a German message, which the models show as it is.
"""

import math
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_FLOOR, Decimal

# The neighbouring services of seed 003 §6 that the rules name.
MBE = "MBE"  # Migrationsberatung für erwachsene Zuwanderer, ab 27 Jahren
JMD = "JMD"  # Jugendmigrationsdienst, 12 bis unter 27 Jahre
KIM = "KIM"  # KIM-Case-Management
TEAM_SOZIALARBEIT = "TEAM_SOZIALARBEIT"  # Fachbereich Erstintegration von Neuzugewanderten
FLUECHTLINGSBERATUNG = "FLUECHTLINGSBERATUNG"
JUGENDAMT = "JUGENDAMT"
JOBCENTER = "JOBCENTER"
BILDUNGSBERATUNG = "BILDUNGSBERATUNG"  # Bildungsberatung der Volkshochschule
PFLEGEBERATUNG = "PFLEGEBERATUNG"  # Pflegeberatung der Stadt Oberhausen
WOHNBERATUNG = "WOHNBERATUNG"  # Wohnberatung für ältere Menschen der Stadt Oberhausen
QUARTIERSBUERO = "QUARTIERSBUERO"
SERVICES = (
    MBE,
    JMD,
    KIM,
    TEAM_SOZIALARBEIT,
    FLUECHTLINGSBERATUNG,
    JUGENDAMT,
    JOBCENTER,
    BILDUNGSBERATUNG,
    PFLEGEBERATUNG,
    WOHNBERATUNG,
    QUARTIERSBUERO,
)

# How KIM-CM works with the other service.
VERWEISBERATUNG = "verweisberatung"  # the person is referred to the other service
PARALLEL = "parallel"  # both services accompany the person, with a clear division of tasks
TANDEM = "tandem"  # close, continuous cooperation on one need
WEITERLEITUNG = "weiterleitung"  # the other service passes the person on to KIM-CM
KINDS = (VERWEISBERATUNG, PARALLEL, TANDEM, WEITERLEITUNG)

# The three KIM support areas (seed 003 §2.2), spelled as in kim_case.rules.eligibility.
ZG1 = "zg1"  # "nachholende" Förderung der Erstintegration
ZG2 = "zg2"  # multiple familiäre Problemlagen
ZG3 = "zg3"  # Gewährleistung eines bedarfsgerechten Pflegesettings
SUPPORT_AREAS = (ZG1, ZG2, ZG3)

# Residence status of a person, spelled as the selection of kim.case.
GESTATTUNG = "gestattung"
DULDUNG = "duldung"
TEMPORARY = "temporary"  # befristeter Aufenthaltstitel (Aufenthaltserlaubnis)
PERMANENT = "permanent"  # unbefristeter Aufenthaltstitel (Niederlassungserlaubnis)
EU = "eu"  # EU-Freizügigkeit
GERMAN = "german"
OTHER = "other"
RESIDENCE_STATUSES = (GESTATTUNG, DULDUNG, TEMPORARY, PERMANENT, EU, GERMAN, OTHER)
TOLERATED_PERMITTED = (GESTATTUNG, DULDUNG)
STATUS_LABELS = {
    GESTATTUNG: "Aufenthaltsgestattung",
    DULDUNG: "Duldung",
    TEMPORARY: "Befristeter Aufenthaltstitel",
    PERMANENT: "Unbefristeter Aufenthaltstitel",
    EU: "EU-Freizügigkeit",
    GERMAN: "Deutsche Staatsangehörigkeit",
    OTHER: "Anderer Aufenthaltsstatus",
}

# Table 6.1: MBE "ab 27 Jahre", JMD "vom 12. bis zur Vollendung des 27. Lebensjahres",
# both up to three years after the first residence title; from then on KIM-CM (§6.1).
JMD_MIN_AGE = 12
MBE_MIN_AGE = 27
FIRST_INTEGRATION_YEARS = 3
# Table 6.3: Wohnberatung für ältere Menschen "ab 65 Jahre"; seniors in general.
SENIOR_AGE = 65

SOURCE_61 = "Fachkonzept Oberhausen §6.1"
SOURCE_62 = "Fachkonzept Oberhausen §6.2"
SOURCE_63 = "Fachkonzept Oberhausen §6.3"


@dataclass(frozen=True)
class Conditions:
    """The access conditions a service states (tables 6.1-6.3). None means no bound; the
    upper bounds are the first value no longer served, so "bis zur Vollendung des
    27. Lebensjahres" is age_to=27."""

    age_from: int | None = None
    age_to: int | None = None
    title_years_from: float | None = None
    title_years_to: float | None = None
    eu_citizens: bool = False  # EU citizens are named in the target group
    tolerated_permitted: bool = False  # the service is for Gestattete and Geduldete
    care_need: bool = False  # the service is for persons in need of care


@dataclass(frozen=True)
class Person:
    """What the case knows of a person; None where it is not known."""

    age: int | None = None
    years_since_first_title: float | None = None
    residence_status: str | None = None
    care_need: bool = False
    has_minor_child: bool = False
    topics: frozenset = field(default_factory=frozenset)  # topic codes of kim.topic
    receives_sgb_ii: bool = False  # Grundsicherung für Arbeitsuchende (Jobcenter)


CONDITION_FLAGS = {
    "eu_citizens": "EU-Bürger/innen",
    "tolerated_permitted": "Gestattete und Geduldete",
    "care_need": "Pflegebedarf",
}
PERSON_FLAGS = {
    "care_need": "Pflegebedarf",
    "has_minor_child": "Minderjähriges Kind",
    "receives_sgb_ii": "Leistungen nach SGB II",
}


@dataclass(frozen=True)
class Hint:
    """A suggested referral: to which service, in which way, and why."""

    service: str
    kind: str
    reason: str


# --- numbers and dates ------------------------------------------------------------------------


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_age(value, label="Das Alter"):
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{label} muss eine ganze Zahl von Jahren sein, nicht {value!r}.")
    if value < 0:
        raise ValueError(f"{label} darf nicht negativ sein ({value}).")


def _check_years(value, label="Die Jahre seit Ersterteilung des Aufenthaltstitels"):
    if not _is_number(value) or not math.isfinite(value):
        raise ValueError(f"{label} müssen eine endliche Zahl sein, nicht {value!r}.")
    if value < 0:
        raise ValueError(f"{label} dürfen nicht negativ sein ({german_number(value)}).")


def _check_date(value, label):
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValueError(f"{label} muss ein Datum sein, nicht {value!r}.")


def german_number(value, places=None):
    """A number written the German way: 2.5 → "2,5", 1234.5 → "1.234,5". Without places,
    whole numbers have no decimals and others keep up to two."""
    if places is None:
        if float(value).is_integer():
            places = 0
        else:
            text = german_number(value, 2).rstrip("0")
            return text.rstrip(",")
    text = f"{value:,.{places}f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def _title_years(value):
    """Years since the first title with one decimal, cut rather than rounded, so that 2.96
    reads "2,9" and never "3,0" below the three-year limit."""
    cut = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    return german_number(float(cut), 1)


def _anniversary(start, years):
    """The day `years` full years after `start`; for 29 February in a common year the
    1 March, since the year is completed only at the end of 28 February (§ 188 BGB)."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 3, 1)


def _full_years(start, end):
    years = end.year - start.year
    if _anniversary(start, years) > end:
        years -= 1
    return years


def age_on(birthdate, on_date):
    """Full years of age on a day, the birthday itself counted (as kim_case.rules.persons):
    born 29 February, one is a year older on 1 March of a common year."""
    _check_date(birthdate, "Das Geburtsdatum")
    _check_date(on_date, "Der Stichtag")
    if on_date < birthdate:
        raise ValueError(
            f"Der Stichtag {on_date:%d.%m.%Y} liegt vor dem Geburtsdatum {birthdate:%d.%m.%Y}."
        )
    return _full_years(birthdate, on_date)


def years_between(start, end):
    """Exact years from start to end: the full years plus the share of the current year
    between two anniversaries, so the third anniversary is 3.0 and the day before it less."""
    _check_date(start, "Das Anfangsdatum")
    _check_date(end, "Das Enddatum")
    if end < start:
        raise ValueError(
            f"Das Enddatum {end:%d.%m.%Y} liegt vor dem Anfangsdatum {start:%d.%m.%Y}."
        )
    years = _full_years(start, end)
    last = _anniversary(start, years)
    following = _anniversary(start, years + 1)
    return years + (end - last).days / (following - last).days


# --- the service for the initial integration (§6.1) -------------------------------------------


def first_integration_service(age, years_since_first_title):
    """Seed 003 §6.1 and table 6.1: up to three years after the first residence title the
    MBE (ab 27 Jahren) or the JMD (12 bis unter 27 Jahre) furthers the initial integration;
    from three years on, and for anyone else, the "nachholende" Förderung lies with KIM-CM.
    2.9 years are younger than three, 3.0 years are not."""
    _check_age(age)
    _check_years(years_since_first_title)
    if years_since_first_title < FIRST_INTEGRATION_YEARS:
        if age >= MBE_MIN_AGE:
            return MBE
        if age >= JMD_MIN_AGE:
            return JMD
    return KIM


# --- conditions of a service ----------------------------------------------------------------


def validate_conditions(conditions):
    """German ValueError for conditions no one can meet: negative bounds, or a lower bound
    not below the upper one (the upper bound is the first value no longer served)."""
    if not isinstance(conditions, Conditions):
        raise ValueError(f"Erwartet werden Zugangsbedingungen, nicht {conditions!r}.")
    for name, label in (("age_from", "Das Mindestalter"), ("age_to", "Die Altersgrenze")):
        value = getattr(conditions, name)
        if value is not None:
            _check_age(value, label)
    for name, label in (
        ("title_years_from", "Die Mindestjahre seit Ersterteilung"),
        ("title_years_to", "Die Höchstjahre seit Ersterteilung"),
    ):
        value = getattr(conditions, name)
        if value is not None:
            _check_years(value, label)
    for name, label in CONDITION_FLAGS.items():
        if not isinstance(getattr(conditions, name), bool):
            raise ValueError(f"Die Bedingung „{label}“ muss ja oder nein sein.")
    if conditions.age_to is not None and conditions.age_to <= (conditions.age_from or 0):
        raise ValueError(
            f"Die Altersgrenze „bis unter {conditions.age_to}“ muss über dem Mindestalter "
            f"{conditions.age_from or 0} liegen."
        )
    lowest = conditions.title_years_from or 0
    if conditions.title_years_to is not None and conditions.title_years_to <= lowest:
        raise ValueError(
            f"Die Frist „bis unter {german_number(conditions.title_years_to)} Jahre“ nach "
            f"Ersterteilung muss über dem Beginn {german_number(lowest)} liegen."
        )


def validate_person(person):
    """German ValueError for facts of a person that cannot be: negative or non-numeric
    age or years, an unknown residence status, topics not given as a set."""
    if not isinstance(person, Person):
        raise ValueError(f"Erwartet wird eine Person, nicht {person!r}.")
    if person.age is not None:
        _check_age(person.age)
    if person.years_since_first_title is not None:
        _check_years(person.years_since_first_title)
    if person.residence_status is not None and person.residence_status not in RESIDENCE_STATUSES:
        raise ValueError(f"Unbekannter Aufenthaltsstatus {person.residence_status!r}.")
    for name, label in PERSON_FLAGS.items():
        if not isinstance(getattr(person, name), bool):
            raise ValueError(f"Die Angabe „{label}“ muss ja oder nein sein.")
    if not isinstance(person.topics, (set, frozenset)):
        raise ValueError("Die Themen müssen als Menge von Themenkürzeln angegeben sein.")


def _years_word(value, dative=False):
    if value == 1:
        return "Jahr"
    return "Jahren" if dative else "Jahre"


def _span(lower, upper):
    """A range in words: "12 bis unter 27 Jahre", "ab 27 Jahren", "bis unter 3 Jahre"."""
    if upper is None:
        return f"ab {german_number(lower)} {_years_word(lower, dative=True)}"
    word = _years_word(upper)
    if lower:
        return f"{german_number(lower)} bis unter {german_number(upper)} {word}"
    return f"bis unter {german_number(upper)} {word}"


def _within(value, lower, upper):
    return (lower is None or value >= lower) and (upper is None or value < upper)


def _age_check(conditions, person):
    lower, upper = conditions.age_from, conditions.age_to
    if lower is None and upper is None:
        return None
    span = _span(lower, upper)
    if person.age is None:
        return True, f"Alter unbekannt: Altersgrenze {span} nicht geprüft"
    age = f"Alter {person.age} {_years_word(person.age)}"
    if _within(person.age, lower, upper):
        return True, f"{age}: {span} bedient"
    return False, f"{age}: nur {span} bedient"


def _title_check(conditions, person):
    if conditions.eu_citizens and person.residence_status == EU:
        return True, "EU-Freizügigkeit: EU-Bürger/innen in der Zielgruppe benannt"
    lower, upper = conditions.title_years_from, conditions.title_years_to
    if lower is None and upper is None:
        return None
    span = f"{_span(lower, upper)} nach Ersterteilung"
    years = person.years_since_first_title
    if years is None:
        return True, f"Aufenthaltstitel unbekannt: Frist {span} nicht geprüft"
    since = f"Aufenthaltstitel seit {_title_years(years)} Jahren"
    if _within(years, lower, upper):
        return True, f"{since}: {span} bedient"
    return False, f"{since}: nur {span} bedient"


def _status_check(conditions, person):
    if not conditions.tolerated_permitted:
        return None
    if person.residence_status is None:
        return True, "Aufenthaltsstatus unbekannt: Gestattung oder Duldung nicht geprüft"
    label = STATUS_LABELS[person.residence_status]
    if person.residence_status in TOLERATED_PERMITTED:
        return True, f"{label}: Gestattete und Geduldete bedient"
    return False, f"{label}: nur Gestattete und Geduldete bedient"


def _care_check(conditions, person):
    if not conditions.care_need:
        return None
    if person.care_need:
        return True, "Pflegebedarf vorhanden: Pflegebedürftige bedient"
    return False, "Kein Pflegebedarf: nur Pflegebedürftige bedient"


def check_conditions(conditions, person):
    """Whether the person fits the service, with a German reason for each condition the
    service states (age, residence title or EU citizenship, Gestattung/Duldung, care need).
    What is not known never excludes; the reason names it as not checked. A service
    naming EU citizens serves them without a residence title."""
    validate_conditions(conditions)
    validate_person(person)
    results = [
        result
        for check in (_age_check, _title_check, _status_check, _care_check)
        if (result := check(conditions, person)) is not None
    ]
    return all(fits for fits, _reason in results), [reason for _fits, reason in results]


# --- referral hints (§6.1-6.3) ---------------------------------------------------------------


def _first_integration_hints(person, support_area):
    """§6.1 with footnote 8: referral in both directions between KIM-CM and MBE/JMD."""
    if support_area != ZG1 or person.age is None or person.years_since_first_title is None:
        return []
    service = first_integration_service(person.age, person.years_since_first_title)
    source = f"{SOURCE_61}, Fußnote 8"
    if service == MBE:
        reason = (
            "Ab 27 Jahren mit einem Aufenthaltstitel jünger als 3 Jahre fördert die MBE die "
            f"Erstintegration ({source})."
        )
        return [Hint(MBE, VERWEISBERATUNG, reason)]
    if service == JMD:
        reason = (
            "Mit 12 bis unter 27 Jahren und einem Aufenthaltstitel jünger als 3 Jahre fördert "
            f"der Jugendmigrationsdienst die Erstintegration ({source})."
        )
        return [Hint(JMD, VERWEISBERATUNG, reason)]
    if person.years_since_first_title >= FIRST_INTEGRATION_YEARS:
        reason = (
            "Ab 3 Jahren nach Ersterteilung liegt die nachholende Erstintegration vorrangig "
            f"beim KIM-Case-Management, MBE und JMD leiten weiter ({source})."
        )
    else:
        reason = (
            "Unter 12 Jahren sind weder MBE noch JMD zuständig, die Erstintegration bleibt "
            f"beim KIM-Case-Management ({SOURCE_61}, Fußnote 7)."
        )
    return [Hint(KIM, WEITERLEITUNG, reason)]


def _refugee_hints(person):
    """§6.1, Fachbereich Erstintegration von Neuzugewanderten, and table 6.1."""
    if person.residence_status not in TOLERATED_PERMITTED:
        return []
    return [
        Hint(
            TEAM_SOZIALARBEIT,
            VERWEISBERATUNG,
            "Gestattete und Geduldete betreut grundsätzlich das Team Sozialarbeit (Fachbereich "
            f"Erstintegration), das KIM-Case-Management nur bei umfassendem Bedarf ({SOURCE_61}).",
        ),
        Hint(
            FLUECHTLINGSBERATUNG,
            VERWEISBERATUNG,
            "Für Asylverfahren und Aufenthaltssicherung ist die Flüchtlingsberatung zuständig "
            f"({SOURCE_61}).",
        ),
    ]


def _language_hints(person):
    """§6.1, Bildungsberatung (Volkshochschule): close cooperation, referral as footnote 8."""
    if "language" not in person.topics:
        return []
    reason = (
        "Sprachförderung erfolgt in enger Kooperation mit der Bildungsberatung der "
        f"Volkshochschule ({SOURCE_61})."
    )
    return [Hint(BILDUNGSBERATUNG, TANDEM, reason)]


def _family_hints(person, support_area):
    """§6.2: parallel care with the Jugendamt and the Jobcenter is possible and needed."""
    if support_area != ZG2:
        return []
    hints = []
    if person.has_minor_child:
        reason = (
            "Bei minderjährigen Kindern ist eine abgestimmte Parallelbetreuung mit dem "
            f"Jugendamt möglich und notwendig ({SOURCE_62})."
        )
        hints.append(Hint(JUGENDAMT, PARALLEL, reason))
    if person.receives_sgb_ii or "work" in person.topics:
        reason = (
            "Eine Parallelbetreuung mit dem Jobcenter ist möglich, denn das KIM-Case-Management "
            f"ersetzt nicht dessen Fallmanagement ({SOURCE_62})."
        )
        hints.append(Hint(JOBCENTER, PARALLEL, reason))
    return hints


def _care_hints(person, support_area):
    """§6.3 and table 6.3: "Pflege" to the city's Pflegeberatung, "Wohnen im Alter" to its
    Wohnberatung für ältere Menschen (ab 65 Jahre), the Quartiersbüro for seniors."""
    senior = person.age is not None and person.age >= SENIOR_AGE
    housing = "housing" in person.topics
    care = support_area == ZG3 or person.care_need or "care" in person.topics
    hints = []
    if care:
        reason = (
            "Bei Pflegebedarf erfolgt eine Verweisberatung an die Pflegeberatung der Stadt "
            f"Oberhausen ({SOURCE_63})."
        )
        hints.append(Hint(PFLEGEBERATUNG, VERWEISBERATUNG, reason))
    if (senior and housing) or (care and (senior or housing)):
        reason = (
            "Für Wohnen im Alter erfolgt eine Verweisberatung an die Wohnberatung für ältere "
            f"Menschen der Stadt Oberhausen ({SOURCE_63})."
        )
        hints.append(Hint(WOHNBERATUNG, VERWEISBERATUNG, reason))
    if senior:
        reason = (
            "Für Seniorinnen und Senioren ist das Quartiersbüro die wohnortnahe "
            f"Erstanlaufstelle ({SOURCE_63})."
        )
        hints.append(Hint(QUARTIERSBUERO, VERWEISBERATUNG, reason))
    return hints


def referral_hints(person, support_area=None):
    """The referrals seed 003 §6.1-6.3 suggests for the person in the support area ("zg1",
    "zg2", "zg3" or None), in the order of the sections; each service is named at most once."""
    validate_person(person)
    if support_area is not None and support_area not in SUPPORT_AREAS:
        raise ValueError(f"Unbekannter Unterstützungsbereich {support_area!r}.")
    hints = [
        *_first_integration_hints(person, support_area),
        *_refugee_hints(person),
        *_language_hints(person),
        *_family_hints(person, support_area),
        *_care_hints(person, support_area),
    ]
    return hints
