from odoo import api, fields, models


class SurveySurvey(models.Model):
    _inherit = "survey.survey"

    kim_conference_id = fields.Many2one(
        "kim.conference", "Case conference", index="btree_not_null", ondelete="set null"
    )
    kim_template = fields.Boolean(
        "KIM evaluation template", help="Copied for each case conference."
    )


class SurveyUserInput(models.Model):
    """Answers to the evaluation of a case conference are anonymous: whoever answers, the
    answer keeps no contact, e-mail address or nickname."""

    _inherit = "survey.user_input"

    kim_conference_id = fields.Many2one(
        "kim.conference",
        "Case conference",
        compute="_compute_kim_conference_id",
        store=True,
        index="btree_not_null",
    )

    @api.depends("survey_id.kim_conference_id")
    def _compute_kim_conference_id(self):
        for answer in self:
            answer.kim_conference_id = answer.survey_id.kim_conference_id

    @api.model_create_multi
    def create(self, vals_list):
        surveys = (
            self.env["survey.survey"]
            .sudo()
            .browse([vals.get("survey_id") for vals in vals_list if vals.get("survey_id")])
        )
        anonymous = set(surveys.filtered(lambda s: s.kim_conference_id or s.kim_template).ids)
        for vals in vals_list:
            if vals.get("survey_id") in anonymous:
                vals.update(partner_id=False, email=False, nickname=False)
        return super().create(vals_list)


class SurveyUserInputLine(models.Model):
    _inherit = "survey.user_input.line"

    kim_conference_id = fields.Many2one(
        "kim.conference",
        "Case conference",
        compute="_compute_kim_conference",
        store=True,
        index="btree_not_null",
    )
    kim_conference_date = fields.Datetime(
        "Conference on", compute="_compute_kim_conference", store=True
    )
    kim_score = fields.Float(
        "Average answer",
        compute="_compute_kim_score",
        store=True,
        aggregator="avg",
        help="1 = does not apply, 5 = fully applies.",
    )

    @api.depends("user_input_id.kim_conference_id.date_start")
    def _compute_kim_conference(self):
        for line in self:
            conference = line.user_input_id.kim_conference_id
            line.kim_conference_id = conference
            line.kim_conference_date = conference.date_start

    @api.depends("value_scale", "answer_type")
    def _compute_kim_score(self):
        for line in self:
            line.kim_score = line.value_scale if line.answer_type == "scale" else 0.0
