from odoo import fields, models


class KimNetworkAbbreviation(models.Model):
    """An abbreviation of the local concept and what it stands for (the legends under the
    service tables of seed 003 §6)."""

    _name = "kim.network.abbreviation"
    _description = "Abbreviation"
    # Directory data: no text about persons, left alone by the withdrawal's text sweep.
    _kim_reference_data = True
    _order = "municipality_id, name"

    name = fields.Char("Abbreviation", required=True)
    meaning = fields.Char(required=True)
    municipality_id = fields.Many2one(
        "kim.municipality", required=True, index=True, ondelete="cascade"
    )
