from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..trust import is_trusted, trusted

CASE_MANAGER = "kim_case.group_kim_case_manager"
COORDINATOR = "kim_case.group_kim_coordinator"
STATES = [
    ("requested", "Requested"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("cancelled", "Cancelled"),
]
# What the requesting side chooses; everything else of a request is set by the server.
REQUEST_FIELDS = frozenset({"case_id", "to_user_id", "to_company_id", "reason"})


def _case_selection(field_name):
    """The labels of a case's selection field, translated as the case translates them."""

    def selection(records):
        return records.env["kim.case"]._fields[field_name]._description_selection(records.env)

    return selection


def _may_read(record, user):
    """Whether ``user`` may read ``record`` in any of their companies."""
    return record.with_context(allowed_company_ids=[]).with_user(user).has_access("read")


class KimCaseTransfer(models.Model):
    """The change of a case to another provider (Träger): requested by the case manager or
    a coordinator of the municipality, accepted or declined by the receiving case manager.

    Until it is accepted, the receiving side sees only what it needs to decide: the case
    reference, case type and target group, the reason and the requesting provider; never
    the case. Accepting moves the case, with everything that hangs on it, to the receiving
    provider and case manager. Every step writes its entry in the case's audit log. The
    consent to data processing names all providers of the municipality jointly, so the
    data may follow the case."""

    _name = "kim.case.transfer"
    _description = "Transfer of a case to another provider"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_requested desc, id desc"

    # The request ---------------------------------------------------------------------------
    case_id = fields.Many2one(
        "kim.case", required=True, index=True, ondelete="cascade", tracking=True
    )
    to_user_id = fields.Many2one(
        "res.users",
        "Receiving case manager",
        required=True,
        index=True,
        tracking=True,
        domain="[('id', 'in', allowed_user_ids)]",
        help="A case manager of a provider that serves the case's municipality, who has "
        "agreed to take the case over.",
    )
    to_company_id = fields.Many2one(
        "res.company",
        "Receiving provider",
        compute="_compute_to_company_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        index=True,
        tracking=True,
    )
    reason = fields.Text(required=True, help="Why the case should change its provider.")
    allowed_user_ids = fields.Many2many(
        "res.users",
        compute="_compute_allowed_user_ids",
        string="Possible receiving case managers",
    )

    # What the receiving side sees of the case, fixed when the request is made -----------------
    case_ref = fields.Char(
        "Case reference",
        compute="_compute_case_facts",
        store=True,
        precompute=True,
        compute_sudo=False,
    )
    case_type = fields.Selection(
        _case_selection("case_type"),
        "Type",
        compute="_compute_case_facts",
        store=True,
        precompute=True,
        compute_sudo=False,
    )
    target_group = fields.Selection(
        _case_selection("target_group"),
        compute="_compute_case_facts",
        store=True,
        precompute=True,
        compute_sudo=False,
    )
    municipality_id = fields.Many2one(
        "kim.municipality",
        compute="_compute_case_facts",
        store=True,
        precompute=True,
        compute_sudo=False,
        index=True,
    )
    from_company_id = fields.Many2one(
        "res.company",
        "Requesting provider",
        compute="_compute_case_facts",
        store=True,
        precompute=True,
        compute_sudo=False,
        index=True,
    )
    from_user_id = fields.Many2one(
        "res.users",
        "Handing case manager",
        compute="_compute_case_facts",
        store=True,
        precompute=True,
        compute_sudo=False,
        index=True,
    )

    # Workflow: set by the actions only --------------------------------------------------------
    state = fields.Selection(
        STATES, required=True, default="requested", readonly=True, index=True, tracking=True
    )
    requested_by_id = fields.Many2one(
        "res.users", "Requested by", required=True, readonly=True, default=lambda s: s.env.user
    )
    date_requested = fields.Datetime(
        "Requested on", required=True, readonly=True, default=fields.Datetime.now
    )
    decided_by_id = fields.Many2one("res.users", "Decided by", readonly=True, tracking=True)
    date_decided = fields.Datetime("Decided on", readonly=True)
    decline_reason = fields.Text(
        "Reason for declining", help="Entered by the receiving case manager when declining."
    )

    # What the current user may do ---------------------------------------------------------------
    can_decide = fields.Boolean(compute="_compute_user_rights")
    can_cancel = fields.Boolean(compute="_compute_user_rights")
    can_open_case = fields.Boolean(compute="_compute_user_rights")

    _one_open_request_per_case = models.UniqueIndex(
        "(case_id) WHERE state = 'requested'",
        "The case already has an open transfer request.",
    )
    _declined_with_reason = models.Constraint(
        "CHECK (state <> 'declined' OR decline_reason IS NOT NULL)",
        "A declined transfer states why.",
    )

    # Computes ------------------------------------------------------------------------------------

    @api.depends("case_id")
    def _compute_case_facts(self):
        # Computed as the requesting user, who must be able to read the case; fixed once
        # the request exists (the case cannot change on a request), so that later changes
        # of the case do not reach the receiving side through the request.
        for transfer in self:
            case = transfer.case_id
            transfer.case_ref = case.name
            transfer.case_type = case.case_type
            transfer.target_group = case.target_group
            transfer.municipality_id = case.municipality_id
            transfer.from_company_id = case.company_id
            transfer.from_user_id = case.user_id

    @api.depends("municipality_id", "from_company_id")
    def _compute_allowed_user_ids(self):
        found = {}
        for transfer in self:
            key = (transfer.municipality_id.id, transfer.from_company_id.id)
            if key not in found:
                providers = transfer._receiving_providers()
                found[key] = (
                    self.env["res.users"]
                    .sudo()
                    .search(
                        [
                            ("share", "=", False),
                            ("all_group_ids", "in", self.env.ref(CASE_MANAGER).ids),
                            ("company_ids", "in", providers.ids),
                        ]
                    )
                )
            transfer.allowed_user_ids = found[key]

    @api.depends("to_user_id", "municipality_id", "from_company_id")
    def _compute_to_company_id(self):
        for transfer in self:
            user = transfer.to_user_id.sudo()
            if transfer.to_company_id and transfer.to_company_id in user.company_ids:
                continue
            providers = transfer._receiving_providers() & user.company_ids
            # Without a provider of the municipality, the user's own company is proposed
            # and refused by the check of the receiving side, which says why.
            transfer.to_company_id = (
                user.company_id if user.company_id in providers else providers[:1]
            ) or user.company_id

    @api.depends("state", "to_user_id", "requested_by_id", "from_user_id", "case_id")
    @api.depends_context("uid")
    def _compute_user_rights(self):
        readable = self.case_id._filtered_access("read")
        for transfer in self:
            transfer.can_decide = transfer._kim_is_receiver()
            transfer.can_cancel = transfer._kim_is_requesting_side()
            transfer.can_open_case = bool(transfer.case_id) and transfer.case_id in readable

    @api.depends("case_ref")
    def _compute_display_name(self):
        for transfer in self:
            transfer.display_name = self.env._("Transfer of %s", transfer.case_ref or "")

    # Who may do what -----------------------------------------------------------------------------

    def _receiving_providers(self):
        """The providers that serve the municipality of the case (a provider of a district
        serves its towns), other than the requesting one."""
        self.ensure_one()
        if not self.municipality_id:
            return self.env["res.company"]
        return (
            self.env["res.company"]
            .sudo()
            .search(
                [
                    ("kim_municipality_ids", "parent_of", self.municipality_id.id),
                    ("id", "!=", self.from_company_id.id),
                ]
            )
        )

    def _kim_is_receiver(self):
        self.ensure_one()
        return self.state == "requested" and self.to_user_id == self.env.user

    def _kim_is_coordinator_of(self, municipality):
        user = self.env.user
        if not municipality or not user.has_group(COORDINATOR):
            return False
        ancestors = {int(part) for part in municipality.sudo().parent_path.split("/") if part}
        return bool(ancestors & set(user.kim_municipality_ids.ids))

    def _kim_is_requesting_side(self):
        self.ensure_one()
        user = self.env.user
        return self.state == "requested" and (
            user in (self.requested_by_id | self.from_user_id | self.case_id.sudo().user_id)
            or self._kim_is_coordinator_of(self.municipality_id)
        )

    @api.model
    def _kim_check_request(self, case):
        """Refuses a request for ``case`` (a record or an id) that the current user may not
        make, or for a case that cannot be transferred; returns the case."""
        case_id = case.id if isinstance(case, models.BaseModel) else case
        # A foreign case and a missing one answer alike, so that ids cannot be probed.
        found = self.env["kim.case"].search([("id", "=", case_id or 0)])
        user = self.env.user
        if not found or not (
            found.user_id == user or self._kim_is_coordinator_of(found.municipality_id)
        ):
            raise AccessError(
                self.env._(
                    "Only the case manager of a case or a coordinator of its municipality "
                    "can request its transfer."
                )
            )
        if found.state != "open" or found.is_anonymised:
            raise UserError(
                self.env._("Case %s is not open; only an open case can be transferred.", found.name)
            )
        if not found.consent_given:
            raise UserError(
                self.env._(
                    "Case %s can be transferred only with the client's consent to data "
                    "processing. Record the signed declaration first.",
                    found.name,
                )
            )
        if self.sudo().search_count([("case_id", "=", found.id), ("state", "=", "requested")]):
            raise UserError(
                self.env._(
                    "Case %s already has an open transfer request. Cancel it before making "
                    "a new one.",
                    found.name,
                )
            )
        return found

    @api.constrains("to_user_id", "to_company_id")
    def _check_receiving_side(self):
        case_managers = self.env.ref(CASE_MANAGER)
        for transfer in self:
            user = transfer.to_user_id.sudo()
            company = transfer.to_company_id
            if company == transfer.from_company_id:
                raise ValidationError(
                    self.env._(
                        "A transfer goes to another provider. Within your own provider, "
                        "change the case manager on the case."
                    )
                )
            if company not in transfer._receiving_providers():
                raise ValidationError(
                    self.env._(
                        "%(provider)s does not offer KIM case management in %(municipality)s; "
                        "the case can only go to a provider of its municipality.",
                        provider=company.sudo().name,
                        municipality=transfer.municipality_id.display_name,
                    )
                )
            if (
                not user.active
                or user.share
                or case_managers not in user.all_group_ids
                or company not in user.company_ids
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a case manager of %(provider)s.",
                        user=user.name,
                        provider=company.sudo().name,
                    )
                )

    # Create and write: the request is the creation, the rest are actions -------------------------

    @api.model
    def _kim_clean_context(self):
        """Callers choose what they request, not the defaults of workflow fields."""
        return {
            key: value
            for key, value in self.env.context.items()
            if not (key.startswith("default_") and key[len("default_") :] not in REQUEST_FIELDS)
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not is_trusted(self, "kim_workflow"):
            for vals in vals_list:
                forbidden = set(vals) - REQUEST_FIELDS
                if forbidden:
                    raise AccessError(
                        self.env._(
                            "A transfer request names the case, the receiving case manager "
                            "and the reason; the rest is set by its actions, not directly: %s.",
                            ", ".join(sorted(forbidden)),
                        )
                    )
            requesting = self.with_env(self.env(context=self._kim_clean_context()))
        else:
            requesting = self
        for vals in vals_list:
            case_id = vals.get("case_id", requesting.env.context.get("default_case_id"))
            vals["case_id"] = requesting._kim_check_request(case_id).id
        transfers = super(KimCaseTransfer, requesting).create(vals_list)
        transfers._kim_after_request()
        return transfers

    def write(self, vals):
        if not is_trusted(self, "kim_workflow"):
            self._kim_check_direct_write(vals)
        return super().write(vals)

    def _kim_check_direct_write(self, vals):
        """Only the receiving case manager's reason for declining is written directly,
        while the request is open; everything else by the actions. (The chatter posts and
        subscribes through its own methods, never through a write.)"""
        forbidden = set(vals) - {"decline_reason"}
        if forbidden:
            raise AccessError(
                self.env._(
                    "A transfer changes only through its actions (accept, decline, cancel), "
                    "not directly: %s.",
                    ", ".join(sorted(forbidden)),
                )
            )
        if "decline_reason" in vals and not all(t._kim_is_receiver() for t in self):
            raise AccessError(
                self.env._(
                    "Only the receiving case manager gives the reason for declining, while "
                    "the request is open."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("A transfer request stays on record; cancel an open request instead.")
        )

    def _kim_after_request(self):
        for transfer in self:
            case = transfer.case_id
            transfer.message_subscribe(
                partner_ids=(
                    transfer.requested_by_id | transfer.from_user_id | transfer.to_user_id
                ).partner_id.ids
            )
            receiver = transfer.to_user_id
            in_their_lang = self.with_context(lang=receiver.lang or self.env.lang)
            transfer.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=receiver.id,
                summary=in_their_lang.env._("Decide on the transfer of %s", transfer.case_ref),
                note=Markup("<p>%s</p>")
                % in_their_lang.env._(
                    "%(provider)s asks you to take over case %(case)s. Accept or decline "
                    "the request.",
                    provider=transfer.from_company_id.sudo().name,
                    case=transfer.case_ref,
                ),
            )
            case._kim_audit("transfer", transfer._kim_audit_detail("requested"))

    def _kim_audit_detail(self, step):
        self.ensure_one()
        return self.env._(
            "%(step)s: %(handing)s (%(handing_user)s) → %(receiving)s (%(receiving_user)s)",
            step=dict(self._fields["state"]._description_selection(self.env))[step],
            handing=self.from_company_id.sudo().name,
            handing_user=self.from_user_id.sudo().name,
            receiving=self.to_company_id.sudo().name,
            receiving_user=self.to_user_id.sudo().name,
        )

    def _kim_set_state(self, state, **values):
        trusted(self.sudo(), "kim_workflow").write(
            {
                "state": state,
                "decided_by_id": self.env.uid,
                "date_decided": fields.Datetime.now(),
                **values,
            }
        )

    # Actions -------------------------------------------------------------------------------------

    def action_accept(self):
        """The receiving case manager takes the case over: the case moves with everything
        that hangs on it to their provider, and nobody of the handing provider keeps
        access through it."""
        for transfer in self:
            if not transfer._kim_is_receiver():
                raise AccessError(
                    self.env._("Only the receiving case manager can accept an open request.")
                )
            case = transfer.case_id.sudo()
            if case.state != "open" or case.is_anonymised or not case.consent_given:
                raise UserError(
                    self.env._(
                        "Case %s is no longer open or lacks the client's consent to data "
                        "processing; the request can only be cancelled.",
                        case.name,
                    )
                )
            transfer._check_receiving_side()
            transfer._kim_move_case()
            transfer._kim_set_state("accepted")
            transfer.case_id._kim_audit("transfer", transfer._kim_audit_detail("accepted"))
            transfer._kim_close_activity(self.env._("Transfer accepted."))
            transfer.sudo().message_post(
                body=self.env._("The transfer was accepted."),
                subtype_xmlid="mail.mt_comment",
            )
        if len(self) == 1:
            return self._kim_case_action()
        return True

    def _kim_move_case(self):
        """Writes the change of provider on the case (the only write that may change a
        case's provider), then hands over what the handing side would keep otherwise."""
        self.ensure_one()
        case = self.case_id.sudo()
        receiver = self.to_user_id
        trusted(case, "kim_transfer").write(
            {
                "company_id": self.to_company_id.id,
                "user_id": receiver.id,
                "substitute_ids": [Command.clear()],
            }
        )
        receiver._kim_apply_standing_substitutes()
        case.message_subscribe(partner_ids=receiver.partner_id.ids)
        # Followers and assignees who cannot read the case any more stop following it and
        # hand their open activities on it to the receiving case manager.
        losing = self.env["res.users"]
        for partner in case.message_partner_ids:
            users = partner.with_context(active_test=False).user_ids
            if users and not any(_may_read(case, user) for user in users):
                losing |= users
        if losing:
            case.message_unsubscribe(partner_ids=losing.partner_id.ids)
        activities = case.activity_ids.filtered(
            lambda activity: activity.user_id and not _may_read(case, activity.user_id)
        )
        if activities:
            activities.write({"user_id": receiver.id})
        case.message_post(
            body=self.env._(
                "Transferred from %(handing)s to %(receiving)s (case manager: %(user)s).",
                handing=self.from_company_id.sudo().name,
                receiving=self.to_company_id.sudo().name,
                user=receiver.sudo().name,
            ),
        )

    def action_decline_dialog(self):
        """Asks the receiving case manager for the reason before declining."""
        self.ensure_one()
        if not self._kim_is_receiver():
            raise AccessError(
                self.env._("Only the receiving case manager can decline an open request.")
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Decline the transfer"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(self.env.ref("kim_case.kim_case_transfer_view_form_decline").id, "form")],
            "target": "new",
        }

    def action_decline(self):
        for transfer in self:
            if not transfer._kim_is_receiver():
                raise AccessError(
                    self.env._("Only the receiving case manager can decline an open request.")
                )
            if not (transfer.decline_reason or "").strip():
                raise UserError(self.env._("Say why you decline the transfer."))
            transfer._kim_set_state("declined")
            transfer.case_id._kim_audit("transfer", transfer._kim_audit_detail("declined"))
            transfer._kim_close_activity(self.env._("Transfer declined."))
            transfer.sudo().message_post(
                body=self.env._("The transfer was declined."),
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def action_cancel(self):
        for transfer in self:
            if not transfer._kim_is_requesting_side():
                raise AccessError(
                    self.env._(
                        "Only the requesting side can cancel a request, and only while it is open."
                    )
                )
            transfer._kim_set_state("cancelled")
            transfer.case_id._kim_audit("transfer", transfer._kim_audit_detail("cancelled"))
            transfer.sudo().activity_ids.unlink()
            transfer.sudo().message_post(
                body=self.env._("The transfer request was cancelled."),
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _kim_close_activity(self, feedback):
        activities = self.sudo().activity_ids
        if activities:
            activities.action_feedback(feedback=feedback)

    def action_open_case(self):
        self.ensure_one()
        if not self.can_open_case:
            raise AccessError(self.env._("You cannot open this case."))
        return self._kim_case_action()

    def _kim_case_action(self):
        return self.case_id._form_action()

    @api.model
    def _kim_request_action(self, case):
        """The button on the case: opens its open request, or a new one in a dialog."""
        case.ensure_one()
        existing = self.search([("case_id", "=", case.id), ("state", "=", "requested")], limit=1)
        if existing:
            return {
                "type": "ir.actions.act_window",
                "res_model": self._name,
                "res_id": existing.id,
                "view_mode": "form",
                "views": [(False, "form")],
                "target": "current",
            }
        self._kim_check_request(case)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request a transfer to another provider"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(self.env.ref("kim_case.kim_case_transfer_view_form_request").id, "form")],
            "target": "new",
            "context": {"default_case_id": case.id},
        }


class KimDataProtection(models.AbstractModel):
    _inherit = "kim.data.protection"

    @api.model
    def _anonymise(self, cases, persons, reason):
        """An open transfer request of an anonymised case lapses; its texts and chatter go
        with the rest of the case (see kim.data.protection)."""
        result = super()._anonymise(cases, persons, reason)
        open_requests = (
            self.env["kim.case.transfer"]
            .sudo()
            .search([("case_id", "in", cases.ids), ("state", "=", "requested")])
        )
        trusted(open_requests, "kim_workflow").with_context(tracking_disable=True).write(
            {"state": "cancelled", "date_decided": fields.Datetime.now()}
        )
        return result
