from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import clean_context

from odoo.addons.kim_case.rules.consent import retention_cutoff
from odoo.addons.kim_case.trust import allow

DIRECTIONS = [
    ("outgoing", "From KIM to a service"),
    ("incoming", "From a service or institution to KIM"),
]
KINDS = [
    ("warm_handover", "Warm handover"),
    ("tandem", "Tandem counselling"),
    ("verweisberatung", "Referral counselling (Verweisberatung)"),
    ("weiterleitung", "Forwarding"),
]
STATES = [
    ("requested", "Requested"),
    ("accepted", "Accepted"),
    ("rejected", "Rejected"),
    ("done", "Completed"),
    ("withdrawn", "Withdrawn"),
]
OPEN_STATES = ("requested", "accepted")
# How an incoming referral reached KIM, as the intake records it (kim.case.access_route).
ACCESS_ROUTES = {
    "warm_handover": "warm_handover",
    "tandem": "referral",
    "verweisberatung": "referral",
    "weiterleitung": "forwarded",
}


class KimReferral(models.Model):
    """A referral between KIM and the local network (seed 003 §2.1, §6; seed 002 §6.1):
    outgoing, from a case to a service; or incoming, from a service or institution into
    KIM, where accepting it opens the intake of a new case.

    requested → accepted | rejected (with reason) → completed; a requested or accepted
    referral can be withdrawn. The state changes only through these actions, each of which
    is logged for the case. A referral that passes client data to the service records the
    disclosure, which needs the client's release from confidentiality for the service's
    recipient category on that day; a referral without data (the client goes on their own)
    needs none."""

    _name = "kim.referral"
    _description = "Referral"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_requested desc, id desc"

    direction = fields.Selection(
        DIRECTIONS,
        required=True,
        default="outgoing",
        kim_immutable=True,
        tracking=True,
        kim_kept=True,
    )
    kind = fields.Selection(
        KINDS, required=True, default="warm_handover", tracking=True, kim_kept=True
    )
    case_id = fields.Many2one(
        "kim.case", index=True, ondelete="cascade", tracking=True, kim_kept=True
    )
    client_id = fields.Many2one(related="case_id.partner_id", string="Client", compute_sudo=False)
    client_name = fields.Char(
        "Person referred", help="For an incoming referral, until the intake opens the case."
    )
    company_id = fields.Many2one(
        "res.company",
        "Provider",
        compute="_compute_scope",
        store=True,
        precompute=True,
        index=True,
    )
    municipality_id = fields.Many2one(
        "kim.municipality",
        compute="_compute_scope",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        kim_kept=True,
    )
    user_id = fields.Many2one(
        "res.users",
        "Case manager",
        compute="_compute_scope",
        store=True,
        precompute=True,
        index=True,
    )
    service_id = fields.Many2one(
        "kim.service",
        index=True,
        tracking=True,
        kim_immutable=True,
        help="Outgoing: the service the client is referred to. Incoming: the referring service.",
        kim_kept=True,
    )
    institution_id = fields.Many2one(
        "res.partner",
        compute="_compute_institution_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        domain=[("kim_actor", "=", True)],
        tracking=True,
        kim_kept=True,
    )
    reason = fields.Text("Occasion and need", required=True)
    with_data = fields.Boolean(
        "Client data passed on",
        kim_immutable=True,
        help="Whether data of the client goes to the service. Then the client's release from "
        "confidentiality for the service's recipient category must cover it; a referral "
        "where the client goes on their own needs none.",
        kim_kept=True,
    )
    data_shared = fields.Text("Which data", kim_immutable=True)
    disclosure_id = fields.Many2one("kim.disclosure", readonly=True, copy=False, kim_kept=True)
    date_requested = fields.Date(
        "Requested on",
        required=True,
        default=fields.Date.context_today,
        kim_immutable=True,
        kim_kept=True,
    )
    date_answered = fields.Date("Answered on", readonly=True, copy=False, kim_kept=True)
    date_closed = fields.Date("Completed on", readonly=True, copy=False, kim_kept=True)
    date_follow_up = fields.Date(
        "Follow up on",
        help="An activity reminds the case manager to ask for the service's answer.",
        kim_kept=True,
    )
    state = fields.Selection(
        STATES,
        required=True,
        default="requested",
        readonly=True,
        index=True,
        tracking=True,
        kim_kept=True,
    )
    reject_reason = fields.Text("Reason for rejection")
    outcome = fields.Text()
    feedback = fields.Text("Feedback of the service")

    _rejected_with_reason = models.Constraint(
        "CHECK (state <> 'rejected' OR reject_reason IS NOT NULL)",
        "A rejected referral states why.",
    )

    # Computes ------------------------------------------------------------------------------------

    @api.depends("case_id")
    def _compute_scope(self):
        for referral in self:
            case = referral.case_id
            referral.company_id = case.company_id or referral.company_id or self.env.company
            referral.municipality_id = case.municipality_id or referral.municipality_id
            referral.user_id = case.user_id or referral.user_id or self.env.user

    @api.depends("service_id")
    def _compute_institution_id(self):
        for referral in self:
            if referral.service_id:
                referral.institution_id = referral.service_id.actor_id

    @api.depends("direction", "service_id", "institution_id", "case_id", "client_name")
    def _compute_display_name(self):
        for referral in self:
            target = referral.service_id.display_name or referral.institution_id.name or ""
            if referral.direction == "incoming":
                referral.display_name = self.env._("Referral from %s", target)
            else:
                referral.display_name = self.env._("Referral to %s", target)

    # Checks ---------------------------------------------------------------------------------------

    @api.constrains("direction", "case_id", "service_id", "institution_id", "client_name")
    def _check_parties(self):
        for referral in self:
            if referral.direction == "outgoing":
                if not referral.case_id:
                    raise ValidationError(self.env._("A referral to a service starts from a case."))
                if not referral.service_id:
                    raise ValidationError(
                        self.env._("Choose the service the client is referred to.")
                    )
            else:
                if not referral.institution_id:
                    raise ValidationError(
                        self.env._("Name the service or institution that referred the person.")
                    )
                if not referral.case_id and not (referral.client_name or "").strip():
                    raise ValidationError(self.env._("Name the person who was referred."))
            if not referral.municipality_id:
                raise ValidationError(self.env._("A referral belongs to a municipality."))
            if (
                referral.direction == "outgoing"
                and referral.service_id
                and referral.institution_id != referral.service_id.actor_id
            ):
                # Passed data goes to the service's actor, whom the waiver's category covers.
                raise ValidationError(
                    self.env._(
                        "A referral to a service goes to the organisation offering it (%s).",
                        referral.service_id.actor_id.name,
                    )
                )

    @api.constrains("municipality_id", "company_id", "case_id")
    def _check_municipality(self):
        """An incoming referral stays with the provider that received it: its municipality
        is one the provider serves (its coordinators see the person's name)."""
        for referral in self.filtered(lambda r: not r.case_id and r.municipality_id):
            served = (
                self.env["kim.municipality"]
                .sudo()
                .search([("id", "child_of", referral.company_id.sudo().kim_municipality_ids.ids)])
            )
            if referral.municipality_id not in served:
                raise ValidationError(
                    self.env._(
                        "%(provider)s does not work in %(municipality)s; record the referral "
                        "for a municipality your provider serves.",
                        provider=referral.company_id.name,
                        municipality=referral.municipality_id.name,
                    )
                )

    @api.constrains("date_follow_up", "date_requested")
    def _check_dates(self):
        for referral in self:
            if referral.date_follow_up and referral.date_follow_up < referral.date_requested:
                raise ValidationError(
                    self.env._("The follow-up date cannot lie before the referral.")
                )

    # Create: the service must be active, passed data must be covered ------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            service = self.env["kim.service"].browse(vals.get("service_id") or [])
            if (
                vals.get("direction", "outgoing") == "outgoing"
                and service
                and not service.with_context(active_test=False).active
            ):
                raise ValidationError(
                    self.env._(
                        "The service “%s” is archived; refer the client to an active service.",
                        service.display_name,
                    )
                )
        referrals = super().create(vals_list)
        for referral in referrals:
            if referral.with_data:
                referral._kim_disclose()
            if referral.date_follow_up:
                referral._kim_schedule_follow_up()
            if referral.case_id:
                referral.case_id._kim_audit("referral", referral._kim_audit_detail())
        return referrals

    def _kim_disclose(self):
        """Records the disclosure of the data the referral passes on; refused (and with it
        the referral) when no waiver of the client covers the service's category today."""
        self.ensure_one()
        if not self.case_id:
            raise ValidationError(self.env._("Client data can only be passed on from a case."))
        category = self.service_id.recipient_category_id
        if not category:
            raise ValidationError(
                self.env._(
                    "The service “%s” has no recipient category, so no release from "
                    "confidentiality can cover passing data to it. Refer without data, or ask "
                    "the coordination to set the category.",
                    self.service_id.display_name,
                )
            )
        if not (self.data_shared or "").strip():
            raise ValidationError(self.env._("Say which data of the client is passed on."))
        disclosure = self.env["kim.disclosure"].create(
            {
                "case_id": self.case_id.id,
                "category_id": category.id,
                "recipient_partner_id": self.institution_id.id,
                "date": self.date_requested,
                "content": self.data_shared,
                "purpose": self.env._("Referral: %s", self.reason),
            }
        )
        allow(self, "disclosure_id").write({"disclosure_id": disclosure.id})

    def _kim_schedule_follow_up(self):
        self.ensure_one()
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            date_deadline=self.date_follow_up,
            summary=self.env._("Ask for the answer: %s", self.display_name),
            user_id=self.user_id.id or self.env.uid,
        )

    def _kim_audit_detail(self):
        state = dict(self._fields["state"]._description_selection(self.env))[self.state]
        return f"{self.display_name}: {state}"

    # Actions --------------------------------------------------------------------------------------

    def _kim_transition(self, allowed, state, **values):
        for referral in self:
            if referral.state not in allowed:
                current = dict(self._fields["state"]._description_selection(self.env))
                raise UserError(
                    self.env._(
                        "%(referral)s is %(state)s; this step is not possible any more.",
                        referral=referral.display_name,
                        state=current[referral.state],
                    )
                )
        allow(self, "state", *values).write({"state": state, **values})
        for referral in self:
            if referral.case_id:
                referral.case_id._kim_audit("referral", referral._kim_audit_detail())
            if state not in OPEN_STATES:
                # The reminder to ask for the answer is done with the referral.
                referral.activity_ids.action_feedback(
                    feedback=self.env._("Referral %s", referral._kim_audit_detail())
                )

    def action_accept(self):
        self._kim_transition(
            ("requested",), "accepted", date_answered=fields.Date.context_today(self)
        )
        incoming = self.filtered(lambda r: r.direction == "incoming" and not r.case_id)
        if len(incoming) == 1 and len(self) == 1:
            return incoming._kim_open_intake()
        for referral in incoming:
            referral._kim_open_intake()
        return True

    def action_reject(self):
        for referral in self:
            if not (referral.reject_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Enter the reason for the rejection first (%s).", referral.display_name
                    )
                )
        self._kim_transition(
            ("requested",), "rejected", date_answered=fields.Date.context_today(self)
        )
        return True

    def action_done(self):
        self._kim_transition(("accepted",), "done", date_closed=fields.Date.context_today(self))
        return True

    def action_withdraw(self):
        self._kim_transition(OPEN_STATES, "withdrawn", date_closed=fields.Date.context_today(self))
        return True

    def _kim_open_intake(self):
        """The intake of a new case for the person an institution referred: the case opens
        with its access route and the referring institution; the referral hangs on it."""
        self.ensure_one()
        # Like the intake: the caller's default_* keys are not the person's data.
        env = self.with_context(clean_context(self.env.context)).env  # pylint: disable=context-overridden
        partner = env["res.partner"].create({"name": self.client_name, "kim_is_client": True})
        case = env["kim.case"].create(
            {
                "partner_id": partner.id,
                "municipality_id": self.municipality_id.id,
                "access_route": ACCESS_ROUTES[self.kind],
                "referring_partner_id": self.institution_id.id,
            }
        )
        allow(self, "case_id").write({"case_id": case.id})
        case._kim_audit("referral", self._kim_audit_detail())
        return case._form_action()

    # Retention ------------------------------------------------------------------------------------

    @api.model
    def _kim_purge_unopened(self, today=None):
        """Incoming referrals that never became a case hold a person's name and nothing a
        case keeps: they are deleted once their municipality's retention period has passed
        since they were made, answered and closed. Run by the retention cron."""
        today = today or fields.Date.context_today(self)
        Referral = self.sudo().with_context(active_test=False)
        unopened = [("direction", "=", "incoming"), ("case_id", "=", False)]
        purged = 0
        for municipality in Referral.search(unopened).municipality_id:
            cutoff = retention_cutoff(today, municipality.retention_years)
            stale = Referral.search(
                [
                    *unopened,
                    ("municipality_id", "=", municipality.id),
                    ("date_requested", "<=", cutoff),
                    "|",
                    ("date_answered", "=", False),
                    ("date_answered", "<=", cutoff),
                    "|",
                    ("date_closed", "=", False),
                    ("date_closed", "<=", cutoff),
                ]
            )
            purged += len(stale)
            stale.unlink()
        return purged
