from odoo import models


class IrRule(models.Model):
    _inherit = "ir.rule"

    def _eval_context(self):
        """``kim_area_municipality_ids``: the municipalities whose shared knowledge (generative
        themes, vignettes, clusters) a KIM user sees: those they coordinate or their
        provider works in, with the towns of a district and the district of a town."""
        context = super()._eval_context()
        user = self.env.user.sudo()
        # Coordinators are bound to their municipalities; everybody else to those their
        # provider works in.
        own = user.kim_municipality_ids or (
            user.company_ids.filtered(
                lambda company: company.id in context["company_ids"]
            ).kim_municipality_ids
        )
        area = self.env["kim.municipality"].browse()
        if own:
            Municipality = self.env["kim.municipality"].sudo().with_context(active_test=False)
            area = Municipality.search(
                ["|", ("id", "child_of", own.ids), ("id", "parent_of", own.ids)]
            )
        context["kim_area_municipality_ids"] = sorted(area.ids)
        return context
