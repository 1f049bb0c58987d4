from odoo import api, models


class KimDataProtectionReport(models.AbstractModel):
    """Values shared by the consent form and the information sheet: the case, the
    providers taking part in the municipality's case management and the recipient
    categories. Read as the printing user, who must be able to read the case; the
    providers' names are public facts and read with sudo."""

    _name = "report.kim_case.report_consent_form"
    _description = "KIM declaration of consent"

    @api.model
    def _get_report_values(self, docids, data=None):
        cases = self.env["kim.case"].browse(docids)
        cases.check_access("read")
        providers = {
            case.id: case.sudo().municipality_id.company_ids.sorted("name") or case.company_id
            for case in cases
        }
        return {
            "doc_ids": docids,
            "doc_model": "kim.case",
            "docs": cases,
            "providers": providers,
            "categories": self.env["kim.recipient.category"].search([("active", "=", True)]),
        }


class KimPrivacyNoticeReport(models.AbstractModel):
    _name = "report.kim_case.report_privacy_notice"
    _inherit = ["report.kim_case.report_consent_form"]
    _description = "KIM information sheet under Art. 13 GDPR"
