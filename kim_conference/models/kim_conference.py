from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_datetime

from odoo.addons.kim_case.trust import allow

from ..rules import conference as rules
from .kim_conference_request import CASE_ROLES, INSTITUTIONS

CONFERENCE_STATES = [
    ("planned", "Planned"),
    ("held", "Held"),
    ("cancelled", "Cancelled"),
]


def phase_labels(env):
    """The four phases of a case's slot (Anlage 9.2.6), in the user's language."""
    return {
        "information": env._("Information"),
        "discussion": env._("Discussion and argument"),
        "decision": env._("Decision phase"),
        "closing": env._("Closing"),
    }


class KimConference(models.Model):
    """A Fallkonferenz (seed 003, Anlage 9.2.6): one meeting, organised and moderated by
    the coordination, for at most three cases of checked requests. Each case has its own
    slot of at most an hour with the four phases; the institutions of a case are invited to
    its slot only."""

    _name = "kim.conference"
    _description = "Case conference"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(compute="_compute_name")
    municipality_id = fields.Many2one(
        "kim.municipality",
        required=True,
        index=True,
        default=lambda self: self.env.user.kim_municipality_ids[:1],
        tracking=True,
    )
    moderator_id = fields.Many2one(
        "res.users",
        "Moderation",
        required=True,
        default=lambda self: self.env.user,
        domain=[("share", "=", False)],
        tracking=True,
    )
    date_start = fields.Datetime("Begins", required=True, tracking=True)
    date_stop = fields.Datetime("Ends", compute="_compute_date_stop", store=True)
    location = fields.Char()
    event_id = fields.Many2one(
        "calendar.event", "Appointment", readonly=True, copy=False, ondelete="set null"
    )
    slot_ids = fields.One2many("kim.conference.slot", "conference_id", "Cases and slots")
    case_count = fields.Integer("Cases", compute="_compute_case_count", store=True)
    state = fields.Selection(
        CONFERENCE_STATES, required=True, default="planned", readonly=True, tracking=True
    )
    survey_client_id = fields.Many2one(
        "survey.survey", "Evaluation by the clients", readonly=True, copy=False
    )
    survey_participant_id = fields.Many2one(
        "survey.survey", "Evaluation by the participants", readonly=True, copy=False
    )
    warning = fields.Char(compute="_compute_warning")

    @api.depends("date_start")
    @api.depends_context("lang")
    def _compute_name(self):
        for conference in self:
            conference.name = self.env._(
                "Case conference of %s",
                conference.date_start.strftime("%d.%m.%Y") if conference.date_start else "…",
            )

    @api.depends("date_start", "slot_ids.date_stop")
    def _compute_date_stop(self):
        for conference in self:
            stops = [stop for stop in conference.slot_ids.mapped("date_stop") if stop]
            conference.date_stop = (
                max(stops)
                if stops
                else (conference.date_start and conference.date_start + timedelta(hours=1))
            )

    @api.depends("slot_ids")
    def _compute_case_count(self):
        for conference in self:
            conference.case_count = len(conference.slot_ids)

    @api.depends("slot_ids.window_note")
    def _compute_warning(self):
        for conference in self:
            notes = [note for note in conference.slot_ids.mapped("window_note") if note]
            conference.warning = " ".join(notes) or False

    @api.constrains("slot_ids", "date_start")
    def _check_slots(self):
        for conference in self:
            slots = [
                (slot.sequence_label, slot.date_start, slot.date_stop)
                for slot in conference.slot_ids
            ]
            for problem, keys in rules.slot_problems(slots):
                raise ValidationError(conference._kim_slot_message(problem, keys))

    def _kim_slot_message(self, problem, keys):
        names = ", ".join(str(key) for key in keys)
        if problem == "too_many":
            return self.env._(
                "A case conference discusses at most %(max)s cases; plan a further "
                "conference for the others.",
                max=rules.MAX_CASES,
            )
        if problem == "too_long":
            return self.env._(
                "%(slot)s is longer than %(max)s minutes; a case has at most an hour.",
                slot=names,
                max=rules.MAX_SLOT_MINUTES,
            )
        if problem == "empty":
            return self.env._("%s ends before it begins.", names)
        return self.env._(
            "%s overlap: each case has a time of its own, so that its institutions attend "
            "only their case.",
            names,
        )

    # Actions -------------------------------------------------------------------------------

    def _kim_check_moderation(self):
        for conference in self:
            if not self.env.su and not self.env.user.has_group("kim_case.group_kim_coordinator"):
                raise UserError(self.env._("Only the coordination organises case conferences."))
            conference.check_access("write")
            if conference.state != "planned":
                raise UserError(
                    self.env._("%s has already taken place or was cancelled.", conference.name)
                )

    def action_add_next_slot(self):
        """A slot for the next checked request, an hour after the last one."""
        self.ensure_one()
        self._kim_check_moderation()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kim.conference.slot",
            "view_mode": "form",
            "target": "new",
            "context": {"default_conference_id": self.id},
        }

    def action_send_invitations(self):
        """Creates or updates the appointment of the conference and the invitations of each
        slot: the institutions of a case get the time of its slot only."""
        self._kim_check_moderation()
        for conference in self:
            if not conference.slot_ids:
                raise UserError(self.env._("Plan the cases of the conference first."))
            conference._kim_sync_events()
        return True

    def action_held(self):
        self._kim_check_moderation()
        for conference in self:
            if not conference.slot_ids:
                raise UserError(self.env._("A conference without cases cannot take place."))
        allow(self, "state").write({"state": "held"})
        requests = self.slot_ids.request_id
        requests._kim_transition(("scheduled",), "held")
        for request in requests:
            # The case manager tells the client the results (Anlage 9.2.6, Vor- und Nachbereitung).
            request.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self) + timedelta(days=14),
                summary=self.env._("Tell the client the results of the case conference"),
                user_id=request.user_id.id or self.env.uid,
            )
        return True

    def action_cancel(self):
        self._kim_check_moderation()
        for conference in self:
            requests = conference.slot_ids.request_id
            conference.slot_ids.with_context(kim_conference_cancel=True).unlink()
            requests._kim_transition(("scheduled",), "checked")
            if conference.event_id:
                conference.event_id.sudo().unlink()
        allow(self, "state").write({"state": "cancelled"})
        return True

    def _kim_check_coordination(self):
        if not self.env.su and not self.env.user.has_group("kim_case.group_kim_coordinator"):
            raise UserError(self.env._("Only the coordination organises case conferences."))
        self.check_access("write")

    def action_transfer_decisions(self):
        """Every decision not yet in a help plan becomes a measure and an activity of its
        case."""
        self._kim_check_coordination()
        for conference in self:
            if conference.state != "held":
                raise UserError(
                    self.env._("Decisions go into the help plans once the conference was held.")
                )
        self.slot_ids.decision_ids._kim_transfer()
        return True

    def action_print_protocols(self):
        return self.env.ref("kim_conference.report_kim_conference_protocol").report_action(
            self.slot_ids
        )

    def action_create_evaluation(self):
        """The evaluation questionnaires for clients and participants (Anlage 9.2.6,
        Evaluation): a copy of each KIM questionnaire for this conference, answered
        anonymously."""
        self.ensure_one()
        self._kim_check_coordination()
        self.env["survey.survey"].sudo()
        for field, xmlid in (
            ("survey_client_id", "kim_conference.survey_evaluation_client"),
            ("survey_participant_id", "kim_conference.survey_evaluation_participant"),
        ):
            if self[field]:
                continue
            template = self.env.ref(xmlid).sudo()
            survey = template.copy({"kim_conference_id": self.id, "kim_template": False})
            survey.title = f"{template.title} – {self.name}"
            allow(self, field).write({field: survey.id})
        return True

    def action_open_evaluation(self):
        self.ensure_one()
        self._kim_check_coordination()
        surveys = self.survey_client_id | self.survey_participant_id
        if not surveys:
            raise UserError(self.env._("Create the evaluation questionnaires first."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Evaluation"),
            "res_model": "survey.survey",
            "view_mode": "list,form",
            "domain": [("id", "in", surveys.ids)],
        }

    # Calendar ------------------------------------------------------------------------------

    def _kim_sync_events(self):
        """One appointment for the conference (moderation and the case managers of its
        cases) and one per slot for the institutions of that case. No appointment names a
        client: the slots are numbered."""
        self.ensure_one()
        Event = self.env["calendar.event"].sudo()
        category = self.env.ref("kim_conference.event_type_case_conference")
        staff = self.moderator_id.partner_id | self.slot_ids.request_id.user_id.partner_id
        values = {
            "name": self.name,
            "start": self.date_start,
            "stop": self.date_stop,
            "location": self.location,
            "user_id": self.moderator_id.id,
            "privacy": "private",
            "categ_ids": [Command.set(category.ids)],
            "kim_meeting_kind": "case_conference",
            "partner_ids": [Command.set(staff.ids)],
        }
        if self.event_id:
            self.event_id.sudo().write(values)
        else:
            allow(self, "event_id").write({"event_id": Event.create(values).id})
        for slot in self.slot_ids:
            slot._kim_sync_event(category)


class KimConferenceSlot(models.Model):
    """The time of one case in a conference, with its four phases, its invited
    institutions, its decisions and the optional minutes."""

    _name = "kim.conference.slot"
    _description = "Case in a case conference"
    _order = "date_start, id"

    conference_id = fields.Many2one(
        "kim.conference", required=True, index=True, ondelete="cascade", kim_kept=True
    )
    request_id = fields.Many2one(
        "kim.conference.request",
        required=True,
        index=True,
        ondelete="cascade",
        kim_kept=True,
        kim_immutable=True,
    )
    case_id = fields.Many2one(
        related="request_id.case_id", store=True, index=True, groups=CASE_ROLES
    )
    municipality_id = fields.Many2one(
        related="conference_id.municipality_id", store=True, index=True
    )
    sequence_label = fields.Char("Slot", compute="_compute_sequence_label")
    date_start = fields.Datetime("From", required=True, kim_kept=True)
    date_stop = fields.Datetime("To", required=True, kim_kept=True)
    duration = fields.Integer("Minutes", compute="_compute_duration")
    phase_plan = fields.Text("Phases", compute="_compute_phase_plan")
    attendee_user_ids = fields.Many2many(
        "res.users", string="Invited logins", compute="_compute_attendee_user_ids"
    )
    event_id = fields.Many2one(
        "calendar.event",
        "Invitation",
        readonly=True,
        copy=False,
        ondelete="set null",
        kim_kept=True,
    )
    window_note = fields.Char("Urgency", compute="_compute_window_note")
    decision_ids = fields.One2many("kim.conference.decision", "slot_id", "Decisions")
    minutes = fields.Text(
        "Minutes of the discussion",
        help="Optional (Verlaufsprotokoll), for complex cases.",
    )
    conference_state = fields.Selection(related="conference_id.state", compute_sudo=False)

    _one_slot_per_request = models.Constraint(
        "UNIQUE (request_id)", "A request has one slot in one conference."
    )

    @api.constrains("conference_id", "date_start", "date_stop")
    def _check_times(self):
        # A slot created or moved on its own is checked with the others of its conference.
        self.conference_id._check_slots()

    @api.depends("conference_id.slot_ids.date_start")
    def _compute_sequence_label(self):
        for slot in self:
            ordered = slot.conference_id.slot_ids.sorted(lambda s: s.date_start or s.create_date)
            position = list(ordered).index(slot) + 1 if slot in ordered else len(ordered) + 1
            slot.sequence_label = self.env._("Case %s", position)

    @api.depends("date_start", "date_stop")
    def _compute_duration(self):
        for slot in self:
            if slot.date_start and slot.date_stop:
                slot.duration = int((slot.date_stop - slot.date_start).total_seconds() // 60)
            else:
                slot.duration = 0

    @api.depends("date_start", "date_stop")
    def _compute_phase_plan(self):
        labels = phase_labels(self.env)
        for slot in self:
            if not (slot.date_start and slot.date_stop):
                slot.phase_plan = False
                continue
            lines = []
            for phase, start, stop in rules.phase_plan(slot.date_start, slot.date_stop):
                lines.append(f"{slot._kim_time(start)}–{slot._kim_time(stop)} {labels[phase]}")
            slot.phase_plan = "\n".join(lines)

    def _kim_time(self, value):
        return format_datetime(self.env, value, dt_format="HH:mm")

    @api.depends("request_id.participant_ids.user_id", "request_id.user_id")
    def _compute_attendee_user_ids(self):
        for slot in self:
            request = slot.sudo().request_id
            slot.attendee_user_ids = request.participant_ids.user_id

    @api.depends("date_start", "request_id.window_start", "request_id.window_end")
    def _compute_window_note(self):
        for slot in self:
            request = slot.request_id
            if not (slot.date_start and request.date_requested):
                slot.window_note = False
                continue
            day = fields.Datetime.context_timestamp(slot, slot.date_start).date()
            where = rules.outside_window(day, request.date_requested, request.urgency)
            if where is None:
                slot.window_note = False
                continue
            slot.window_note = self.env._(
                "%(slot)s lies outside the urgency window of its request (%(start)s to %(end)s).",
                slot=slot.sequence_label,
                start=request.window_start.strftime("%d.%m.%Y"),
                end=request.window_end.strftime("%d.%m.%Y"),
            )

    @api.depends("sequence_label", "conference_id.name")
    def _compute_display_name(self):
        for slot in self:
            slot.display_name = f"{slot.conference_id.name} – {slot.sequence_label}"

    @api.onchange("conference_id")
    def _onchange_conference_id(self):
        if self.conference_id and not self.date_start:
            others = [
                (other.id, other.date_start, other.date_stop)
                for other in self.conference_id.slot_ids
                if other.date_start and other.date_stop and other != self
            ]
            start = rules.next_free_start(others, self.conference_id.date_start)
            self.date_start = start
            self.date_stop = start + timedelta(minutes=rules.MAX_SLOT_MINUTES)

    # Create, change, remove ----------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        slots = super().create(vals_list)
        for slot in slots:
            conference = slot.conference_id
            conference._kim_check_moderation()
            request = slot.request_id
            if request.state != "checked":
                raise UserError(
                    self.env._(
                        "Only a checked request can be scheduled; %s is not.",
                        request.display_name,
                    )
                )
            if request.municipality_id and not (
                request.municipality_id.sudo()._origin
                & self.env["kim.municipality"]
                .sudo()
                .search([("id", "child_of", conference.municipality_id.id)])
            ):
                raise UserError(
                    self.env._(
                        "%(request)s belongs to %(municipality)s, not to the municipality of "
                        "this conference.",
                        request=request.display_name,
                        municipality=request.municipality_id.name,
                    )
                )
            request._kim_check_gate()
            request._kim_transition(("checked",), "scheduled")
            slot._kim_disclose()
        return slots

    def write(self, vals):
        if not self.env.su:
            self.check_access("write")
            self.conference_id._kim_check_moderation()
        result = super().write(vals)
        if {"date_start", "date_stop"} & vals.keys():
            for slot in self.filtered("event_id"):
                slot._kim_sync_event(self.env.ref("kim_conference.event_type_case_conference"))
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_while_planned(self):
        if self.env.context.get("kim_conference_cancel"):
            return
        self.conference_id._kim_check_moderation()

    def unlink(self):
        requests = self.request_id
        events = self.event_id
        cancelling = self.env.context.get("kim_conference_cancel")
        result = super().unlink()
        events.sudo().unlink()
        if not cancelling:
            requests.filtered(lambda r: r.state == "scheduled")._kim_transition(
                ("scheduled",), "checked"
            )
        return result

    def _kim_disclose(self):
        """The form goes to the institutions of the case: each transfer is a disclosure of
        the client's data, covered by the client's release from confidentiality."""
        self.ensure_one()
        request = self.request_id
        case = request.sudo().case_id
        day = fields.Date.context_today(self)
        for participant in request.participant_ids.filtered(lambda p: not p._kim_own_side()):
            self.env["kim.disclosure"].sudo().create(
                {
                    "case_id": case.id,
                    "category_id": participant.category_id.id,
                    "recipient_partner_id": participant.institution_id.id,
                    "date": day,
                    "content": self.env._(
                        "Case conference form: basics, statement of facts, problem areas, questions"
                    ),
                    "purpose": self.env._("Case conference: %s", request.question or ""),
                }
            )

    def _kim_sync_event(self, category):
        self.ensure_one()
        request = self.sudo().request_id
        partners = request.user_id.partner_id | request.participant_ids.user_id.partner_id
        partners |= self.conference_id.moderator_id.partner_id
        values = {
            "name": f"{self.conference_id.name} – {self.sequence_label}",
            "start": self.date_start,
            "stop": self.date_stop,
            "location": self.conference_id.location,
            "user_id": self.conference_id.moderator_id.id,
            "privacy": "private",
            "description": self.phase_plan,
            "categ_ids": [Command.set(category.ids)],
            "kim_meeting_kind": "case_conference",
            "partner_ids": [Command.set(partners.ids)],
        }
        if self.event_id:
            self.event_id.sudo().write(values)
        else:
            event = self.env["calendar.event"].sudo().create(values)
            allow(self, "event_id").write({"event_id": event.id})

    def _kim_audit_cases(self):
        return self.sudo().request_id.case_id.sudo(False)

    def action_print_protocol(self):
        return self.env.ref("kim_conference.report_kim_conference_protocol").report_action(self)


class KimConferenceDecision(models.Model):
    """A decision of the Beschlussprotokoll: a measure, the institution and person
    responsible, the deadline. Transferred, it becomes a measure of the case's help plan
    and an activity for whoever follows it up."""

    _name = "kim.conference.decision"
    _description = "Decision of a case conference"
    _order = "slot_id, sequence, id"

    slot_id = fields.Many2one(
        "kim.conference.slot",
        required=True,
        index=True,
        ondelete="cascade",
        kim_kept=True,
        kim_immutable=True,
    )
    sequence = fields.Integer(default=10, kim_kept=True)
    case_id = fields.Many2one(
        related="slot_id.request_id.case_id", store=True, index=True, groups=CASE_ROLES
    )
    municipality_id = fields.Many2one(
        related="slot_id.conference_id.municipality_id", store=True, index=True
    )
    name = fields.Char("Measure", required=True)
    institution_id = fields.Many2one(
        "res.partner",
        "Responsible institution",
        required=True,
        domain=INSTITUTIONS,
        kim_kept=True,
    )
    person = fields.Char("Responsible person")
    user_id = fields.Many2one(
        "res.users",
        "Follow-up by",
        domain=[("share", "=", False)],
        help="Who gets the activity; without a name, the case manager of the case.",
        kim_kept=True,
    )
    date_deadline = fields.Date("Deadline", required=True, kim_kept=True)
    goal_id = fields.Many2one(
        "kim.case.goal",
        "Goal of the help plan",
        groups=CASE_ROLES,
        help="Without a goal, the measure goes under a goal of its own for the decisions "
        "of this conference.",
        kim_kept=True,
    )
    life_domain_id = fields.Many2one(
        "kim.life.domain",
        "Life domain",
        help="For the new goal, when no goal of the help plan is named.",
        kim_kept=True,
    )
    measure_id = fields.Many2one(
        "kim.case.measure", "Measure in the help plan", readonly=True, copy=False, kim_kept=True
    )
    transferred = fields.Boolean(compute="_compute_transferred", store=True, kim_kept=True)

    @api.depends("measure_id")
    def _compute_transferred(self):
        for decision in self:
            decision.transferred = bool(decision.measure_id)

    @api.constrains("goal_id", "slot_id", "life_domain_id")
    def _check_goal(self):
        for decision in self.sudo():
            if decision.goal_id and decision.goal_id.case_id != decision.slot_id.request_id.case_id:
                raise ValidationError(
                    self.env._("The goal must be one of the help plan of this case.")
                )
            if not decision.goal_id and not decision.life_domain_id:
                raise ValidationError(
                    self.env._(
                        "Name the goal of the help plan or the life domain of decision “%s”.",
                        decision.name,
                    )
                )

    def write(self, vals):
        if not self.env.su and any(decision.measure_id for decision in self):
            raise UserError(
                self.env._("This decision is in the help plan already; change the measure there.")
            )
        return super().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        decisions = super().create(vals_list)
        for conference in decisions.slot_id.conference_id:
            if conference.state == "cancelled":
                raise UserError(self.env._("A cancelled conference takes no decisions."))
            if not self.env.su and not self.env.user.has_group("kim_case.group_kim_coordinator"):
                raise UserError(self.env._("The coordination keeps the record of decisions."))
        return decisions

    def _kim_transfer(self):
        """Measures and activities on the cases (as the server: the coordination keeps the
        record of decisions, the help plan is the case manager's)."""
        goals = {}
        for decision in self.sudo().filtered(lambda d: not d.measure_id):
            slot = decision.slot_id
            case = slot.request_id.case_id
            goal = decision.goal_id
            if not goal:
                key = (slot.id, decision.life_domain_id.id)
                goal = goals.get(key)
                if goal is None:
                    goal = (
                        self.env["kim.case.goal"]
                        .sudo()
                        .create(
                            {
                                "case_id": case.id,
                                "life_domain_id": decision.life_domain_id.id,
                                "name": self.env._("Decisions of the %s", slot.conference_id.name),
                                "date_agreed": fields.Date.context_today(self),
                            }
                        )
                    )
                    goals[key] = goal
            own = decision.institution_id == case.company_id.partner_id
            responsible = " – ".join(
                part for part in (decision.institution_id.name, decision.person) if part
            )
            measure = (
                self.env["kim.case.measure"]
                .sudo()
                .create(
                    {
                        "goal_id": goal.id,
                        "name": decision.name,
                        "responsible": "case_manager" if own else "provider",
                        "provider_name": False if own else responsible,
                        "date_due": decision.date_deadline,
                    }
                )
            )
            allow(decision, "measure_id").write({"measure_id": measure.id})
            # The activity goes to whoever follows the decision up, if they may see the case.
            follower = decision.user_id
            if not follower or follower.share or not case.with_user(follower).has_access("read"):
                follower = None
            case.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=decision.date_deadline,
                summary=self.env._("Case conference decision: %s", decision.name),
                note=self.env._("Responsible: %s", responsible),
                user_id=(follower or case.user_id or self.env.user).id,
            )
            case._kim_audit(
                "conference",
                self.env._("Decision taken into the help plan: %s", decision.name),
            )

    def _kim_audit_cases(self):
        return self.sudo().slot_id.request_id.case_id.sudo(False)
