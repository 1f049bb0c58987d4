from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules.counselling import SHORT_MINUTES


class KimCaseContact(models.Model):
    """A counselling contact: one conversation with or about the client."""

    _name = "kim.case.contact"
    _inherit = ["kim.case.work.mixin"]
    _description = "Counselling contact"
    _order = "date desc, id desc"
    _check_company_auto = True

    _case_date_idx = models.Index("(case_id, date DESC, id DESC)")

    # The contacts tab lists a case's contacts newest first: one index serves both.
    case_id = fields.Many2one("kim.case", required=True, ondelete="cascade")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(related="case_id.partner_id", compute_sudo=False, string="Client")
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    duration = fields.Integer("Duration (minutes)", default=SHORT_MINUTES, required=True)
    channel = fields.Selection(
        [
            ("in_person", "In person"),
            ("phone", "By phone"),
            ("outreach", "Outreach (home visit)"),
            ("digital", "Digital"),
        ],
        required=True,
        default="in_person",
    )
    interpreter = fields.Boolean("With interpreter")
    interpreter_language = fields.Char("Interpreted language")
    topic_ids = fields.Many2many(
        "kim.topic", "kim_case_contact_topic_rel", "contact_id", "topic_id", "Topics"
    )
    note = fields.Text("Short note")
    user_id = fields.Many2one(
        "res.users", "Counsellor", default=lambda self: self.env.user, required=True
    )

    _duration_positive = models.Constraint(
        "CHECK (duration > 0)", "The duration of a contact is more than zero minutes."
    )

    def _check_duration_value(self, vals):
        """Refuses a duration of zero or less before it reaches the database, where the
        CHECK constraint guards the same invariant."""
        if "duration" in vals and (vals["duration"] or 0) <= 0:
            raise ValidationError(
                self.env._("The duration of a contact must be more than zero minutes.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        adding = {}
        for vals in vals_list:
            self._check_duration_value(vals)
            adding[vals.get("case_id")] = adding.get(vals.get("case_id"), 0) + 1
        for case_id, count in adding.items():
            if case_id:
                self.env["kim.case"].browse(case_id)._check_short_counselling_room(count)
        return super().create(vals_list)

    def write(self, vals):
        self._check_duration_value(vals)
        return super().write(vals)
