from odoo import fields, models


class KimEligibilityItem(models.Model):
    """An item of the eligibility checklists: an area without access (target group 1,
    Anlage 9.2.1) or an item of the Pflegesetting checklist (target group 3, Anlage 9.2.2)."""

    _name = "kim.eligibility.item"
    _inherit = ["kim.name.cache.mixin"]
    _description = "Checklist item"
    _order = "kind, care_area, sequence, id"

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(
        [("access_area", "Area without access"), ("care", "Care setting")],
        required=True,
    )
    care_area = fields.Selection(
        [
            ("mobility", "1 – Mobility"),
            ("cognition", "2 – Cognitive and communicative abilities"),
            ("behaviour", "3 – Behaviour and psychological problems"),
            ("self_care", "4 – Self-care"),
            ("therapy", "5 – Coping with illness- or therapy-related demands"),
            ("daily_life", "6 – Everyday life and social contacts"),
        ],
        help="The area of the Pflegesetting checklist (Anlage 9.2.2).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
