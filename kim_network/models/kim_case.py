from odoo import api, fields, models


class KimCase(models.Model):
    _inherit = "kim.case"

    referral_ids = fields.One2many("kim.referral", "case_id", "Referrals")

    def action_kim_routing(self):
        """Who is responsible for the client, and why: the routing of the local network."""
        self.ensure_one()
        wizard = self.env["kim.routing.wizard"].create({"case_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Who is responsible?"),
            "res_model": "kim.routing.wizard",
            "res_id": wizard.id,
            "view_mode": "form",
            "target": "new",
            "context": {"dialog_size": "extra-large"},
        }

    def action_kim_referrals(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kim_network.kim_referral_action")
        action["domain"] = [("case_id", "=", self.id)]
        action["context"] = {"default_case_id": self.id, "default_direction": "outgoing"}
        return action

    @api.model
    def _cron_retention(self):
        done = super()._cron_retention()
        self.env["kim.referral"]._kim_purge_unopened()
        return done
