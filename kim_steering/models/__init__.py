from . import kim_case_analysis
