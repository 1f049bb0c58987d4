from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KimCaseGoal(models.Model):
    """A goal agreed with the client in one life domain (003 §4.1.3)."""

    _name = "kim.case.goal"
    _inherit = ["kim.case.work.mixin"]
    _description = "Goal"
    _order = "case_id, sequence, id"

    case_id = fields.Many2one("kim.case", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char("Goal", required=True)
    life_domain_id = fields.Many2one("kim.life.domain", required=True, index=True)
    date_agreed = fields.Date("Agreed on", default=fields.Date.context_today)
    date_target = fields.Date("Target date")
    review_date = fields.Date("Next review")
    review_note = fields.Text("Review notes")
    outcome = fields.Selection(
        [
            ("reached", "Reached"),
            ("partly", "Partly reached"),
            ("not_reached", "Not reached"),
            ("dropped", "Dropped"),
        ],
        index=True,
    )
    measure_ids = fields.One2many("kim.case.measure", "goal_id", "Measures")

    @api.constrains("date_agreed", "date_target", "review_date")
    def _check_dates(self):
        for goal in self:
            if goal.date_agreed and goal.date_target and goal.date_target < goal.date_agreed:
                raise ValidationError(
                    self.env._(
                        "The target date of “%s” lies before the day it was agreed.", goal.name
                    )
                )
            if goal.date_agreed and goal.review_date and goal.review_date < goal.date_agreed:
                raise ValidationError(
                    self.env._("The review of “%s” lies before the day it was agreed.", goal.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        goals = super().create(vals_list)
        goals._schedule_review()
        return goals

    def write(self, vals):
        result = super().write(vals)
        if "review_date" in vals or "outcome" in vals:
            self._schedule_review()
        return result

    def _schedule_review(self):
        """A review activity for the case manager on the goal's next review date."""
        activity_type = self.env.ref("kim_case.mail_activity_type_goal_review")
        for goal in self:
            case = goal.case_id
            summary = self.env._("Review goal: %s", goal.name)
            existing = case.activity_ids.filtered(
                lambda a, summary=summary: (
                    a.activity_type_id == activity_type and a.summary == summary
                )
            )
            if goal.outcome or not goal.review_date:
                existing.unlink()
            elif existing:
                existing.date_deadline = goal.review_date
            else:
                case.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=goal.review_date,
                    summary=summary,
                    user_id=case.user_id.id,
                )
