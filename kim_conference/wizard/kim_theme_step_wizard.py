from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import clean_context

from ..rules import themes as rules


class KimThemeStepWizard(models.TransientModel):
    """Bundles themes into a cluster, or puts them on the agenda of a Lenkungskreis."""

    _name = "kim.theme.step.wizard"
    _description = "Move generative themes on"

    mode = fields.Selection([("bundle", "Bundle"), ("steering", "Lenkungskreis")], required=True)
    theme_ids = fields.Many2many("kim.generative.theme", string="Themes", required=True)
    cluster_id = fields.Many2one("kim.generative.theme.cluster", "Existing cluster")
    cluster_name = fields.Char("New cluster")
    cluster_municipality_id = fields.Many2one(
        "kim.municipality",
        "District or town of the new cluster",
        default=lambda self: self.env.user.kim_municipality_ids[:1],
    )
    event_id = fields.Many2one(
        "calendar.event",
        "Lenkungskreis meeting",
        domain=[("kim_meeting_kind", "=", "lenkungskreis")],
    )
    decision = fields.Text()

    def action_apply(self):
        self.ensure_one()
        themes = self.theme_ids
        if self.decision:
            themes.write({"decision": self.decision})
        if self.mode == "bundle":
            cluster = self.cluster_id
            if not cluster:
                if not (self.cluster_name or "").strip() or not self.cluster_municipality_id:
                    raise UserError(
                        self.env._("Choose a cluster, or name a new one and its district or town.")
                    )
                # The wizard's context names its themes as defaults: not the cluster's.
                Cluster = self.env["kim.generative.theme.cluster"].with_context(
                    clean_context(self.env.context)
                )
                cluster = Cluster.create(
                    {
                        "name": self.cluster_name,
                        "municipality_id": self.cluster_municipality_id.id,
                        "life_domain_id": themes[:1].life_domain_id.id,
                    }
                )
            for theme in themes:
                cluster._kim_check_theme(theme)
            themes._kim_move(rules.BUNDLED, cluster_id=cluster.id)
            return {
                "type": "ir.actions.act_window",
                "res_model": "kim.generative.theme.cluster",
                "res_id": cluster.id,
                "view_mode": "form",
            }
        if not self.event_id:
            raise UserError(self.env._("Choose the Lenkungskreis meeting."))
        themes._kim_move(rules.STEERING, steering_event_id=self.event_id.id)
        return True
