from odoo import fields, models

from ..rules import stages

REQUIREMENT_SELECTION = [
    (stages.NONE, "No minimum result"),
    (stages.CONCLUSION, "Conclusion of the eligibility checklist"),
    (stages.ASSESSMENT, "An assessment"),
    (stages.GOAL, "An agreed goal"),
    (stages.MEASURE, "A measure of the help plan"),
    (stages.REVIEW, "A reviewed goal"),
    (stages.EVALUATION, "The closing evaluation"),
]


class KimCaseStageSet(models.Model):
    """A process model: the ordered stages a municipality's cases go through."""

    _name = "kim.case.stage.set"
    _inherit = ["kim.name.cache.mixin"]
    _description = "Process model"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    stage_ids = fields.One2many("kim.case.stage", "stage_set_id", "Stages")
    note = fields.Text("Source", translate=True)


class KimCaseStage(models.Model):
    _name = "kim.case.stage"
    _inherit = ["kim.name.cache.mixin"]
    _description = "Process stage"
    _order = "stage_set_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    stage_set_id = fields.Many2one(
        "kim.case.stage.set", "Process model", required=True, index=True, ondelete="cascade"
    )
    factors = fields.Html(translate=True, help="What to watch for in this stage (guidance).")
    results = fields.Html(translate=True, help="What this stage aims to achieve.")
    exit_requirement = fields.Selection(
        REQUIREMENT_SELECTION,
        "Minimum result",
        required=True,
        default=stages.NONE,
        help="A case leaves this stage for a later one only with this result.",
    )
    is_closing = fields.Boolean(
        "Closing stage", help="Cases are closed in this stage, after their evaluation."
    )
    fold = fields.Boolean("Folded in kanban")
