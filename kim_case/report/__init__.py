from . import kim_data_protection_report
