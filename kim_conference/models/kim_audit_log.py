from odoo import fields, models


class KimAuditLog(models.Model):
    _inherit = "kim.audit.log"

    action = fields.Selection(
        selection_add=[("conference", "Case conference")], ondelete={"conference": "cascade"}
    )
