from odoo import api, fields, models

from .kim_conference_request import CASE_ROLES


class KimCase(models.Model):
    _inherit = "kim.case"

    conference_request_ids = fields.One2many(
        "kim.conference.request", "case_id", "Case conferences", groups=CASE_ROLES
    )
    # Stored: the case form shows it without counting the requests.
    conference_request_count = fields.Integer(
        "Number of case conferences",
        compute="_compute_conference_request_count",
        store=True,
        groups=CASE_ROLES,
    )

    @api.depends("conference_request_ids")
    def _compute_conference_request_count(self):
        counts = dict(
            self.env["kim.conference.request"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count"]
            )
        )
        for case in self:
            case.conference_request_count = counts.get(case._origin, 0)

    def action_kim_conference_requests(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Case conferences of %s", self.name),
            "res_model": "kim.conference.request",
            "view_mode": "list,kanban,form",
            # A phone opens the cards.
            "mobile_view_mode": "kanban",
            "domain": [("case_id", "=", self.id)],
            "context": {"default_case_id": self.id},
        }

    def action_kim_vignette(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Derive an anonymised vignette"),
            "res_model": "kim.vignette.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def _kim_vignette_actors(self):
        """The institutions involved in the case so far: those it was referred to or came
        from."""
        self.ensure_one()
        actors = self.referring_partner_id.filtered("kim_actor")
        if "referral_ids" in self._fields:
            actors |= self.referral_ids.institution_id
        return actors
