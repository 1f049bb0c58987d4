from odoo import api, fields, models
from odoo.exceptions import ValidationError

PURPOSES = [
    ("preparation", "Preparation talk for the case conference"),
    ("follow_up", "Follow-up talk after the case conference"),
]


class KimCaseContact(models.Model):
    """The preparation talk before and the follow-up talk after a case conference are
    counselling contacts of the case (Anlage 9.2.6: Vor- und Nachbereitung)."""

    _inherit = "kim.case.contact"

    conference_request_id = fields.Many2one(
        "kim.conference.request",
        "Case conference",
        index="btree_not_null",
        ondelete="set null",
        domain="[('case_id', '=', case_id)]",
        kim_kept=True,
    )
    conference_purpose = fields.Selection(PURPOSES, "Talk", kim_kept=True)

    @api.constrains("conference_request_id", "case_id")
    def _check_conference_request(self):
        for contact in self.sudo().filtered("conference_request_id"):
            if contact.conference_request_id.case_id != contact.case_id:
                raise ValidationError(
                    self.env._("A talk about a case conference belongs to the case it discussed.")
                )
