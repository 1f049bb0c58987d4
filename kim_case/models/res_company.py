from odoo import fields, models


class ResCompany(models.Model):
    """A Träger (provider) of KIM case management is a company."""

    _inherit = "res.company"

    kim_municipality_ids = fields.Many2many(
        "kim.municipality",
        "kim_municipality_company_rel",
        "company_id",
        "municipality_id",
        "KIM municipalities",
        help="The municipalities in which this provider offers KIM case management.",
    )
