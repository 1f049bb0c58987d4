from . import kim_annual_report, kim_state_export
