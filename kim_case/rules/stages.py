"""Stage gates (seed 003 §4.1, seed 002 §2.2): a case leaves a process stage only with
that stage's minimum result, e.g. no goal agreement before an assessment, no closing
without an evaluation."""

from dataclasses import dataclass

NONE = "none"
CONCLUSION = "conclusion"  # Erstberatung/Intake: the Fazit of the checklist is taken
ASSESSMENT = "assessment"  # at least one assessment of a life domain
GOAL = "goal"  # at least one agreed goal
MEASURE = "measure"  # at least one measure of the help plan
REVIEW = "review"  # at least one goal reviewed (an outcome or a re-assessment)
EVALUATION = "evaluation"  # the closing evaluation is written
REQUIREMENTS = (NONE, CONCLUSION, ASSESSMENT, GOAL, MEASURE, REVIEW, EVALUATION)
# Not a stage result but the gate out of intake: the client's consent to data processing.
CONSENT = "consent"


@dataclass(frozen=True)
class Progress:
    """What the case already holds."""

    has_conclusion: bool = False
    has_assessment: bool = False
    has_goal: bool = False
    has_measure: bool = False
    has_review: bool = False
    has_evaluation: bool = False


def is_met(requirement, progress):
    if requirement in (NONE, None, False, ""):
        return True
    return bool(getattr(progress, f"has_{requirement}"))


def missing_results(requirements, progress):
    """The requirements of the stages a case leaves that it does not meet yet, in order
    and without repetition. Moving back to an earlier stage leaves nothing behind and so
    requires nothing."""
    missing = []
    for requirement in requirements:
        if not is_met(requirement, progress) and requirement not in missing:
            missing.append(requirement)
    return missing
