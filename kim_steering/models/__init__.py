from . import (
    kim_steering_scope,
    kim_case_analysis,
    kim_caseload_figure,
    kim_analysis_mixin,
    kim_case,
    kim_referral,
    spreadsheet_dashboard,
)
