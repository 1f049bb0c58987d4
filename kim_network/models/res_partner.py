from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The network is KIM's: users of other apps see nothing of it (as kim_case's fields).
NETWORK_GROUPS = (
    "kim_case.group_kim_case_manager,kim_case.group_kim_coordinator,"
    "kim_case.group_kim_traeger_admin,base.group_system"
)
ACTOR_KINDS = [
    ("authority", "Authority"),
    ("welfare", "Independent provider / welfare association"),
    ("education", "Education provider"),
    ("association", "Association / volunteers"),
    ("project", "Project"),
    ("self_organisation", "Migrant self-organisation"),
]


class ResPartner(models.Model):
    """Organisations and authorities of the local network (Akteure, seed 003 §6, seed 002
    §6.1) are companies flagged as KIM actors; their contact persons are child contacts."""

    _inherit = "res.partner"

    kim_actor = fields.Boolean(
        "KIM network actor", index=True, groups=NETWORK_GROUPS, kim_kept=True
    )
    kim_actor_kind = fields.Selection(
        ACTOR_KINDS, "Kind of actor", groups=NETWORK_GROUPS, kim_kept=True
    )
    kim_abbreviation = fields.Char(
        "Abbreviation",
        index="trigram",
        groups=NETWORK_GROUPS,
        help="As the local concept writes it: AWO, CV, DW, RT …",
    )
    kim_service_ids = fields.One2many("kim.service", "actor_id", "Services", groups=NETWORK_GROUPS)
    kim_service_count = fields.Integer(
        "Number of services", compute="_compute_kim_service_count", groups=NETWORK_GROUPS
    )

    @api.depends("kim_service_ids")
    def _compute_kim_service_count(self):
        counts = dict(
            self.env["kim.service"]._read_group(
                [("actor_id", "in", self.ids)], ["actor_id"], ["__count"]
            )
        )
        for partner in self:
            partner.kim_service_count = counts.get(partner, 0)

    @api.constrains("kim_actor", "kim_is_client")
    def _check_kim_actor_is_no_client(self):
        # Every KIM user reads the actors, and the services, networks and referrals that
        # name them: a client is never one (as kim.network.member._check_partner keeps
        # clients out of the networks).
        for partner in self.sudo():
            if partner.kim_actor and partner.kim_is_client:
                raise ValidationError(
                    self.env._(
                        "%s is a client and is not listed as a network actor, whom every KIM "
                        "user sees.",
                        partner.name,
                    )
                )

    def action_kim_services(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kim_network.kim_service_action")
        action["domain"] = [("actor_id", "=", self.id)]
        action["context"] = {"default_actor_id": self.id, "active_test": False}
        return action
