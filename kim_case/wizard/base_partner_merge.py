from odoo import models
from odoo.exceptions import UserError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        """Clients are not merged: the platform's merge moves every reference to the merged
        contacts by SQL and deletes them as superuser, past the record rules, the audit log
        and the rules of who a client is (a client filed under an organisation, one
        person's case history moved onto another). The intake finds a person filed twice
        before they are filed again."""
        partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
        if not self.env.su and partners.filtered("kim_is_client"):
            raise UserError(
                self.env._(
                    "Clients are not merged with other contacts: their cases, consents and "
                    "records would move past the checks that protect them."
                )
            )
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)
