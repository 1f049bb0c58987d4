from odoo import api, fields, models

NEED_LEVELS = [
    ("0", "No need"),
    ("1", "Low need"),
    ("2", "Considerable need"),
    ("3", "High need"),
]
SCALE = [("1", "1 – very poor"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5 – very good")]


class KimCaseAssessment(models.Model):
    """An assessment of one life domain on one day; later ones are re-assessments, and the
    history shows the progress (003 §4.1.2, §4.1.6)."""

    _name = "kim.case.assessment"
    _inherit = ["kim.case.work.mixin"]
    _description = "Assessment"
    _order = "case_id, life_domain_id, date, id"

    case_id = fields.Many2one("kim.case", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    life_domain_id = fields.Many2one("kim.life.domain", required=True, index=True)
    need_level = fields.Selection(NEED_LEVELS, "Need", required=True)
    resources = fields.Text()
    self_rating = fields.Selection(SCALE, "Client's self-assessment")
    manager_rating = fields.Selection(SCALE, "Case manager's assessment")
    is_reassessment = fields.Boolean("Re-assessment", compute="_compute_history", store=True)
    trend = fields.Selection(
        [("better", "Less need"), ("same", "Unchanged"), ("worse", "More need")],
        compute="_compute_history",
        store=True,
    )

    @api.depends("case_id", "life_domain_id", "date", "need_level")
    def _compute_history(self):
        history = self.search([("case_id", "in", self.case_id.ids)], order="date, id") | self
        by_domain = {}
        for assessment in history.sorted(lambda a: (a.date or fields.Date.today(), a.id or 0)):
            by_domain.setdefault((assessment.case_id.id, assessment.life_domain_id.id), []).append(
                assessment
            )
        for assessment in self:
            series = by_domain.get((assessment.case_id.id, assessment.life_domain_id.id), [])
            earlier = series[: series.index(assessment)] if assessment in series else []
            assessment.is_reassessment = bool(earlier)
            if not earlier:
                assessment.trend = False
                continue
            before, now = int(earlier[-1].need_level), int(assessment.need_level)
            assessment.trend = "better" if now < before else "worse" if now > before else "same"
