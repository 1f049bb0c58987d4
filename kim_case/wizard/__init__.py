from . import kim_case_convert
