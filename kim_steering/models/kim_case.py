from odoo import api, fields, models

from odoo.addons.kim_case.rules import caseload

CASE_MANAGER = "kim_case.group_kim_case_manager"


class KimCase(models.Model):
    _inherit = "kim.case"

    @api.model
    @api.readonly
    def kim_my_figures(self):
        """The case manager's own figures for the top of *Meine Fälle*: open cases against
        their capacity by the caseload key (part-time formula and tolerance of
        kim_case/rules/caseload.py), reviews due, contacts and counselling hours this
        month. Empty for users without the case manager role."""
        user = self.env.user
        if not user.has_group(CASE_MANAGER):
            return {}
        today = fields.Date.context_today(self)
        own = [("user_id", "=", user.id), ("state", "=", "open")]
        open_cases = self.search_count(own)
        reviews_due = self.search_count([*own, ("next_review_date", "<=", today)])
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
            "open_cases": open_cases,
            "capacity": round(capacity, 1),
            "load_percent": round(100.0 * open_cases / capacity) if capacity else 0,
            "status": caseload.load_status(open_cases, capacity, tolerance),
            "reviews_due": reviews_due,
            "contacts_month": contacts,
            "hours_month": round((minutes or 0) / 60.0, 1),
        }
