from odoo import models


class KimInterest(models.Model):
    """What the client likes to do in their free time."""

    _name = "kim.interest"
    _inherit = ["kim.catalogue.mixin"]
    _description = "Leisure interest"
