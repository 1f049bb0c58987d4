from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kim_case.trust import allow

from ..rules import conference as rules

# Who asks for a Fallkonferenz (Anlage 9.2.6: "nicht nur das KIM, sondern auch das
# Jobcenter, das Jugendamt, etc.").
REQUESTERS = [
    ("kim_cm", "KIM case management"),
    ("jobcenter", "Jobcenter"),
    ("jugendamt", "Youth welfare office (Jugendamt)"),
    ("other", "Other institution"),
]
REASONS = [
    ("crisis", "Crisis: the case management stagnates"),
    ("complexity", "Extremely complex case"),
    ("double_counselling", "Avoiding double counselling"),
]
URGENCIES = [
    (rules.VERY_URGENT, "Very urgent (within 2 weeks)"),
    (rules.URGENT, "Urgent (in 3–4 weeks)"),
    (rules.NOT_URGENT, "Not very urgent (in 5–7 weeks)"),
]
STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("checked", "Checked"),
    ("scheduled", "Scheduled"),
    ("held", "Held"),
    ("followed_up", "Followed up"),
    ("rejected", "Rejected"),
]
# The decision makers the form names, with the recipient category of the release from
# confidentiality that covers telling them about the client (Anlage 9.2.5).
PARTICIPANT_KINDS = [
    ("jobcenter", "Jobcenter"),
    ("jugendamt", "Youth welfare office (Jugendamt)"),
    ("abh", "Immigration office (Ausländerbehörde)"),
    ("kim_cm", "KIM case management"),
    ("other", "Other"),
]
DEFAULT_CATEGORIES = {
    "jobcenter": "kim_case.recipient_jobcenter",
    "jugendamt": "kim_case.recipient_city_administration",
    "abh": "kim_case.recipient_city_administration",
}
# Only the case's own case management needs no waiver: it already holds the data.
OWN_SIDE = "kim_cm"
# The roles that see a case's side of the conference (kim_case's and the coordinators').
CASE_ROLES = "kim_case.group_kim_case_manager,kim_case.group_kim_coordinator,base.group_system"


# The institutions of a conference are organisations (network actors, the providers of KIM
# case management), never a person.
INSTITUTIONS = [("is_company", "=", True)]


class KimConferenceRequest(models.Model):
    """The Formblatt für Fallkonferenzen (seed 003, Anlage 9.2.6, 8.1): a case manager asks
    for a conference on a case that has stalled, is extremely complex or risks double
    counselling; a coordinator records it for the Jobcenter or the Jugendamt. The
    coordination checks the formal conditions and schedules it.

    draft → submitted → checked → scheduled → held → followed up, or rejected with a reason.
    Submitting and checking need the client's consent to data processing and, for each
    institution that takes part, a release from confidentiality that covers its recipient
    category: the form goes to them. The client's basics are copied onto the form when it
    is submitted, because the institutions read the form and nothing else of the case."""

    _name = "kim.conference.request"
    _description = "Case conference request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_requested desc, id desc"
    _rec_names_search = ["case_id.name", "client_name"]

    case_id = fields.Many2one(
        "kim.case",
        required=True,
        index=True,
        ondelete="cascade",
        tracking=True,
        groups=CASE_ROLES,
        kim_kept=True,
    )
    company_id = fields.Many2one(
        "res.company",
        "Provider",
        compute="_compute_scope",
        store=True,
        precompute=True,
        index=True,
        kim_kept=True,
    )
    municipality_id = fields.Many2one(
        "kim.municipality",
        compute="_compute_scope",
        store=True,
        precompute=True,
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
        kim_kept=True,
    )
    requester_kind = fields.Selection(
        REQUESTERS,
        "Requested by",
        required=True,
        default="kim_cm",
        kim_kept=True,
    )
    requester_id = fields.Many2one(
        "res.partner",
        "Requesting institution",
        domain=[("kim_actor", "=", True)],
        help="When the Jobcenter, the Jugendamt or another institution asks for the "
        "conference and the coordination records it.",
        kim_kept=True,
    )
    date_requested = fields.Date(
        "Requested on",
        readonly=True,
        copy=False,
        help="The day the request was submitted; the urgency counts from it.",
        kim_kept=True,
    )
    # The client's basics as the form carries them (copied on submission).
    client_name = fields.Char("Name of the client", readonly=True, copy=False)
    client_birthdate = fields.Char("Date of birth", readonly=True, copy=False)
    client_residence_status = fields.Char(
        "Residence status", readonly=True, copy=False, kim_special=True
    )
    client_nationality_language = fields.Char("Nationality / language", readonly=True, copy=False)
    # Preparation and follow-up with the client.
    interpreter_needed = fields.Boolean("Interpreting needed", kim_kept=True)
    interpreter = fields.Char("Interpreter (name / institution)", help="If already known.")
    trusted_person_wanted = fields.Boolean("Trusted person wanted", kim_kept=True)
    trusted_person = fields.Char("Trusted person (name)")
    trusted_person_relation = fields.Char("Relation to the client")
    # The problem and its complexity.
    facts = fields.Text("Statement of facts", help="Four to five sentences.")
    problem_areas = fields.Text("Problem areas in the case management", help="Key words.")
    question = fields.Text("Overall question / goal of the conference")
    reason = fields.Selection(REASONS, required=True, default="crisis", kim_kept=True)
    participant_ids = fields.One2many(
        "kim.conference.request.participant",
        "request_id",
        "Decision makers who must attend",
        copy=True,
    )
    urgency = fields.Selection(URGENCIES, required=True, default=rules.URGENT, kim_kept=True)
    window_start = fields.Date(
        "Conference from", compute="_compute_window", store=True, kim_kept=True
    )
    window_end = fields.Date("Conference by", compute="_compute_window", store=True, kim_kept=True)
    other_notes = fields.Text("Other remarks")
    state = fields.Selection(
        STATES,
        required=True,
        default="draft",
        readonly=True,
        index=True,
        tracking=True,
        copy=False,
        kim_kept=True,
    )
    reject_reason = fields.Text("Reason for rejection", copy=False)
    checked_by_id = fields.Many2one(
        "res.users", "Checked by", readonly=True, copy=False, kim_kept=True
    )
    date_checked = fields.Date("Checked on", readonly=True, copy=False, kim_kept=True)
    slot_ids = fields.One2many("kim.conference.slot", "request_id", readonly=True)
    slot_id = fields.Many2one(
        "kim.conference.slot", compute="_compute_slot_id", string="Slot in the conference"
    )
    conference_id = fields.Many2one("kim.conference", compute="_compute_slot_id")
    contact_ids = fields.One2many(
        "kim.case.contact",
        "conference_request_id",
        "Preparation and follow-up talks",
        groups=CASE_ROLES,
    )
    prepared = fields.Boolean(
        "Preparation talk held", compute="_compute_talks", store=True, kim_kept=True
    )
    followed_up = fields.Boolean(
        "Client informed of the results", compute="_compute_talks", store=True, kim_kept=True
    )

    _rejected_with_reason = models.Constraint(
        "CHECK (state <> 'rejected' OR reject_reason IS NOT NULL)",
        "A rejected request states why.",
    )

    # Computes ------------------------------------------------------------------------------

    @api.depends("case_id")
    def _compute_scope(self):
        for request in self:
            case = request.sudo().case_id
            request.company_id = case.company_id
            request.municipality_id = case.municipality_id
            request.user_id = case.user_id

    @api.depends("date_requested")
    @api.depends_context("lang")
    def _compute_display_name(self):
        for request in self:
            if request.date_requested:
                request.display_name = self.env._(
                    "Case conference request no. %(number)s of %(date)s",
                    number=request.id,
                    date=request.date_requested.strftime("%d.%m.%Y"),
                )
            else:
                request.display_name = self.env._(
                    "Case conference request no. %s (draft)", request.id or "…"
                )

    @api.depends("date_requested", "urgency")
    def _compute_window(self):
        for request in self:
            if request.date_requested and request.urgency:
                start, end = rules.urgency_window(request.date_requested, request.urgency)
                request.window_start, request.window_end = start, end
            else:
                request.window_start = request.window_end = False

    @api.depends("slot_ids.conference_id")
    def _compute_slot_id(self):
        for request in self:
            request.slot_id = request.slot_ids[:1]
            request.conference_id = request.slot_id.conference_id

    @api.depends("contact_ids.conference_purpose")
    def _compute_talks(self):
        for request in self:
            purposes = set(request.sudo().contact_ids.mapped("conference_purpose"))
            request.prepared = "preparation" in purposes
            request.followed_up = "follow_up" in purposes

    # Checks --------------------------------------------------------------------------------

    @api.constrains("case_id", "requester_kind", "requester_id")
    def _check_requester(self):
        for request in self:
            if request.requester_kind != "kim_cm" and not request.requester_id:
                raise ValidationError(
                    self.env._("Name the institution that asks for the conference.")
                )

    def _kim_check_gate(self):
        """The formal conditions of a request (Anlage 9.2.6, 4.): the form is complete, the
        client consented to data processing, and a release from confidentiality covers each
        institution that takes part, on the day it is checked."""
        today = fields.Date.context_today(self)
        Disclosure = self.env["kim.disclosure"].sudo()
        for request in self:
            case = request.sudo().case_id
            missing = [
                label
                for label, value in (
                    (self.env._("statement of facts"), request.facts),
                    (self.env._("problem areas"), request.problem_areas),
                    (self.env._("overall question or goal"), request.question),
                )
                if not (value or "").strip()
            ]
            if missing:
                raise UserError(
                    self.env._("The form is incomplete. Missing: %s.", ", ".join(missing))
                )
            if not request.participant_ids:
                raise UserError(
                    self.env._("Name the decision makers who must attend the conference.")
                )
            if not case.consent_given:
                raise UserError(
                    self.env._(
                        "A case conference needs the client's consent to data processing; "
                        "case %s has none in force.",
                        case.name,
                    )
                )
            for participant in request.participant_ids.filtered(lambda p: not p._kim_own_side()):
                category = participant.category_id
                if not category or not Disclosure._covering_waiver(case, category, today):
                    raise UserError(
                        self.env._(
                            "No release from confidentiality of the client covers "
                            "“%(category)s” today, so %(institution)s cannot take part. "
                            "Record the signed waiver under Data protection first, or leave "
                            "the institution out.",
                            category=category.name or self.env._("(no recipient category)"),
                            institution=participant.display_name,
                        )
                    )

    def _kim_copy_client_basics(self):
        for request in self:
            case = request.sudo().case_id
            partner = case.partner_id
            residence = dict(case._fields["residence_status"]._description_selection(self.env))
            status = residence.get(case.residence_status, "")
            title = (case.residence_title or "").strip()
            if title and title.casefold() not in status.casefold():
                # The title when it says more than the status ("§ 25 Abs. 2 AufenthG").
                status = f"{status} ({title})" if status else title
            nationality = ", ".join(partner.kim_nationality_ids.mapped("name"))
            language = partner.kim_mother_tongue or ""
            allow(
                request,
                "client_name",
                "client_birthdate",
                "client_residence_status",
                "client_nationality_language",
            ).write(
                {
                    "client_name": partner.name,
                    "client_birthdate": partner.kim_birthdate
                    and partner.kim_birthdate.strftime("%d.%m.%Y"),
                    "client_residence_status": status or False,
                    "client_nationality_language": " / ".join(
                        part for part in (nationality, language) if part
                    )
                    or False,
                }
            )

    # The form as submitted: what the coordination checked is what the institutions get.
    FORM_FIELDS = frozenset(
        {
            "case_id",
            "requester_kind",
            "requester_id",
            "interpreter_needed",
            "interpreter",
            "trusted_person_wanted",
            "trusted_person",
            "trusted_person_relation",
            "facts",
            "problem_areas",
            "question",
            "reason",
            "participant_ids",
            "urgency",
            "other_notes",
        }
    )

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
        frozen = self.filtered(lambda r: r.state not in ("draft", "submitted"))
        if not self.env.su and frozen and self.FORM_FIELDS & vals.keys():
            raise UserError(
                self.env._(
                    "A checked request does not change any more; ask the coordination to "
                    "reject it and submit a new one."
                )
            )
        return super().write(vals)

    # Actions -------------------------------------------------------------------------------

    def _kim_transition(self, allowed, state, **values):
        labels = dict(self._fields["state"]._description_selection(self.env))
        for request in self:
            if request.state not in allowed:
                raise UserError(
                    self.env._(
                        "%(request)s is %(state)s; this step is not possible now.",
                        request=request.display_name,
                        state=labels[request.state],
                    )
                )
        allow(self, "state", *values).write({"state": state, **values})
        for request in self:
            request.sudo().case_id._kim_audit(
                "conference", f"{request.display_name}: {labels[state]}"
            )

    def _kim_check_coordinator(self):
        if not self.env.user.has_group("kim_case.group_kim_coordinator") and not self.env.su:
            raise UserError(self.env._("Only the coordination checks and schedules requests."))

    def action_submit(self):
        self._kim_check_gate()
        today = fields.Date.context_today(self)
        self._kim_transition(("draft",), "submitted", date_requested=today)
        self._kim_copy_client_basics()
        for request in self:
            request._kim_notify_coordinators()
        return True

    def action_check(self):
        self._kim_check_coordinator()
        self._kim_check_gate()
        self._kim_transition(
            ("submitted",),
            "checked",
            checked_by_id=self.env.user.id,
            date_checked=fields.Date.context_today(self),
        )
        return True

    def action_reject(self):
        self._kim_check_coordinator()
        for request in self:
            if not (request.reject_reason or "").strip():
                raise UserError(
                    self.env._(
                        "Enter the reason for the rejection first (%s).", request.display_name
                    )
                )
        self._kim_transition(("submitted", "checked"), "rejected")
        return True

    def action_back_to_draft(self):
        """A submitted request goes back to its author for changes."""
        self._kim_transition(("submitted",), "draft")
        return True

    def action_followed_up(self):
        for request in self:
            if not request.followed_up:
                raise UserError(
                    self.env._(
                        "Record the follow-up talk in which the client learnt the results "
                        "first (%s).",
                        request.display_name,
                    )
                )
        self._kim_transition(("held",), "followed_up")
        return True

    def _kim_record_talk(self, purpose):
        """Opens a counselling contact of the case for the preparation or the follow-up
        talk with the client, linked to this request."""
        self.ensure_one()
        self.check_access("write")
        notes = {
            "preparation": self.env._("Preparation of the case conference: "),
            "follow_up": self.env._("Results of the case conference told: "),
        }
        return {
            "type": "ir.actions.act_window",
            "name": dict(
                self.env["kim.case.contact"]
                ._fields["conference_purpose"]
                ._description_selection(self.env)
            )[purpose],
            "res_model": "kim.case.contact",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_case_id": self.sudo().case_id.id,
                "default_conference_request_id": self.id,
                "default_conference_purpose": purpose,
                "default_note": notes[purpose],
            },
        }

    def action_record_preparation(self):
        return self._kim_record_talk("preparation")

    def action_record_follow_up(self):
        return self._kim_record_talk("follow_up")

    def _kim_notify_coordinators(self):
        """An activity for the coordinators of the municipality to check the request."""
        self.ensure_one()
        municipality = self.municipality_id.sudo()
        coordinators = municipality.coordinator_ids | municipality.parent_id.coordinator_ids
        for user in coordinators.filtered("active"):
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self),
                summary=self.env._("Check the request for a case conference"),
                user_id=user.id,
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(request.state != "draft" for request in self):
            raise UserError(self.env._("Only a draft request can be deleted; reject it instead."))

    def _kim_audit_cases(self):
        return self.sudo().case_id.sudo(False)


class KimConferenceRequestParticipant(models.Model):
    """A decision maker who must attend the conference for this case: institution,
    department, person and their specific question (Formblatt, "Entscheidungsträger*innen")."""

    _name = "kim.conference.request.participant"
    _description = "Decision maker of a case conference"
    _order = "sequence, id"

    request_id = fields.Many2one(
        "kim.conference.request",
        required=True,
        index=True,
        ondelete="cascade",
        kim_kept=True,
        kim_immutable=True,
    )
    sequence = fields.Integer(default=10, kim_kept=True)
    kind = fields.Selection(PARTICIPANT_KINDS, required=True, default="jobcenter", kim_kept=True)
    institution_id = fields.Many2one(
        "res.partner",
        required=True,
        domain=INSTITUTIONS,
        kim_kept=True,
    )
    department = fields.Char("Department / unit")
    person = fields.Char()
    user_id = fields.Many2one(
        "res.users",
        "Login of the person",
        domain=[("share", "=", False)],
        help="Staff of other offices with a login of their own see the slot, the form and "
        "the protocol of this case in the conference, and nothing else.",
        kim_kept=True,
    )
    question = fields.Text("Specific question / task")
    category_id = fields.Many2one(
        "kim.recipient.category",
        "Recipient category",
        compute="_compute_category_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The category of the client's release from confidentiality that covers "
        "telling this institution about the case.",
        kim_kept=True,
    )

    @api.depends("kind")
    def _compute_category_id(self):
        for participant in self:
            xmlid = DEFAULT_CATEGORIES.get(participant.kind)
            if xmlid and not participant.category_id:
                participant.category_id = self.env.ref(xmlid, raise_if_not_found=False)

    @api.depends("institution_id", "department", "person")
    def _compute_display_name(self):
        for participant in self:
            parts = [participant.institution_id.name, participant.department, participant.person]
            participant.display_name = " – ".join(part for part in parts if part)

    @api.constrains("kind", "category_id")
    def _check_category(self):
        for participant in self:
            if participant.kind != OWN_SIDE and not participant.category_id:
                raise ValidationError(
                    self.env._(
                        "Choose the recipient category that covers %s: without it no "
                        "release from confidentiality can allow the institution to take part.",
                        participant.institution_id.name,
                    )
                )

    def write(self, vals):
        self._kim_check_open()
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        participants = super().create(vals_list)
        participants._kim_check_open()
        return participants

    def unlink(self):
        self._kim_check_open()
        return super().unlink()

    def _kim_check_open(self):
        if not self.env.su and any(p.request_id.state not in ("draft", "submitted") for p in self):
            raise UserError(
                self.env._("The decision makers of a checked request do not change any more.")
            )

    def _kim_own_side(self):
        """Whether the participant is the case's own provider, which holds the data already
        and needs no release: its institution is the provider, and a login named belongs to
        a case manager of it."""
        self.ensure_one()
        case = self.sudo().request_id.case_id
        if self.institution_id != case.company_id.partner_id:
            return False
        user = self.sudo().user_id
        return not user or (
            case.company_id in user.company_ids
            and user.has_group("kim_case.group_kim_case_manager")
        )

    def _kim_audit_cases(self):
        return self.sudo().request_id.case_id.sudo(False)
