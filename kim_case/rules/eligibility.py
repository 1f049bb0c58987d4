"""Checkliste Zugangsbedingungen (seed 003 §2.3 and Anlage 9.2.1).

`assess` takes the facts the case manager ticked and answers, condition by condition,
whether it is met. It returns keys, not texts: the model turns them into German
sentences, so this module stays free of Odoo.
"""

from dataclasses import dataclass, field

# § 4 TIntG NRW, the three alternatives of an immigration history.
NOT_GERMAN = "not_german"  # not German within Art. 116 (1) GG
IMMIGRATED = "immigrated"  # born abroad, immigrated after 31 Dec 1955
PARENT_IMMIGRATED = "parent_immigrated"  # at least one parent meets the second alternative
IMMIGRATION_ALTERNATIVES = (NOT_GERMAN, IMMIGRATED, PARENT_IMMIGRATED)

ZG1 = "zg1"  # "nachholende" Förderung der Erstintegration (§2.3.2)
ZG2 = "zg2"  # multiple familiäre Problemlagen (§2.3.3)
ZG3 = "zg3"  # bedarfsgerechtes Pflegesetting im Einzelfall (§2.3.4)
TARGET_GROUPS = (ZG1, ZG2, ZG3)

# §2.3.3: the seven dimensions of under-supply.
DIMENSIONS = (
    "work",
    "education",
    "health",
    "housing",
    "culture",
    "income",
    "social_security",
)
MIN_DIMENSIONS = 3

# Anlage 9.2.2: the six areas of the Pflegesetting checklist.
CARE_AREAS = ("mobility", "cognition", "behaviour", "self_care", "therapy", "daily_life")

ADMITTED = "admitted"
REFERRED = "referred"
CRISIS = "crisis"
# Only the consent is missing: obtain it, referring on would lose an eligible client.
CONSENT_FIRST = "consent_first"


@dataclass(frozen=True)
class Facts:
    """What the case manager found in the first conversation."""

    immigration_alternative: str | None = None
    locally_responsible: bool = False
    willing_to_cooperate: bool = False
    consent_given: bool = False
    target_group: str | None = None
    # ZG1
    zg1_further_need: bool = False
    zg1_catch_up_need: bool = False
    zg1_areas: frozenset = field(default_factory=frozenset)
    zg1_prior_claim_elsewhere: bool = False
    # ZG2
    zg2_parent_dimensions: frozenset = field(default_factory=frozenset)
    zg2_has_minor_child: bool = False
    zg2_child_dimensions: frozenset = field(default_factory=frozenset)
    # ZG3
    zg3_care_need_sgb_xi: bool = False
    zg3_care_grade: int = 0
    zg3_certificate: bool = False
    zg3_health_impairment: bool = False
    zg3_care_areas: frozenset = field(default_factory=frozenset)
    zg3_is_relative: bool = False
    zg3_person_in_need_immigrated: bool = False


@dataclass(frozen=True)
class Check:
    key: str
    met: bool
    count: int | None = None  # for the dimension checks: how many were ticked


@dataclass(frozen=True)
class Result:
    checks: tuple

    @property
    def eligible(self):
        return all(check.met for check in self.checks)

    @property
    def missing(self):
        return tuple(check.key for check in self.checks if not check.met)


def relatives_exception(facts):
    """003 §2.3.4: relatives may use the case management for the care setting of a person
    with an immigration history, whatever their own history."""
    return (
        facts.target_group == ZG3 and facts.zg3_is_relative and facts.zg3_person_in_need_immigrated
    )


def general_checks(facts):
    """003 §2.3.1: immigration history, local responsibility, cooperation, consent."""
    immigrated = facts.immigration_alternative in IMMIGRATION_ALTERNATIVES
    return (
        Check("immigration_history", immigrated or relatives_exception(facts)),
        Check("local_responsibility", facts.locally_responsible),
        Check("cooperation", facts.willing_to_cooperate),
        Check("consent", facts.consent_given),
    )


def zg1_checks(facts):
    """003 §2.3.2: a need beyond the regular first counselling or a catch-up need, access
    not yet possible in at least one area, and no prior claim at another institution."""
    return (
        Check("zg1_need", facts.zg1_further_need or facts.zg1_catch_up_need),
        Check("zg1_areas", bool(facts.zg1_areas), len(facts.zg1_areas)),
        Check("zg1_no_prior_claim", not facts.zg1_prior_claim_elsewhere),
    )


def zg2_checks(facts):
    """003 §2.3.3: under-supply in at least three of the seven dimensions, for at least
    one parent and one minor child."""
    parent = set(facts.zg2_parent_dimensions) & set(DIMENSIONS)
    child = set(facts.zg2_child_dimensions) & set(DIMENSIONS)
    return (
        Check("zg2_parent_dimensions", len(parent) >= MIN_DIMENSIONS, len(parent)),
        Check("zg2_minor_child", facts.zg2_has_minor_child),
        Check(
            "zg2_child_dimensions",
            facts.zg2_has_minor_child and len(child) >= MIN_DIMENSIONS,
            len(child),
        ),
    )


def zg3_checks(facts):
    """003 §2.3.4: care need under §14 SGB XI, a Pflegegrad, or a certificate of the
    application; otherwise a health impairment made plausible with the checklist of
    Anlage 9.2.2 (at least one of its six areas)."""
    proven = facts.zg3_care_need_sgb_xi or facts.zg3_care_grade >= 1 or facts.zg3_certificate
    plausible = facts.zg3_health_impairment and bool(set(facts.zg3_care_areas) & set(CARE_AREAS))
    return (Check("zg3_care_need", proven or plausible),)


TARGET_GROUP_CHECKS = {ZG1: zg1_checks, ZG2: zg2_checks, ZG3: zg3_checks}


def assess(facts):
    """All checks for the facts: the general ones, then those of the target group."""
    checks = general_checks(facts)
    if facts.target_group in TARGET_GROUP_CHECKS:
        checks += TARGET_GROUP_CHECKS[facts.target_group](facts)
    else:
        checks += (Check("target_group", False),)
    return Result(checks)


def suggested_conclusion(result, crisis=False):
    """The Fazit of the checklist: an acute crisis is admitted whatever the checks say;
    otherwise the case is admitted when every condition holds; when nothing but the
    consent is missing, the consent comes first; else the client is referred on."""
    if crisis:
        return CRISIS
    if result.eligible:
        return ADMITTED
    unmet = {check.key for check in result.checks if not check.met}
    return CONSENT_FIRST if unmet == {"consent"} else REFERRED
