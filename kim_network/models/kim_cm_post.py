from odoo import fields, models

EMPLOYERS = [
    ("traeger", "At a provider (Träger)"),
    ("verwaltung", "At the municipal administration"),
]


class KimCmPost(models.Model):
    """A KIM case-management post and where it works (seed 003 Anhang 9.1, seed 002 §3):
    the social area or district, the location, the employing organisation and the share of
    a full-time post."""

    _name = "kim.cm.post"
    _description = "KIM case-management post"
    # Directory data: no text about persons, left alone by the withdrawal's text sweep.
    _kim_reference_data = True
    _order = "municipality_id, social_area_id, sequence, id"

    municipality_id = fields.Many2one(
        "kim.municipality", required=True, index=True, ondelete="cascade"
    )
    social_area_id = fields.Many2one(
        "kim.social.area",
        "Social area / district",
        index=True,
        domain="[('municipality_id', '=', municipality_id)]",
        help="Empty for posts that work across districts, or until the coordinator assigns one.",
    )
    sequence = fields.Integer("Location no.", default=1)
    actor_id = fields.Many2one(
        "res.partner",
        "Organisation",
        index=True,
        domain=[("kim_actor", "=", True)],
        help="The organisation employing the post.",
    )
    employer = fields.Selection(EMPLOYERS, "Employed", required=True, default="traeger")
    post_share = fields.Float("Post share", digits=(3, 2), default=1.0)
    location = fields.Char()
    street = fields.Char()
    zip = fields.Char("Postal code")
    city = fields.Char()
    note = fields.Text()
    active = fields.Boolean(default=True)

    _post_share_positive = models.Constraint(
        "CHECK (post_share > 0)", "A post has a share greater than zero."
    )

    def _compute_display_name(self):
        for post in self:
            parts = [post.social_area_id.name, post.location or post.actor_id.name]
            post.display_name = " – ".join(part for part in parts if part) or self.env._("Post")
