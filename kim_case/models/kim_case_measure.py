from odoo import fields, models


class KimCaseMeasure(models.Model):
    """A measure of the help plan: who does what by when (003 §4.1.4)."""

    _name = "kim.case.measure"
    _inherit = ["kim.case.work.mixin"]
    _description = "Help plan measure"
    _order = "date_due, id"

    goal_id = fields.Many2one("kim.case.goal", required=True, index=True, ondelete="cascade")
    case_id = fields.Many2one(related="goal_id.case_id", store=True, index=True, string="Case")
    company_id = fields.Many2one(related="goal_id.case_id.company_id", store=True, index=True)
    name = fields.Char("What", required=True)
    responsible = fields.Selection(
        [
            ("client", "Client"),
            ("case_manager", "Case manager"),
            ("provider", "Service provider"),
            ("other", "Other"),
        ],
        "Who",
        required=True,
        default="client",
    )
    provider_name = fields.Char(
        "Service provider", help="Free text until the network addon links the actor."
    )
    agency = fields.Selection(
        [
            ("jobcenter", "Jobcenter"),
            ("youth_office", "Youth welfare office (Jugendamt)"),
            ("employment_agency", "Employment agency"),
            ("other", "Other institution"),
        ],
        "Measure of",
        help="The institution whose measure this is (seed 000: measures of the youth welfare "
        "office and the Jobcenter are counted).",
    )
    date_due = fields.Date("By when")
    done = fields.Boolean()
