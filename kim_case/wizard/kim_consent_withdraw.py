from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import consent as rules


class KimConsentWithdraw(models.TransientModel):
    """Records the client's withdrawal of a declaration, with the day it was received."""

    _name = "kim.consent.withdraw"
    _description = "Withdraw a consent or waiver"

    consent_id = fields.Many2one("kim.consent", required=True, ondelete="cascade")
    kind = fields.Selection(related="consent_id.kind", compute_sudo=False)
    date_signed = fields.Date(related="consent_id.date_signed", compute_sudo=False)
    date_withdrawn = fields.Date("Withdrawn on", required=True, default=fields.Date.context_today)
    confirm_anonymise = fields.Boolean(
        "I understand that the client's personal data are anonymised now",
        help="Withdrawing the consent to data processing removes the client's personal data "
        "from every case at once. This cannot be undone.",
    )

    @api.constrains("date_withdrawn")
    def _check_date_withdrawn(self):
        today = fields.Date.context_today(self)
        for wizard in self:
            problems = rules.date_problems(
                wizard.date_signed, wizard.date_withdrawn, None, rules.WITHDRAWN, today
            )
            if problems:
                raise ValidationError(wizard.consent_id._date_messages()[problems[0]])

    def action_withdraw(self):
        self.ensure_one()
        if self.kind == rules.PROCESSING and not self.confirm_anonymise:
            raise ValidationError(
                self.env._(
                    "Confirm that the client's personal data are anonymised with the withdrawal."
                )
            )
        self.consent_id._withdraw(self.date_withdrawn)
        return {"type": "ir.actions.act_window_close"}
