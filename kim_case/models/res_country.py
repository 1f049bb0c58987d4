from odoo import models


class ResCountry(models.Model):
    """Nationalities show on every client's case: their names come from the registry's
    cache like the other reference data (see kim.name.cache.mixin)."""

    _name = "res.country"
    _inherit = ["res.country", "kim.name.cache.mixin"]
