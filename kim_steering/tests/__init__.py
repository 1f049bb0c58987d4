from . import (
    test_analysis,
    test_analysis_subjects,
    test_annual_report,
    test_attacker_steering,
    test_dashboards,
    test_my_figures,
    test_state_export,
)
