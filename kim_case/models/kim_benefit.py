from odoo import models


class KimBenefit(models.Model):
    """Social benefits a client receives (SGB II, ALG I, AsylbLG, ...)."""

    _name = "kim.benefit"
    _inherit = ["kim.catalogue.mixin"]
    _description = "Benefit"
