from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.kim_case.rules import caseload

FIGURES = [
    ("open", "Open cases"),
    ("capacity", "Capacity by the key"),
    ("limit", "Limit with tolerance"),
]


class KimCaseloadFigure(models.Model):
    """Load against capacity (seed 003 §7.8) as three figures per row of the caseload
    (``kim.caseload``): the open cases, the capacity of the post by the key (1:40 for the
    36 operative hours of 39, part-time scaling only the operative hours) and the limit
    with the tolerance (10 %). A chart grouped by case manager or provider and by figure
    sets them side by side. Capacity and limit are the formula of kim_case/rules/
    caseload.py in SQL (a test compares them); a case manager working in several
    municipalities has their capacity split among them in proportion to their open
    cases, so that it adds up to one post whatever is filtered or grouped."""

    _name = "kim.caseload.figure"
    _description = "KIM caseload against capacity"
    _auto = False
    _order = "user_id, figure"

    user_id = fields.Many2one("res.users", "Case manager", readonly=True)
    company_id = fields.Many2one(
        "res.company", "Provider", readonly=True, help="The provider employing the case manager."
    )
    municipality_id = fields.Many2one("kim.municipality", readonly=True)
    figure = fields.Selection(FIGURES, readonly=True)
    value = fields.Float("Cases", readonly=True, digits=(16, 1))

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        # round(key × (hours − fixed hours) / operative hours, 1), as caseload.capacity.
        capacity = SQL(
            "round((l.caseload_key * greatest(l.weekly_hours - %s, 0) / %s)::numeric, 1)",
            caseload.FIXED_HOURS,
            caseload.OPERATIVE_HOURS,
        )
        limit = SQL("round(%s * (1 + l.caseload_tolerance / 100.0), 1)", capacity)
        share = SQL("l.open_cases::numeric / sum(l.open_cases) OVER (PARTITION BY l.user_id)")
        rows = SQL(
            "SELECT l.*, %s AS capacity, %s AS limit_, %s AS share FROM kim_caseload l",
            capacity,
            limit,
            share,
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %(table)s AS (
                    SELECT l.id * 3 + f.n AS id, l.user_id, l.company_id, l.municipality_id,
                           f.figure,
                           CASE f.figure
                               WHEN 'open' THEN l.open_cases
                               WHEN 'capacity' THEN l.capacity * l.share
                               ELSE l.limit_ * l.share
                           END AS value
                      FROM (%(rows)s) l
                     CROSS JOIN (VALUES (0, 'open'), (1, 'capacity'), (2, 'limit')) f(n, figure)
                )
                """,
                table=SQL.identifier(self._table),
                rows=rows,
            )
        )
