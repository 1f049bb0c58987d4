import pytest

from ..stages import (
    ASSESSMENT,
    CONCLUSION,
    EVALUATION,
    GOAL,
    MEASURE,
    NONE,
    REQUIREMENTS,
    REVIEW,
    Progress,
    is_met,
    missing_results,
)

RESULTS = (CONCLUSION, ASSESSMENT, GOAL, MEASURE, REVIEW, EVALUATION)
EVERYTHING = Progress(
    has_conclusion=True,
    has_assessment=True,
    has_goal=True,
    has_measure=True,
    has_review=True,
    has_evaluation=True,
)


def test_requirements_are_none_and_the_results():
    """Every requirement but NONE names a result a case can hold."""
    assert (NONE, *RESULTS) == REQUIREMENTS


@pytest.mark.parametrize("requirement", RESULTS)
def test_every_result_has_a_progress_flag(requirement):
    """Each requirement maps onto a has_<requirement> flag of Progress."""
    assert hasattr(Progress(), f"has_{requirement}")


@pytest.mark.parametrize("requirement", RESULTS)
def test_requirement_is_met_by_its_flag(requirement):
    """003 §4.1: a stage is left only with its minimum result."""
    assert is_met(requirement, Progress(**{f"has_{requirement}": True}))


@pytest.mark.parametrize("requirement", RESULTS)
def test_requirement_is_not_met_without_its_flag(requirement):
    """An empty case holds no result."""
    assert not is_met(requirement, Progress())


@pytest.mark.parametrize("requirement", RESULTS)
@pytest.mark.parametrize("other", RESULTS)
def test_requirement_is_not_met_by_another_flag(requirement, other):
    """Only the matching flag meets a requirement."""
    progress = Progress(**{f"has_{other}": True})
    assert is_met(requirement, progress) is (requirement == other)


@pytest.mark.parametrize("requirement", [NONE, None, False, ""])
def test_no_requirement_is_always_met(requirement):
    """A stage without a minimum result can always be left."""
    assert is_met(requirement, Progress())


@pytest.mark.parametrize("requirement", RESULTS)
def test_missing_result_is_cleared_by_its_flag(requirement):
    """missing_results drops a requirement once its flag is set."""
    assert missing_results([requirement], Progress()) == [requirement]
    assert missing_results([requirement], Progress(**{f"has_{requirement}": True})) == []


def test_missing_results_keeps_order():
    """The missing results come in the order of the stages left."""
    requirements = [CONCLUSION, ASSESSMENT, GOAL, MEASURE, REVIEW, EVALUATION]
    assert missing_results(requirements, Progress()) == requirements
    assert missing_results(list(reversed(requirements)), Progress()) == list(reversed(requirements))


def test_missing_results_removes_repeats():
    """A requirement shared by several stages is listed once, at its first place."""
    requirements = [GOAL, ASSESSMENT, GOAL, ASSESSMENT, EVALUATION, GOAL]
    assert missing_results(requirements, Progress()) == [GOAL, ASSESSMENT, EVALUATION]


@pytest.mark.parametrize("empty", [NONE, None, ""])
def test_missing_results_ignores_no_requirement(empty):
    """Stages without a minimum result add nothing."""
    requirements = [empty, ASSESSMENT, empty, GOAL, empty]
    assert missing_results(requirements, Progress()) == [ASSESSMENT, GOAL]


def test_missing_results_skips_met_requirements():
    """Results the case already holds are not missing."""
    progress = Progress(has_conclusion=True, has_goal=True)
    requirements = [CONCLUSION, ASSESSMENT, GOAL, MEASURE]
    assert missing_results(requirements, progress) == [ASSESSMENT, MEASURE]


def test_nothing_missing_when_everything_is_held():
    """A case holding every result can leave every stage."""
    assert missing_results(list(REQUIREMENTS), EVERYTHING) == []


@pytest.mark.parametrize("requirements", [[], (), [NONE], [NONE, "", None]])
def test_moving_back_requires_nothing(requirements):
    """003 §4.1: moving back leaves no stage behind and so requires nothing."""
    assert missing_results(requirements, Progress()) == []


def test_missing_results_accepts_any_iterable():
    """Requirements may come as a tuple or a generator."""
    assert missing_results((GOAL, GOAL), Progress()) == [GOAL]
    assert missing_results(iter([MEASURE, REVIEW]), Progress()) == [MEASURE, REVIEW]


def test_missing_results_returns_a_list():
    """The answer is a plain list."""
    assert isinstance(missing_results([GOAL], Progress()), list)
