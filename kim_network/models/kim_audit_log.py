from odoo import fields, models


class KimAuditLog(models.Model):
    _inherit = "kim.audit.log"

    action = fields.Selection(
        selection_add=[("referral", "Referral")], ondelete={"referral": "cascade"}
    )
