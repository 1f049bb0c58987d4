from odoo import api, models


class KimAnnualReportPdf(models.AbstractModel):
    """The Jahresbericht as PDF (QWeb template report_kim_annual): only for the
    municipality's coordination, and written to the audit log like the spreadsheet."""

    _name = "report.kim_steering.report_kim_annual"
    _description = "KIM annual report (PDF)"

    @api.model
    def _get_report_values(self, docids, data=None):
        reports = self.env["kim.annual.report"].browse(docids)
        reports.check_access("read")  # only one's own report (its record rule)
        for report in reports:
            report._kim_check_scope()
            report._kim_audit_export("PDF")
        return {"doc_ids": docids, "doc_model": "kim.annual.report", "docs": reports}
