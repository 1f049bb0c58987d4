from dataclasses import replace

import pytest

from ..eligibility import (
    ADMITTED,
    CARE_AREAS,
    CONSENT_FIRST,
    CRISIS,
    DIMENSIONS,
    IMMIGRATED,
    IMMIGRATION_ALTERNATIVES,
    NOT_GERMAN,
    PARENT_IMMIGRATED,
    REFERRED,
    ZG1,
    ZG2,
    ZG3,
    Check,
    Facts,
    Result,
    assess,
    general_checks,
    relatives_exception,
    suggested_conclusion,
)

GENERAL_KEYS = ("immigration_history", "local_responsibility", "cooperation", "consent")

# Facts meeting every general condition (§2.3.1), without a target group yet.
GENERAL = Facts(
    immigration_alternative=IMMIGRATED,
    locally_responsible=True,
    willing_to_cooperate=True,
    consent_given=True,
)
ELIGIBLE_ZG1 = replace(
    GENERAL, target_group=ZG1, zg1_further_need=True, zg1_areas=frozenset({"school"})
)
ELIGIBLE_ZG2 = replace(
    GENERAL,
    target_group=ZG2,
    zg2_parent_dimensions=frozenset({"work", "income", "housing"}),
    zg2_has_minor_child=True,
    zg2_child_dimensions=frozenset({"education", "health", "culture"}),
)
ELIGIBLE_ZG3 = replace(GENERAL, target_group=ZG3, zg3_care_grade=2)
ELIGIBLE = {ZG1: ELIGIBLE_ZG1, ZG2: ELIGIBLE_ZG2, ZG3: ELIGIBLE_ZG3}

# A relative without an own immigration history, asking for the care setting (§2.3.4).
RELATIVE = replace(
    ELIGIBLE_ZG3,
    immigration_alternative=None,
    zg3_is_relative=True,
    zg3_person_in_need_immigrated=True,
)


def check(result, key):
    """The single check with this key in the result."""
    (found,) = [c for c in result.checks if c.key == key]
    return found


# --- fixtures of this module ---------------------------------------------------------------


@pytest.mark.parametrize("target_group", [ZG1, ZG2, ZG3])
def test_base_facts_are_eligible(target_group):
    """The eligible facts the tests below vary are eligible themselves."""
    result = assess(ELIGIBLE[target_group])
    assert result.eligible
    assert result.missing == ()


# --- general conditions (§2.3.1) -----------------------------------------------------------


def test_immigration_alternatives_are_those_of_section_4_tintg():
    """003 §2.3.1 / Anlage 9.2.1: three alternatives of an immigration history."""
    assert set(IMMIGRATION_ALTERNATIVES) == {NOT_GERMAN, IMMIGRATED, PARENT_IMMIGRATED}
    assert len(IMMIGRATION_ALTERNATIVES) == 3


@pytest.mark.parametrize("alternative", [NOT_GERMAN, IMMIGRATED, PARENT_IMMIGRATED])
def test_each_alternative_satisfies_the_immigration_check(alternative):
    """003 §2.3.1: any one of the three alternatives of § 4 TIntG NRW suffices."""
    result = assess(replace(ELIGIBLE_ZG1, immigration_alternative=alternative))
    assert check(result, "immigration_history").met
    assert result.eligible


@pytest.mark.parametrize("alternative", [None, "", "german", "unknown"])
def test_no_alternative_fails_the_immigration_check(alternative):
    """003 §2.3.1: without an immigration history the person is not eligible."""
    result = assess(replace(ELIGIBLE_ZG1, immigration_alternative=alternative))
    assert not check(result, "immigration_history").met
    assert result.missing == ("immigration_history",)
    assert not result.eligible


@pytest.mark.parametrize(
    ("field_name", "key"),
    [
        ("immigration_alternative", "immigration_history"),
        ("locally_responsible", "local_responsibility"),
        ("willing_to_cooperate", "cooperation"),
        ("consent_given", "consent"),
    ],
)
@pytest.mark.parametrize("target_group", [ZG1, ZG2, ZG3])
def test_each_missing_general_condition_is_reported(field_name, key, target_group):
    """003 §2.3.1: every general condition is required for every target group."""
    empty = None if field_name == "immigration_alternative" else False
    result = assess(replace(ELIGIBLE[target_group], **{field_name: empty}))
    assert result.missing == (key,)
    assert not result.eligible


def test_all_general_conditions_missing_are_reported_in_order():
    """The keys of the missing general conditions keep the order of the checklist."""
    result = assess(Facts(target_group=ZG3, zg3_care_grade=1))
    assert result.missing == GENERAL_KEYS


def test_general_checks_come_first_in_checklist_order():
    """assess lists the general checks before those of the target group."""
    result = assess(ELIGIBLE_ZG1)
    keys = tuple(c.key for c in result.checks)
    assert keys[:4] == GENERAL_KEYS
    assert keys[4:] == ("zg1_need", "zg1_areas", "zg1_no_prior_claim")


def test_general_checks_alone():
    """general_checks answers the four conditions of §2.3.1, all met for GENERAL."""
    checks = general_checks(GENERAL)
    assert tuple(c.key for c in checks) == GENERAL_KEYS
    assert all(c.met for c in checks)


# --- target group ---------------------------------------------------------------------------


@pytest.mark.parametrize("target_group", [None, "", "zg4"])
def test_no_target_group_is_missing(target_group):
    """003 §2.3: the intensive need is defined only through one of the target groups."""
    result = assess(replace(GENERAL, target_group=target_group))
    assert result.missing == ("target_group",)
    assert not result.eligible


def test_no_target_group_adds_only_the_target_group_check():
    """Without a target group no ZG-specific checks are run."""
    result = assess(GENERAL)
    assert tuple(c.key for c in result.checks) == (*GENERAL_KEYS, "target_group")


def test_empty_facts_miss_everything():
    """Nothing ticked: all general conditions and the target group are missing."""
    assert assess(Facts()).missing == (*GENERAL_KEYS, "target_group")


# --- ZG1: "nachholende" Förderung der Erstintegration (§2.3.2) ------------------------------


@pytest.mark.parametrize(
    ("further_need", "catch_up_need", "met"),
    [
        (True, False, True),
        (False, True, True),
        (True, True, True),
        (False, False, False),
    ],
)
def test_zg1_need_via_further_or_catch_up_need(further_need, catch_up_need, met):
    """003 §2.3.2: further counselling need or a catch-up need."""
    facts = replace(ELIGIBLE_ZG1, zg1_further_need=further_need, zg1_catch_up_need=catch_up_need)
    result = assess(facts)
    assert check(result, "zg1_need").met is met
    assert result.eligible is met


def test_zg1_without_any_area_fails():
    """Anlage 9.2.1: access not yet possible in at least one area."""
    result = assess(replace(ELIGIBLE_ZG1, zg1_areas=frozenset()))
    assert result.missing == ("zg1_areas",)


@pytest.mark.parametrize("areas", [{"school"}, {"school", "labour_market", "housing_market"}])
def test_zg1_one_area_or_more_suffices(areas):
    """Anlage 9.2.1: one ticked area is enough."""
    result = assess(replace(ELIGIBLE_ZG1, zg1_areas=frozenset(areas)))
    assert check(result, "zg1_areas").met
    assert result.eligible


@pytest.mark.parametrize("areas", [set(), {"school"}, {"school", "language", "sports"}])
def test_zg1_areas_count(areas):
    """The areas check counts the ticked areas."""
    result = assess(replace(ELIGIBLE_ZG1, zg1_areas=frozenset(areas)))
    assert check(result, "zg1_areas").count == len(areas)


def test_zg1_prior_claim_elsewhere_fails():
    """003 §2.3.2: no prior claim at another institution."""
    result = assess(replace(ELIGIBLE_ZG1, zg1_prior_claim_elsewhere=True))
    assert result.missing == ("zg1_no_prior_claim",)
    assert not result.eligible


def test_zg1_nothing_ticked_misses_need_and_areas():
    """ZG1 chosen but nothing ticked: need and area are missing, no prior claim is fine."""
    result = assess(replace(GENERAL, target_group=ZG1))
    assert result.missing == ("zg1_need", "zg1_areas")


# --- ZG2: multiple familiäre Problemlagen (§2.3.3) ------------------------------------------


def test_seven_dimensions():
    """003 §2.3.3: the seven dimensions of under-supply."""
    assert len(DIMENSIONS) == 7
    assert len(set(DIMENSIONS)) == 7


def test_zg2_three_dimensions_each_for_parent_and_minor_child_is_eligible():
    """003 §2.3.3: exactly three dimensions for a parent and a minor child suffice."""
    result = assess(ELIGIBLE_ZG2)
    assert result.eligible
    assert check(result, "zg2_parent_dimensions").count == 3
    assert check(result, "zg2_child_dimensions").count == 3


def test_zg2_all_seven_dimensions_is_eligible():
    """More than three dimensions is of course enough."""
    facts = replace(
        ELIGIBLE_ZG2,
        zg2_parent_dimensions=frozenset(DIMENSIONS),
        zg2_child_dimensions=frozenset(DIMENSIONS),
    )
    result = assess(facts)
    assert result.eligible
    assert check(result, "zg2_parent_dimensions").count == 7
    assert check(result, "zg2_child_dimensions").count == 7


def test_zg2_parent_with_two_dimensions_is_not_eligible():
    """003 §2.3.3: at least three dimensions for the parent."""
    result = assess(replace(ELIGIBLE_ZG2, zg2_parent_dimensions=frozenset({"work", "income"})))
    assert result.missing == ("zg2_parent_dimensions",)
    assert check(result, "zg2_parent_dimensions").count == 2


def test_zg2_child_with_two_dimensions_is_not_eligible():
    """003 §2.3.3: at least three dimensions for the minor child as well."""
    result = assess(replace(ELIGIBLE_ZG2, zg2_child_dimensions=frozenset({"education", "health"})))
    assert result.missing == ("zg2_child_dimensions",)
    assert check(result, "zg2_child_dimensions").count == 2


def test_zg2_parent_without_minor_child_is_not_eligible():
    """003 §2.3.3: the under-supply must concern the whole family, parent and minor child."""
    facts = replace(ELIGIBLE_ZG2, zg2_has_minor_child=False, zg2_child_dimensions=frozenset())
    result = assess(facts)
    assert result.missing == ("zg2_minor_child", "zg2_child_dimensions")
    assert not result.eligible


def test_zg2_child_dimensions_do_not_count_without_a_minor_child():
    """Dimensions ticked for a child count only if there is a minor child."""
    result = assess(replace(ELIGIBLE_ZG2, zg2_has_minor_child=False))
    assert result.missing == ("zg2_minor_child", "zg2_child_dimensions")
    assert check(result, "zg2_child_dimensions").count == 3


def test_zg2_minor_child_check_has_no_count():
    """Only the dimension checks carry a count."""
    assert check(assess(ELIGIBLE_ZG2), "zg2_minor_child").count is None


def test_zg2_unknown_dimensions_are_ignored():
    """Codes outside the seven dimensions do not make up the three."""
    facts = replace(
        ELIGIBLE_ZG2,
        zg2_parent_dimensions=frozenset({"work", "income", "other", "leisure"}),
        zg2_child_dimensions=frozenset({"education", "health", "culture", "other"}),
    )
    result = assess(facts)
    assert result.missing == ("zg2_parent_dimensions",)
    assert check(result, "zg2_parent_dimensions").count == 2
    assert check(result, "zg2_child_dimensions").count == 3


def test_zg2_only_unknown_dimensions_count_zero():
    """Only unknown codes: the counts are zero."""
    facts = replace(
        ELIGIBLE_ZG2,
        zg2_parent_dimensions=frozenset({"a", "b", "c"}),
        zg2_child_dimensions=frozenset({"x", "y", "z"}),
    )
    result = assess(facts)
    assert result.missing == ("zg2_parent_dimensions", "zg2_child_dimensions")
    assert check(result, "zg2_parent_dimensions").count == 0
    assert check(result, "zg2_child_dimensions").count == 0


@pytest.mark.parametrize("count", range(8))
def test_zg2_parent_dimension_threshold(count):
    """The parent check is met from three of the seven dimensions on."""
    facts = replace(ELIGIBLE_ZG2, zg2_parent_dimensions=frozenset(DIMENSIONS[:count]))
    parent = check(assess(facts), "zg2_parent_dimensions")
    assert parent.count == count
    assert parent.met is (count >= 3)


@pytest.mark.parametrize("count", range(8))
def test_zg2_child_dimension_threshold(count):
    """The child check is met from three of the seven dimensions on."""
    facts = replace(ELIGIBLE_ZG2, zg2_child_dimensions=frozenset(DIMENSIONS[:count]))
    child = check(assess(facts), "zg2_child_dimensions")
    assert child.count == count
    assert child.met is (count >= 3)


# --- ZG3: bedarfsgerechtes Pflegesetting (§2.3.4) -------------------------------------------


def test_six_care_areas():
    """003 §2.3.4 / Anlage 9.2.2: six areas of the Pflegesetting checklist."""
    assert len(CARE_AREAS) == 6
    assert len(set(CARE_AREAS)) == 6


@pytest.mark.parametrize(
    "proof",
    [
        {"zg3_care_need_sgb_xi": True},
        {"zg3_care_grade": 1},
        {"zg3_care_grade": 5},
        {"zg3_certificate": True},
    ],
)
def test_zg3_each_proof_alone_suffices(proof):
    """003 §2.3.4 points 1)-3): care need, a Pflegegrad or a certificate, each alone."""
    facts = replace(GENERAL, target_group=ZG3, **proof)
    result = assess(facts)
    assert check(result, "zg3_care_need").met
    assert result.eligible


def test_zg3_care_grade_zero_is_no_proof():
    """Pflegegrad 0 means no Pflegegrad."""
    result = assess(replace(ELIGIBLE_ZG3, zg3_care_grade=0))
    assert result.missing == ("zg3_care_need",)


def test_zg3_nothing_ticked_fails():
    """ZG3 chosen without any proof or plausible impairment."""
    result = assess(replace(GENERAL, target_group=ZG3))
    assert result.missing == ("zg3_care_need",)
    assert not result.eligible


def test_zg3_health_impairment_without_care_area_fails():
    """003 §2.3.4 point 4): the impairment must be made plausible with the checklist."""
    facts = replace(ELIGIBLE_ZG3, zg3_care_grade=0, zg3_health_impairment=True)
    assert assess(facts).missing == ("zg3_care_need",)


@pytest.mark.parametrize("area", CARE_AREAS)
def test_zg3_health_impairment_with_one_care_area_passes(area):
    """003 §2.3.4 point 4): one area of Anlage 9.2.2 makes the impairment plausible."""
    facts = replace(
        ELIGIBLE_ZG3,
        zg3_care_grade=0,
        zg3_health_impairment=True,
        zg3_care_areas=frozenset({area}),
    )
    assert assess(facts).eligible


def test_zg3_health_impairment_with_unknown_care_area_fails():
    """Codes outside the six care areas are ignored."""
    facts = replace(
        ELIGIBLE_ZG3,
        zg3_care_grade=0,
        zg3_health_impairment=True,
        zg3_care_areas=frozenset({"housing", "other"}),
    )
    assert assess(facts).missing == ("zg3_care_need",)


def test_zg3_care_areas_without_health_impairment_fail():
    """Care areas alone, without the impairment being ticked, are not enough."""
    facts = replace(ELIGIBLE_ZG3, zg3_care_grade=0, zg3_care_areas=frozenset(CARE_AREAS))
    assert assess(facts).missing == ("zg3_care_need",)


def test_zg3_has_a_single_check_without_count():
    """ZG3 adds exactly one check, which carries no count."""
    result = assess(ELIGIBLE_ZG3)
    assert tuple(c.key for c in result.checks) == (*GENERAL_KEYS, "zg3_care_need")
    assert check(result, "zg3_care_need").count is None


# --- relatives' exception (§2.3.4) ----------------------------------------------------------


def test_relative_without_own_history_is_eligible_in_zg3():
    """003 §2.3.4: relatives may use the CM whatever their own immigration history."""
    result = assess(RELATIVE)
    assert relatives_exception(RELATIVE)
    assert check(result, "immigration_history").met
    assert result.eligible


@pytest.mark.parametrize("target_group", [ZG1, ZG2])
def test_relatives_exception_does_not_apply_outside_zg3(target_group):
    """003 §2.3.4: the exception is for the care setting only."""
    facts = replace(
        ELIGIBLE[target_group],
        immigration_alternative=None,
        zg3_is_relative=True,
        zg3_person_in_need_immigrated=True,
    )
    result = assess(facts)
    assert not relatives_exception(facts)
    assert result.missing == ("immigration_history",)
    assert not result.eligible


def test_relatives_exception_needs_person_in_need_with_immigration_history():
    """003 §2.3.4: the person in need must have an immigration history."""
    facts = replace(RELATIVE, zg3_person_in_need_immigrated=False)
    assert not relatives_exception(facts)
    assert assess(facts).missing == ("immigration_history",)


def test_relatives_exception_needs_a_relative():
    """A person in need without an own immigration history is not covered by the exception."""
    facts = replace(RELATIVE, zg3_is_relative=False)
    assert not relatives_exception(facts)
    assert assess(facts).missing == ("immigration_history",)


@pytest.mark.parametrize(
    ("field_name", "key"),
    [
        ("locally_responsible", "local_responsibility"),
        ("willing_to_cooperate", "cooperation"),
        ("consent_given", "consent"),
    ],
)
def test_relatives_exception_leaves_the_other_general_conditions(field_name, key):
    """003 §2.3.4: the exception replaces the immigration history only."""
    assert assess(replace(RELATIVE, **{field_name: False})).missing == (key,)


def test_relative_still_needs_the_care_need():
    """The exception does not replace the care need of the person in need."""
    assert assess(replace(RELATIVE, zg3_care_grade=0)).missing == ("zg3_care_need",)


# --- Result ---------------------------------------------------------------------------------


def test_result_eligible_and_missing():
    """Result is eligible only if every check is met; missing lists the others in order."""
    result = Result((Check("a", True), Check("b", False), Check("c", False)))
    assert not result.eligible
    assert result.missing == ("b", "c")


def test_result_without_checks_is_eligible():
    """An empty result has nothing missing."""
    result = Result(())
    assert result.eligible
    assert result.missing == ()


# --- Fazit (Anlage 9.2.1) -------------------------------------------------------------------


@pytest.mark.parametrize("facts", [ELIGIBLE_ZG1, Facts()])
def test_crisis_wins(facts):
    """Anlage 9.2.1 Fazit: an acute crisis is admitted whatever the checks say."""
    assert suggested_conclusion(assess(facts), crisis=True) == CRISIS


@pytest.mark.parametrize("target_group", [ZG1, ZG2, ZG3])
def test_eligible_is_admitted(target_group):
    """Anlage 9.2.1 Fazit: support need found, counselling taken up."""
    assert suggested_conclusion(assess(ELIGIBLE[target_group])) == ADMITTED


def test_relative_is_admitted():
    """The relatives' exception leads to an admission as well."""
    assert suggested_conclusion(assess(RELATIVE)) == ADMITTED


@pytest.mark.parametrize(
    "facts",
    [
        Facts(),
        GENERAL,
        replace(ELIGIBLE_ZG1, consent_given=False, locally_responsible=False),
        replace(ELIGIBLE_ZG2, zg2_has_minor_child=False),
    ],
)
def test_not_eligible_is_referred(facts):
    """Anlage 9.2.1 Fazit: otherwise referred on."""
    assert suggested_conclusion(assess(facts)) == REFERRED


@pytest.mark.parametrize("target_group", [ZG1, ZG2, ZG3])
def test_only_consent_missing_asks_for_it(target_group):
    """An eligible client who has not signed yet is not referred on: the consent comes
    first."""
    facts = replace(ELIGIBLE[target_group], consent_given=False)
    assert suggested_conclusion(assess(facts)) == CONSENT_FIRST


def test_crisis_defaults_to_false():
    """Without the crisis flag the checks decide."""
    assert suggested_conclusion(assess(Facts())) == REFERRED
