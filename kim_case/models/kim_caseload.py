from odoo import api, fields, models, tools

from ..rules import caseload


class KimCaseload(models.Model):
    """Open cases of each case manager per municipality against the capacity of their post
    (003 §7.8). A database view; capacity and status come from the rules.

    Each row is named by the first of its cases, not by a row number over all rows, so that
    PostgreSQL filters by case manager or municipality before it counts. The provider is the
    case manager's employer (the company of their user), not the provider of their cases;
    it is grouped by, so that a filter by provider (the Träger admin's rule) is applied
    before counting as well."""

    _name = "kim.caseload"
    _description = "Caseload"
    _auto = False
    _order = "open_cases desc, user_id"

    user_id = fields.Many2one("res.users", "Case manager", readonly=True)
    company_id = fields.Many2one(
        "res.company", "Provider", readonly=True, help="The provider employing the case manager."
    )
    municipality_id = fields.Many2one("kim.municipality", readonly=True)
    open_cases = fields.Integer(readonly=True)
    short_cases = fields.Integer("Of which short counselling", readonly=True)
    weekly_hours = fields.Float(readonly=True)
    caseload_key = fields.Integer("Key", readonly=True)
    caseload_tolerance = fields.Integer("Tolerance (%)", readonly=True)
    capacity = fields.Float(compute="_compute_capacity")
    limit = fields.Float("Limit with tolerance", compute="_compute_capacity")
    load_percent = fields.Float("Load (%)", compute="_compute_capacity")
    status = fields.Selection(
        [(caseload.OK, "Within capacity"), (caseload.FULL, "Full"), (caseload.OVER, "Over limit")],
        compute="_compute_capacity",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE OR REPLACE VIEW {self._table} AS (
                SELECT
                    min(c.id) AS id,
                    c.user_id,
                    u.company_id,
                    c.municipality_id,
                    count(*) AS open_cases,
                    count(*) FILTER (WHERE c.case_type = 'short') AS short_cases,
                    coalesce(u.kim_weekly_hours, 39.0) AS weekly_hours,
                    coalesce(m.caseload_key, 40) AS caseload_key,
                    coalesce(m.caseload_tolerance, 10) AS caseload_tolerance
                FROM kim_case c
                JOIN res_users u ON u.id = c.user_id
                JOIN kim_municipality m ON m.id = c.municipality_id
                WHERE c.state = 'open'
                GROUP BY c.user_id, c.municipality_id, u.company_id, u.kim_weekly_hours,
                         m.caseload_key, m.caseload_tolerance
            )
            """
        )

    @api.depends("open_cases", "weekly_hours", "caseload_key", "caseload_tolerance")
    def _compute_capacity(self):
        for row in self:
            tolerance = row.caseload_tolerance / 100.0
            row.capacity = caseload.capacity(row.weekly_hours, row.caseload_key)
            row.limit = caseload.tolerance_limit(row.capacity, tolerance)
            row.load_percent = 100.0 * row.open_cases / row.capacity if row.capacity else 0.0
            row.status = caseload.load_status(row.open_cases, row.capacity, tolerance)
