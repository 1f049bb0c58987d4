from odoo import models


class ResCompany(models.Model):
    _inherit = "res.company"

    def write(self, vals):
        result = super().write(vals)
        if "kim_municipality_ids" in vals:
            # The record rules hold the municipalities of each provider's staff.
            self.env.registry.clear_cache()
        return result
