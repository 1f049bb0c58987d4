from odoo import fields, models


class KimLifeDomain(models.Model):
    """A life domain for goals and assessments: the seven dimensions of under-supply
    (seed 003 §2.3.3) plus language, residence and others, configurable."""

    _name = "kim.life.domain"
    _inherit = ["kim.name.cache.mixin"]
    _description = "Life domain"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="A stable key; the seven dimensions use fixed keys.")
    sequence = fields.Integer(default=10)
    is_dimension = fields.Boolean(
        "Dimension of under-supply",
        help="One of the seven dimensions checked for target group 2 (seed 003 §2.3.3).",
    )
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE (code)", "This code is already in use.")
