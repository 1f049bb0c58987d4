from odoo import fields, models


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    kim_network_id = fields.Many2one(
        "kim.network", "Network / working group", index="btree_not_null", ondelete="set null"
    )
    kim_minutes = fields.Html("Minutes")
