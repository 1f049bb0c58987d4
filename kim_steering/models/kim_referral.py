from odoo import api, fields, models

from ..rules.referrals import overdue_before


class KimReferral(models.Model):
    _inherit = "kim.referral"

    kim_overdue = fields.Boolean(
        "Waiting more than 30 days",
        compute="_compute_kim_overdue",
        search="_search_kim_overdue",
        help="Requested more than 30 days ago and not answered yet.",
    )

    @api.depends("state", "date_requested")
    @api.depends_context("uid")
    def _compute_kim_overdue(self):
        limit = overdue_before(fields.Date.context_today(self))
        for referral in self:
            referral.kim_overdue = bool(
                referral.state == "requested"
                and referral.date_requested
                and referral.date_requested < limit
            )

    def _search_kim_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        limit = overdue_before(fields.Date.context_today(self))
        overdue = ["&", ("state", "=", "requested"), ("date_requested", "<", limit)]
        if (operator == "=") == value:
            return overdue
        return ["!", *overdue]
