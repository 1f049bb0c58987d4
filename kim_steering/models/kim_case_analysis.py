from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.kim_case.selection import selection_of
from odoo.addons.kim_conference.rules.vignette import AGE_BANDS


def _case_selection(name):
    return selection_of("kim.case", name)


def _partner_selection(name):
    return selection_of("res.partner", name)


def _age_band_sql(birthdate, on_date):
    """The age band of AGE_BANDS (kim_conference/rules/vignette.py), in SQL."""
    years = SQL("date_part('year', age(%s, %s))", on_date, birthdate)
    whens = [
        SQL("WHEN %s BETWEEN %s AND %s THEN %s", years, lowest, highest, key)
        if highest is not None
        else SQL("WHEN %s >= %s THEN %s", years, lowest, key)
        for key, lowest, highest in AGE_BANDS
    ]
    return SQL("CASE %s END", SQL(" ").join(whens))


class KimCaseAnalysis(models.Model):
    """One row per case with what the coordination counts: categories, never a name, a
    date of birth or free text. It answers under the cases' own record rules (a case
    manager counts their cases, a coordinator those of their municipalities); Träger
    administrators have no access, since the rows describe persons."""

    _name = "kim.case.analysis"
    _description = "KIM case analysis"
    _auto = False
    _order = "date_open desc, id desc"

    case_id = fields.Many2one("kim.case", readonly=True)
    company_id = fields.Many2one("res.company", "Provider", readonly=True)
    user_id = fields.Many2one("res.users", "Case manager", readonly=True)
    substitute_ids = fields.Many2many(
        "res.users", "kim_case_substitute_rel", "case_id", "user_id", "Substitutes", readonly=True
    )
    municipality_id = fields.Many2one("kim.municipality", readonly=True)
    social_area_id = fields.Many2one("kim.social.area", "Social area", readonly=True)
    stage_id = fields.Many2one("kim.case.stage", readonly=True)
    state = fields.Selection(_case_selection("state"), "Status", readonly=True)
    case_type = fields.Selection(_case_selection("case_type"), "Type", readonly=True)
    target_group = fields.Selection(_case_selection("target_group"), "Target group", readonly=True)
    access_route = fields.Selection(_case_selection("access_route"), "Access route", readonly=True)
    closing_reason = fields.Selection(
        _case_selection("closing_reason"), "Closing reason", readonly=True
    )
    eval_satisfaction = fields.Selection(
        _case_selection("eval_satisfaction"), "Client satisfaction at closing", readonly=True
    )
    is_crisis = fields.Boolean("Crisis admission", readonly=True)
    gender = fields.Selection(_partner_selection("kim_gender"), readonly=True)
    age_band = fields.Selection(
        [
            ("under_18", "under 18"),
            ("18_26", "18 to 26"),
            ("27_39", "27 to 39"),
            ("40_54", "40 to 54"),
            ("55_66", "55 to 66"),
            ("67_plus", "67 and older"),
        ],
        "Age band at opening",
        readonly=True,
    )
    birth_year = fields.Integer("Year of birth", readonly=True, aggregator=False)
    # Hamm's analysis categories (seed 000).
    german_level = fields.Selection(
        _partner_selection("kim_german_level"), "German (CEFR)", readonly=True
    )
    family_status = fields.Selection(
        _partner_selection("kim_family_status"), "Family status", readonly=True
    )
    club_membership = fields.Selection(
        _partner_selection("kim_club_membership"), "Club membership", readonly=True
    )
    housing = fields.Selection(_partner_selection("kim_housing"), readonly=True)
    employment = fields.Selection(_partner_selection("kim_employment"), readonly=True)
    health_situation = fields.Selection(
        _case_selection("health_situation"), "Health situation", readonly=True, kim_special=True
    )
    nationality_id = fields.Many2one(
        "res.country", readonly=True, help="The first nationality recorded."
    )
    date_open = fields.Date("Opened on", readonly=True)
    date_closed = fields.Date("Closed on", readonly=True)
    duration_days = fields.Integer(
        "Days open", readonly=True, aggregator="avg", help="Until closing, or until today."
    )
    contact_count = fields.Integer("Contacts", readonly=True)
    counselling_hours = fields.Float("Counselling hours", readonly=True, digits=(16, 1))
    goal_count = fields.Integer("Goals", readonly=True)
    goals_reached = fields.Integer("Goals reached", readonly=True)
    days_to_first_goal = fields.Integer(
        "Days to the first goal",
        readonly=True,
        aggregator="avg",
        help="From the opening of the case to the first goal agreed.",
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %(view)s AS (
                SELECT c.id, c.id AS case_id, c.company_id, c.user_id, c.municipality_id,
                       c.social_area_id, c.stage_id, c.state, c.case_type, c.target_group,
                       c.access_route, c.closing_reason, c.eval_satisfaction, c.is_crisis,
                       p.kim_gender AS gender, p.kim_german_level AS german_level,
                       p.kim_family_status AS family_status,
                       p.kim_club_membership AS club_membership, p.kim_housing AS housing,
                       p.kim_employment AS employment, c.health_situation,
                       %(age_band)s AS age_band,
                       COALESCE(date_part('year', p.kim_birthdate)::int, p.kim_birth_year)
                           AS birth_year,
                       (SELECT min(n.country_id) FROM kim_partner_nationality_rel n
                         WHERE n.partner_id = p.id) AS nationality_id,
                       c.date_open, c.date_closed,
                       COALESCE(c.date_closed, current_date) - c.date_open AS duration_days,
                       COALESCE(c.contact_count, 0) AS contact_count,
                       round(COALESCE(c.contact_minutes, 0) / 60.0, 1) AS counselling_hours,
                       (SELECT count(*) FROM kim_case_goal g WHERE g.case_id = c.id)
                           AS goal_count,
                       (SELECT count(*) FROM kim_case_goal g
                         WHERE g.case_id = c.id AND g.outcome = 'reached') AS goals_reached,
                       (SELECT min(g.date_agreed) FROM kim_case_goal g WHERE g.case_id = c.id)
                           - c.date_open AS days_to_first_goal
                  FROM kim_case c
                  JOIN res_partner p ON p.id = c.partner_id
            )""",
                view=SQL.identifier(self._table),
                age_band=_age_band_sql(SQL("p.kim_birthdate"), SQL("c.date_open")),
            )
        )
