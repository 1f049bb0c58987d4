from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.kim_case.rules import caseload

CASE_MANAGER = "kim_case.group_kim_case_manager"
# What waits for a case manager today, and where it is listed.
TODO_MODELS = {"reviews": "kim.case", "activities": "mail.activity", "referrals": "kim.referral"}


class KimCase(models.Model):
    _inherit = "kim.case"

    @api.model
    @api.readonly
    def kim_my_figures(self):
        """The case manager's own figures for the top of *Meine Fälle*: open cases against
        their capacity by the caseload key (part-time formula and tolerance of
        kim_case/rules/caseload.py), reviews due, contacts and counselling hours this
        month; and what waits today: reviews due, their activities due today or late,
        their referrals unanswered for more than 30 days. Empty for users without the
        case manager role."""
        user = self.env.user
        if not user.has_group(CASE_MANAGER):
            return {}
        today = fields.Date.context_today(self)
        own = [("user_id", "=", user.id), ("state", "=", "open")]
        open_cases = self.search_count(own)
        reviews_due = self.search_count(self._kim_todo("reviews"))
        [(contacts, minutes)] = self.env["kim.case.contact"]._read_group(
            [
                ("user_id", "=", user.id),
                ("date", ">=", today.replace(day=1)),
                ("date", "<=", today),
            ],
            [],
            ["__count", "duration:sum"],
        )
        # The caseload of the municipality where most of their cases are.
        rows = self.env["kim.caseload"].search([("user_id", "=", user.id)])
        main = max(rows, key=lambda row: row.open_cases, default=rows)
        key = main.caseload_key or caseload.DEFAULT_KEY
        tolerance = (main.caseload_tolerance if main else caseload.DEFAULT_TOLERANCE * 100) / 100
        capacity = caseload.capacity(user.sudo().kim_weekly_hours or caseload.FULL_TIME_HOURS, key)
        return {
            "activities_due": self.env["mail.activity"].search_count(self._kim_todo("activities")),
            "referrals_overdue": self.env["kim.referral"].search_count(self._kim_todo("referrals")),
            "open_cases": open_cases,
            "capacity": round(capacity, 1),
            "load_percent": round(100.0 * open_cases / capacity) if capacity else 0,
            "status": caseload.load_status(open_cases, capacity, tolerance),
            "reviews_due": reviews_due,
            "contacts_month": contacts,
            "hours_month": round((minutes or 0) / 60.0, 1),
        }

    @api.model
    def _kim_todo(self, kind):
        """What waits for the user today, as a domain: ``reviews`` (their open cases whose
        review is due), ``activities`` (their activities due today or late),
        ``referrals`` (their referrals unanswered for more than 30 days)."""
        today = fields.Date.context_today(self)
        uid = self.env.uid
        return {
            "reviews": [
                ("user_id", "=", uid),
                ("state", "=", "open"),
                ("next_review_date", "<=", today),
            ],
            "activities": [("user_id", "=", uid), ("date_deadline", "<=", today)],
            "referrals": [("user_id", "=", uid), ("kim_overdue", "=", True)],
        }[kind]

    @api.model
    @api.readonly
    def kim_my_todo_action(self, kind):
        """The list behind one of the figures of what waits today."""
        if not isinstance(kind, str) or kind not in TODO_MODELS:
            raise UserError(self.env._("Unknown list: %s", kind))
        names = {
            "reviews": self.env._("Reviews due"),
            "activities": self.env._("My activities due"),
            "referrals": self.env._("My referrals waiting more than 30 days"),
        }
        return {
            "type": "ir.actions.act_window",
            "name": names[kind],
            "res_model": TODO_MODELS[kind],
            "views": [(False, "list"), (False, "form")],
            "domain": self._kim_todo(kind),
            "target": "current",
        }
