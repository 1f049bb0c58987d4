from odoo import fields, models


class KimClientSupporter(models.Model):
    """Who else supports the client (Erhebungsbogen: "Unterstützung durch")."""

    _name = "kim.client.supporter"
    _description = "Supporter of a client"
    _order = "client_id, kind, id"

    client_id = fields.Many2one("res.partner", required=True, index=True, ondelete="cascade")
    kind = fields.Selection(
        [
            ("sponsor", "Sponsor (Pate)"),
            ("club", "Club or association"),
            ("spz", "Social-psychiatric centre"),
            ("counselling", "Counselling service"),
            ("jobcenter", "Jobcenter / integration specialist / employment agency"),
            ("youth_office", "Youth welfare office"),
            ("immigration_office", "Immigration office"),
            ("lawyer", "Lawyer"),
            ("guardian", "Legal guardian"),
            ("debt", "Debt counselling"),
            ("other", "Other"),
        ],
        required=True,
    )
    partner_id = fields.Many2one("res.partner", "Organisation or person")
    name = fields.Char("Contact person")
    phone = fields.Char()
