from odoo import fields, models


class KimCaseMeasure(models.Model):
    _inherit = "kim.case.measure"

    service_id = fields.Many2one(
        "kim.service",
        index="btree_not_null",
        kim_kept=True,
        help="The service of the local network that carries the measure out.",
    )
