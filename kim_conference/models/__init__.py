from . import (
    calendar_event,
    ir_rule,
    kim_audit_log,
    kim_case,
    kim_case_contact,
    kim_conference,
    kim_conference_request,
    kim_generative_theme,
    kim_peer_counselling,
    kim_planning_vignette,
    res_company,
    survey,
)
