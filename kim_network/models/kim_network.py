from odoo import api, fields, models
from odoo.exceptions import ValidationError

KINDS = [
    ("network", "Network"),
    ("working_group", "Working group"),
    ("steering", "Steering group"),
    ("conference", "Conference"),
    ("jour_fixe", "Jour fixe"),
]
CADENCES = [
    ("weekly", "Weekly"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("yearly", "Yearly"),
    ("as_needed", "As needed"),
]
ROLES = [
    ("coordination", "KIM coordination"),
    ("ki_lead", "Head of the KI"),
    ("cm_speaker", "CM spokesperson"),
    ("one_cm", "One case manager"),
    ("kim_all", "All of KIM"),
    ("member", "Member"),
]


class KimNetwork(models.Model):
    """A network, working group, steering group or Jour fixe KIM takes part in (seed 002
    §6.2, seed 003 §5): who organises it, what for, who of KIM takes part in which role,
    how often it meets, its meetings with their minutes, and the cooperation agreements
    made in it."""

    _name = "kim.network"
    _description = "Network or working group"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "municipality_id, name, id"

    name = fields.Char(required=True, tracking=True)
    kind = fields.Selection(KINDS, required=True, default="network", tracking=True)
    municipality_id = fields.Many2one(
        "kim.municipality", required=True, index=True, tracking=True, ondelete="restrict"
    )
    organiser = fields.Char("Organised by", help="The organisation or office that runs it.")
    organiser_id = fields.Many2one(
        "res.partner", "Organising actor", domain=[("kim_actor", "=", True)], index=True
    )
    goal = fields.Text()
    cadence = fields.Selection(CADENCES, tracking=True)
    member_ids = fields.One2many("kim.network.member", "network_id", "KIM participation")
    participation = fields.Char("KIM takes part as", compute="_compute_participation")
    meeting_ids = fields.One2many("calendar.event", "kim_network_id", "Meetings")
    meeting_count = fields.Integer(compute="_compute_meeting_count")
    next_meeting = fields.Datetime(compute="_compute_meeting_count")
    agreement_ids = fields.One2many("kim.cooperation.agreement", "network_id", "Agreements")
    note = fields.Html()
    active = fields.Boolean(default=True)

    @api.depends("member_ids.role", "member_ids.user_id", "member_ids.partner_id")
    def _compute_participation(self):
        labels = dict(
            self.env["kim.network.member"]._fields["role"]._description_selection(self.env)
        )
        for network in self:
            roles = []
            for member in network.member_ids:
                label = labels.get(member.role, "")
                who = member.user_id.name or member.partner_id.name
                roles.append(f"{label}: {who}" if who else label)
            network.participation = ", ".join(roles)

    @api.depends("meeting_ids.start")
    def _compute_meeting_count(self):
        now = fields.Datetime.now()
        for network in self:
            network.meeting_count = len(network.meeting_ids)
            upcoming = network.meeting_ids.filtered(lambda event: event.start >= now)
            network.next_meeting = min(upcoming.mapped("start"), default=False)

    def action_plan_meeting(self):
        """A new meeting of the network in the calendar, its participants invited."""
        self.ensure_one()
        partners = self.member_ids.user_id.partner_id | self.member_ids.partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_kim_network_id": self.id,
                "default_name": self.name,
                "default_partner_ids": partners.ids,
            },
        }

    def action_meetings(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Meetings of %s", self.name),
            "res_model": "calendar.event",
            "view_mode": "list,calendar,form",
            "domain": [("kim_network_id", "=", self.id)],
            "context": {"default_kim_network_id": self.id, "default_name": self.name},
        }


class KimNetworkMember(models.Model):
    """Who of KIM takes part in a network, in which role: a role alone (as the concept
    names it), a named KIM user, or an external contact person."""

    _name = "kim.network.member"
    _description = "Participation in a network"
    _order = "network_id, sequence, id"

    network_id = fields.Many2one("kim.network", required=True, index=True, ondelete="cascade")
    municipality_id = fields.Many2one(related="network_id.municipality_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    role = fields.Selection(ROLES, required=True, default="member")
    user_id = fields.Many2one("res.users", "KIM staff", domain=[("share", "=", False)])
    partner_id = fields.Many2one(
        "res.partner",
        "External contact",
        domain=[("is_company", "=", False), ("kim_is_client", "=", False)],
    )

    @api.constrains("partner_id")
    def _check_partner(self):
        # Every KIM user reads the networks: a client must never stand in one.
        for member in self:
            if member.partner_id.sudo().kim_is_client:
                raise ValidationError(
                    self.env._(
                        "Clients are not members of networks; name a contact person of a "
                        "network partner."
                    )
                )


class KimCooperationAgreement(models.Model):
    """A cooperation agreement (Kooperationsvereinbarung, seed 003 §6) between KIM and a
    partner: what it settles, since when and until when, and the signed document."""

    _name = "kim.cooperation.agreement"
    _description = "Cooperation agreement"
    _order = "date_signed desc, id desc"

    name = fields.Char("Subject", required=True)
    network_id = fields.Many2one("kim.network", index=True, ondelete="cascade")
    municipality_id = fields.Many2one(
        "kim.municipality", required=True, index=True, ondelete="restrict"
    )
    partner_id = fields.Many2one(
        "res.partner", required=True, domain=[("kim_actor", "=", True)], index=True
    )
    date_signed = fields.Date("Signed on")
    date_end = fields.Date("Valid until")
    document = fields.Binary(attachment=True, copy=False)
    document_name = fields.Char()
    note = fields.Text("Settles")

    @api.onchange("network_id")
    def _onchange_network_id(self):
        if self.network_id:
            self.municipality_id = self.network_id.municipality_id
