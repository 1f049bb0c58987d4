from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column

from odoo.addons.kim_case.rules import caseload

from ..rules import courses

CASE_MANAGER = "kim_case.group_kim_case_manager"
COORDINATOR = "kim_case.group_kim_coordinator"


class KimCase(models.Model):
    _inherit = "kim.case"

    # The course of the case's counselling topics (rules/courses.py) as the case keeps it:
    # the annual report of a Land follows the topics of half a million cases and reads one
    # value per case, not every contact of every case.
    kim_topic_firsts = fields.Json(
        "Topics raised first",
        compute="_compute_kim_topic_firsts",
        store=True,
        help="Each contact that raised counselling topics for the first time: its day, "
        "the contact and those topics.",
    )

    @api.depends("contact_ids.date", "contact_ids.topic_ids")
    def _compute_kim_topic_firsts(self):
        for case in self:
            case.kim_topic_firsts = courses.stored_first_raised(
                (contact.date, contact.id, contact.topic_ids.ids) for contact in case.contact_ids
            )

    def _auto_init(self):
        # Filled in one statement where the cases and their contacts exist already (the
        # ORM would compute a Land's cases one batch after another, for hours).
        if not column_exists(self.env.cr, self._table, "kim_topic_firsts"):
            create_column(self.env.cr, self._table, "kim_topic_firsts", "jsonb")
            self._kim_fill_topic_firsts()
        return super()._auto_init()

    @api.model
    def _kim_fill_topic_firsts(self, after_id=0):
        """Stores kim_topic_firsts of the cases with an id above ``after_id`` from their
        contacts, in SQL: per case and topic the first contact that raised it (as
        rules/courses.first_raised); cases without a topic keep none."""
        self.env.cr.execute(
            SQL(
                """
                UPDATE kim_case c SET kim_topic_firsts = f.steps
                  FROM (
                      SELECT s.case_id,
                             jsonb_agg(jsonb_build_array(to_char(s.date, 'YYYY-MM-DD'),
                                                         s.contact_id, s.topics)
                                       ORDER BY s.date, s.contact_id) AS steps
                        FROM (
                            SELECT first.case_id, first.date, first.contact_id,
                                   jsonb_agg(first.topic_id ORDER BY first.topic_id) AS topics
                              FROM (
                                  SELECT DISTINCT ON (k.case_id, r.topic_id)
                                         k.case_id, r.topic_id, k.date, k.id AS contact_id
                                    FROM kim_case_contact k
                                    JOIN kim_case_contact_topic_rel r ON r.contact_id = k.id
                                   WHERE k.case_id > %s
                                   ORDER BY k.case_id, r.topic_id, k.date, k.id
                              ) first
                             GROUP BY first.case_id, first.date, first.contact_id
                        ) s
                       GROUP BY s.case_id
                  ) f
                 WHERE c.id = f.case_id
                """,
                after_id,
            )
        )
        self.invalidate_model(["kim_topic_firsts"])

    @api.model
    @api.readonly
    def kim_my_figures(self):
        """The figures at the top of the case lists: what waits for the user today (see
        ``_kim_todo_lists``), and for case managers their open cases against their
        capacity by the caseload key (part-time formula and tolerance of
        kim_case/rules/caseload.py), their contacts and counselling hours this month.
        Empty for users who neither manage cases nor coordinate."""
        figures = {}
        todo = self._kim_todo_lists()
        if todo:
            figures["todo"] = [
                {
                    "kind": kind,
                    "label": label,
                    "tone": tone,
                    "count": self.env[model].search_count(domain),
                }
                for kind, (model, domain, label, tone) in todo.items()
            ]
        if self.env.user.has_group(CASE_MANAGER):
            figures.update(self._kim_my_caseload())
        return figures

    @api.model
    def _kim_today(self):
        """The user's day by the time zone of their preferences: the figures are the same
        whatever time zone a request's context names."""
        return fields.Date.context_today(self.with_context(tz=self.env.user.tz or "UTC"))

    @api.model
    def _kim_my_caseload(self):
        user = self.env.user
        today = self._kim_today()
        open_cases = self.search_count([("user_id", "=", user.id), ("state", "=", "open")])
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
            "contacts_month": contacts,
            "hours_month": round((minutes or 0) / 60.0, 1),
        }

    @api.model
    def _kim_todo_lists(self):
        """What waits for the current user today, in the order shown: kind → (model,
        domain, label, tone when not zero). Case managers: their reviews due, their
        activities due today or late, their referrals unanswered for more than 30 days.
        Coordinators, over what the record rules let them see: conference requests to
        check, case conferences of the coming seven days, reviews overdue, referrals
        unanswered for more than 30 days, transfers awaiting a decision, case managers
        above the caseload key."""
        user = self.env.user
        today = self._kim_today()
        lists = {}
        if user.has_group(CASE_MANAGER):
            lists["reviews"] = (
                "kim.case",
                [
                    ("user_id", "=", user.id),
                    ("state", "=", "open"),
                    ("next_review_date", "<=", today),
                ],
                self.env._("reviews due"),
                "warning",
            )
            lists["activities"] = (
                "mail.activity",
                [("user_id", "=", user.id), ("date_deadline", "<=", today)],
                self.env._("activities due today"),
                "warning",
            )
            lists["referrals"] = (
                "kim.referral",
                [("user_id", "=", user.id), ("kim_overdue", "=", True)],
                self.env._("referrals waiting over 30 days"),
                "danger",
            )
        if user.has_group(COORDINATOR):
            now = fields.Datetime.now()
            lists["conference_requests"] = (
                "kim.conference.request",
                [("state", "=", "submitted")],
                self.env._("conference requests to check"),
                "warning",
            )
            lists["conferences"] = (
                "kim.conference",
                [
                    ("state", "=", "planned"),
                    ("date_start", ">=", now),
                    ("date_start", "<", now + timedelta(days=7)),
                ],
                self.env._("case conferences in the next 7 days"),
                "info",
            )
            lists["reviews_overdue"] = (
                "kim.case",
                [("state", "=", "open"), ("next_review_date", "<", today)],
                self.env._("reviews overdue in my municipalities"),
                "warning",
            )
            lists["referrals_waiting"] = (
                "kim.referral",
                [("kim_overdue", "=", True)],
                self.env._("referrals in my municipalities waiting over 30 days"),
                "danger",
            )
            lists["transfers"] = (
                "kim.case.transfer",
                [("state", "=", "requested")],
                self.env._("transfers awaiting a decision"),
                "warning",
            )
            # The rows of the caseload the coordinator may see: their municipalities'.
            rows = self.env["kim.caseload"].search([("open_cases", ">", 0)])
            over = rows.filtered(lambda row: row.status == caseload.OVER)
            lists["over_key"] = (
                "kim.caseload",
                [("id", "in", over.ids)],
                self.env._("case managers above the caseload key"),
                "danger",
            )
        return lists

    @api.model
    @api.readonly
    def kim_my_todo_action(self, kind):
        """The list behind one of the figures of what waits today."""
        lists = self._kim_todo_lists()
        if not isinstance(kind, str) or kind not in lists:
            raise UserError(self.env._("Unknown list: %s", kind))
        model, domain, label, _tone = lists[kind]
        return {
            "type": "ir.actions.act_window",
            "name": label[:1].upper() + label[1:],
            "res_model": model,
            "views": [(False, "list"), (False, "kanban"), (False, "form")],
            # Cards on a phone, as everywhere in KIM.
            "mobile_view_mode": "kanban",
            "domain": domain,
            # A list of what waits, not a place to file something new.
            "context": {"create": False},
            "target": "current",
        }
