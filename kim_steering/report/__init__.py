from . import kim_annual_report_pdf, kim_annual_report_xlsx
