from odoo import fields, models


class KimCatalogueMixin(models.AbstractModel):
    """A configurable catalogue entry with a stable code for statistics and exports."""

    _name = "kim.catalogue.mixin"
    _inherit = ["kim.name.cache.mixin"]
    _description = "KIM catalogue entry"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(help="A stable key for statistics and exports.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _code_uniq = models.Constraint("UNIQUE (code)", "This code is already in use.")
