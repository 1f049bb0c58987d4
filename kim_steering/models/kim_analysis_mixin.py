from odoo import fields, models, tools
from odoo.tools import SQL

from .kim_case_analysis import _age_band_sql, _case_selection, _partner_selection, selection_of


class KimCaseLinkedAnalysis(models.AbstractModel):
    """What every analysis of records hanging on a case shares: the case's provider,
    case manager, municipality, social area, type, target group and the client's gender
    and age band, never the client. Each view joins ``kim_case c`` and the client
    ``res_partner p``; the record rules are those of the cases (kim_case/rules/
    visibility.py), through ``case_id``."""

    _name = "kim.case.linked.analysis"
    _description = "KIM analysis of what hangs on a case"
    _auto = False

    case_id = fields.Many2one("kim.case", readonly=True)
    company_id = fields.Many2one("res.company", "Provider", readonly=True)
    case_user_id = fields.Many2one("res.users", "Case manager", readonly=True)
    municipality_id = fields.Many2one("kim.municipality", readonly=True)
    social_area_id = fields.Many2one("kim.social.area", "Social area", readonly=True)
    case_type = fields.Selection(_case_selection("case_type"), "Type", readonly=True)
    target_group = fields.Selection(_case_selection("target_group"), "Target group", readonly=True)
    gender = fields.Selection(_partner_selection("kim_gender"), readonly=True)
    age_band = fields.Selection(
        selection_of("kim.case.analysis", "age_band"),
        "Age band at opening",
        readonly=True,
    )

    def _kim_case_columns(self):
        return SQL(
            """c.id AS case_id, c.company_id, c.user_id AS case_user_id, c.municipality_id,
               c.social_area_id, c.case_type, c.target_group, p.kim_gender AS gender,
               %s AS age_band""",
            _age_band_sql(SQL("p.kim_birthdate"), SQL("c.date_open")),
        )

    def _kim_view_query(self):
        """SELECT ... FROM ... JOIN kim_case c ... JOIN res_partner p ..."""
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE VIEW %s AS (%s)", SQL.identifier(self._table), self._kim_view_query())
        )


class KimContactAnalysis(models.Model):
    """One row per counselling contact: when, how long, on which channel, with an
    interpreter or not."""

    _name = "kim.contact.analysis"
    _inherit = ["kim.case.linked.analysis"]
    _description = "KIM contact analysis"
    _auto = False
    _order = "date desc, id desc"

    date = fields.Date(readonly=True)
    hours = fields.Float("Counselling hours", readonly=True, digits=(16, 1))
    channel = fields.Selection(
        selection_of("kim.case.contact", "channel"),
        readonly=True,
    )
    interpreter = fields.Boolean("With interpreter", readonly=True)
    user_id = fields.Many2one("res.users", "Recorded by", readonly=True)
    topic_count = fields.Integer("Topics", readonly=True)

    def _kim_view_query(self):
        return SQL(
            """SELECT k.id, %s, k.date, round(COALESCE(k.duration, 0) / 60.0, 2) AS hours,
                      k.channel, k.interpreter, k.user_id,
                      (SELECT count(*) FROM kim_case_contact_topic_rel r
                        WHERE r.contact_id = k.id) AS topic_count
                 FROM kim_case_contact k
                 JOIN kim_case c ON c.id = k.case_id
                 JOIN res_partner p ON p.id = c.partner_id""",
            self._kim_case_columns(),
        )


class KimTopicAnalysis(models.Model):
    """One row per topic of a counselling contact, with its share of the contact's time:
    which topics come up, how often, with what effort and over time (seed 001, formative
    evaluation)."""

    _name = "kim.topic.analysis"
    _inherit = ["kim.case.linked.analysis"]
    _description = "KIM counselling topic analysis"
    _auto = False
    _order = "date desc"

    contact_id = fields.Many2one("kim.case.contact", readonly=True)
    topic_id = fields.Many2one("kim.topic", readonly=True)
    date = fields.Date(readonly=True)
    hours = fields.Float(
        "Counselling hours (share)",
        readonly=True,
        digits=(16, 2),
        help="The contact's time divided among its topics.",
    )

    def _kim_view_query(self):
        return SQL(
            """SELECT row_number() OVER (ORDER BY r.contact_id, r.topic_id) AS id,
                      r.contact_id, r.topic_id, %s, k.date,
                      round(COALESCE(k.duration, 0) / 60.0 / count(*) OVER (
                          PARTITION BY r.contact_id), 2) AS hours
                 FROM kim_case_contact_topic_rel r
                 JOIN kim_case_contact k ON k.id = r.contact_id
                 JOIN kim_case c ON c.id = k.case_id
                 JOIN res_partner p ON p.id = c.partner_id""",
            self._kim_case_columns(),
        )


class KimGoalAnalysis(models.Model):
    """One row per goal: its life domain and outcome, how long after the opening it was
    agreed and how many of its measures were done (seed 000: which measures are followed
    by goals reached)."""

    _name = "kim.goal.analysis"
    _inherit = ["kim.case.linked.analysis"]
    _description = "KIM goal analysis"
    _auto = False
    _order = "date_agreed desc, id desc"

    life_domain_id = fields.Many2one("kim.life.domain", readonly=True)
    outcome = fields.Selection(
        selection_of("kim.case.goal", "outcome"),
        readonly=True,
    )
    date_agreed = fields.Date("Agreed on", readonly=True)
    days_after_opening = fields.Integer("Days after the opening", readonly=True, aggregator="avg")
    measure_count = fields.Integer("Measures", readonly=True)
    measures_done = fields.Integer("Measures done", readonly=True)

    def _kim_view_query(self):
        return SQL(
            """SELECT g.id, %s, g.life_domain_id, g.outcome, g.date_agreed,
                      g.date_agreed - c.date_open AS days_after_opening,
                      (SELECT count(*) FROM kim_case_measure m WHERE m.goal_id = g.id)
                          AS measure_count,
                      (SELECT count(*) FROM kim_case_measure m
                        WHERE m.goal_id = g.id AND m.done) AS measures_done
                 FROM kim_case_goal g
                 JOIN kim_case c ON c.id = g.case_id
                 JOIN res_partner p ON p.id = c.partner_id""",
            self._kim_case_columns(),
        )


class KimMeasureAnalysis(models.Model):
    """One row per measure with the network service that carried it out and the outcome
    of its goal: which measures and services are followed by goals reached."""

    _name = "kim.measure.analysis"
    _inherit = ["kim.case.linked.analysis"]
    _description = "KIM measure analysis"
    _auto = False
    _order = "date_due desc, id desc"

    service_id = fields.Many2one("kim.service", readonly=True)
    agency = fields.Selection(
        selection_of("kim.case.measure", "agency"),
        "Measure of",
        readonly=True,
    )
    life_domain_id = fields.Many2one("kim.life.domain", readonly=True)
    done = fields.Boolean(readonly=True)
    date_due = fields.Date("Due", readonly=True)
    goal_outcome = fields.Selection(
        selection_of("kim.case.goal", "outcome"),
        "Outcome of the goal",
        readonly=True,
    )

    def _kim_view_query(self):
        return SQL(
            """SELECT m.id, %s, m.service_id, m.agency, g.life_domain_id, m.done, m.date_due,
                      g.outcome AS goal_outcome
                 FROM kim_case_measure m
                 JOIN kim_case c ON c.id = m.case_id
                 JOIN res_partner p ON p.id = c.partner_id
                 LEFT JOIN kim_case_goal g ON g.id = m.goal_id""",
            self._kim_case_columns(),
        )


class KimAssessmentAnalysis(models.Model):
    """One row per assessment of a life domain: the client's self-assessment beside the
    case manager's, and the trend at re-assessment."""

    _name = "kim.assessment.analysis"
    _inherit = ["kim.case.linked.analysis"]
    _description = "KIM assessment analysis"
    _auto = False
    _order = "date desc, id desc"

    life_domain_id = fields.Many2one("kim.life.domain", readonly=True)
    date = fields.Date(readonly=True)
    need_level = fields.Selection(
        selection_of("kim.case.assessment", "need_level"),
        "Need",
        readonly=True,
    )
    self_rating = fields.Selection(
        selection_of("kim.case.assessment", "self_rating"),
        "Client's self-assessment",
        readonly=True,
    )
    manager_rating = fields.Selection(
        selection_of("kim.case.assessment", "manager_rating"),
        "Case manager's assessment",
        readonly=True,
    )
    ratings_agree = fields.Boolean("Self and case manager agree", readonly=True)
    is_reassessment = fields.Boolean("Re-assessment", readonly=True)
    trend = fields.Selection(
        selection_of("kim.case.assessment", "trend"),
        readonly=True,
    )

    def _kim_view_query(self):
        return SQL(
            """SELECT a.id, %s, a.life_domain_id, a.date, a.need_level, a.self_rating,
                      a.manager_rating, a.self_rating = a.manager_rating AS ratings_agree,
                      a.is_reassessment, a.trend
                 FROM kim_case_assessment a
                 JOIN kim_case c ON c.id = a.case_id
                 JOIN res_partner p ON p.id = c.partner_id""",
            self._kim_case_columns(),
        )
