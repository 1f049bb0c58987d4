from odoo import api, fields, models
from odoo.exceptions import ValidationError


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
    kim_weekly_hours = fields.Float(
        "Weekly hours",
        default=39.0,
        help="Contractual weekly hours of a case manager; a full-time post has 39 "
        "(36 operative, 1 strategic, 2 team hours).",
    )

    @api.constrains("kim_weekly_hours")
    def _check_kim_weekly_hours(self):
        for user in self:
            if not 0 <= user.kim_weekly_hours <= 60:
                raise ValidationError(
                    self.env._("Weekly hours lie between 0 and 60, not %s.", user.kim_weekly_hours)
                )

    @property
    def SELF_READABLE_FIELDS(self):
        return [*super().SELF_READABLE_FIELDS, "kim_weekly_hours", "kim_municipality_ids"]
