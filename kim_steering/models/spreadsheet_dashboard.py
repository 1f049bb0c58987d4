from werkzeug.exceptions import Forbidden

from odoo import api, fields, models
from odoo.exceptions import UserError


class SpreadsheetDashboard(models.Model):
    _inherit = "spreadsheet.dashboard"

    kim_no_share = fields.Boolean(
        compute="_compute_kim_no_share",
        help="KIM dashboards are never shared by a public link: the button is not offered.",
    )

    def _compute_kim_no_share(self):
        group = self.env.ref("kim_steering.dashboard_group_kim", raise_if_not_found=False)
        for dashboard in self:
            dashboard.kim_no_share = bool(group) and dashboard.sudo().dashboard_group_id == group

    def _kim_is_kim(self):
        return any(self.mapped("kim_no_share"))


class SpreadsheetDashboardShare(models.Model):
    """A shared dashboard is a snapshot of its figures behind a public link: the KIM
    dashboards describe clients and staff, so they are never shared that way."""

    _inherit = "spreadsheet.dashboard.share"

    @api.model_create_multi
    def create(self, vals_list):
        dashboards = self.env["spreadsheet.dashboard"].browse(
            vals.get("dashboard_id") for vals in vals_list
        )
        if dashboards._kim_is_kim():
            raise UserError(
                self.env._(
                    "KIM dashboards cannot be shared by a public link: they show figures "
                    "about clients and staff. Give colleagues a KIM role instead."
                )
            )
        return super().create(vals_list)

    def _check_dashboard_access(self, access_token):
        # Links made before this addon was installed open nothing either.
        if self.dashboard_id._kim_is_kim():
            raise Forbidden()
        return super()._check_dashboard_access(access_token)
