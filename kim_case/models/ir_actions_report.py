from odoo import models

AUDITED_MODELS = {"kim.case", "kim.consent", "kim.disclosure"}


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    def _get_rendering_context(self, report, docids, data):
        """Every print of a case document is written to the case's audit log."""
        context = super()._get_rendering_context(report, docids, data)
        if report.model in AUDITED_MODELS and docids:
            records = self.env[report.model].browse(docids)
            cases = records if report.model == "kim.case" else records.case_id
            cases._kim_audit("print", report.name)
        return context
