from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    kim_municipality_ids = fields.Many2many(
        "kim.municipality",
        "kim_municipality_user_rel",
        "user_id",
        "municipality_id",
        "KIM municipalities",
        help="Coordinators supervise the cases of these municipalities (a district includes "
        "its towns), whichever provider employs the case manager.",
    )
