from odoo import fields, models


class KimCaseConvert(models.TransientModel):
    """Turns a short or referral counselling into case management."""

    _name = "kim.case.convert"
    _description = "Convert to case management"

    case_id = fields.Many2one("kim.case", required=True, ondelete="cascade")
    case_type = fields.Selection(related="case_id.case_type", compute_sudo=False)
    reason = fields.Text(help="Why the case needs case management; kept in the case history.")

    def action_convert(self):
        self.ensure_one()
        self.case_id.action_convert_to_cm()
        if self.reason:
            self.case_id.message_post(body=self.reason)
        return self.case_id._form_action()
