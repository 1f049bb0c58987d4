from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kim_case.trust import allow

from ..rules import peer as rules

ROLES = [
    (rules.CASE_GIVER, "Case giver"),
    (rules.MODERATOR, "Moderator"),
    (rules.ADVISOR, "Advisor"),
    (rules.MINUTE_TAKER, "Minute taker"),
    (rules.TIMEKEEPER, "Timekeeper"),
    (rules.OBSERVER, "Process observer"),
]
STATES = [("planned", "Planned"), ("running", "Running"), ("done", "Done")]


def phase_texts(env):
    """The nine phases of the Leitfaden (Anlage 9.2.7) with their rules, in the user's
    language: (name, rules)."""
    return [
        (
            env._("1. Case presentation"),
            env._(
                "The case giver reports on a client, the problem and their most important "
                "question\nAdvisors listen and take notes\nNO QUESTIONS"
            ),
        ),
        (
            env._("2. Questions of understanding"),
            env._("No hypotheses\nNo advice\nQuestions for information and understanding only"),
        ),
        (
            env._("3. Brainstorming"),
            env._(
                "Advisors voice varied, non-judgemental hypotheses, associations and "
                "transfers. Do not judge!\nNo proposals for solutions yet!\nThe case giver "
                "only listens"
            ),
        ),
        (
            env._("4. Questions back"),
            env._("Short questions possible\nShort feedback of the case giver possible"),
        ),
        (env._("5. Key themes / deepening"), env._("Core statements of the brainstorming")),
        (
            env._("6. Action plan / proposals"),
            env._(
                "Advisors tell the case giver what they would do in the case giver's role\n"
                "Proposals are briefly justified\nThe case giver only listens at first"
            ),
        ),
        (
            env._("7. Decision"),
            env._(
                "The case giver says how they feel now\nThe case giver can say which "
                "proposals they take up and which concrete steps they want to take"
            ),
        ),
        (env._("8. Reflection"), env._("Feedback of the process observer")),
        (
            env._("9. Feedback round"),
            env._(
                "How were we with each other?\nWhat went well, what did not?\nEveryone gives "
                "short feedback (1 min)"
            ),
        ),
    ]


class KimPeerCounselling(models.Model):
    """A kollegiale Fallberatung (seed 003 §7.10, Anlage 9.2.7): one case, presented
    pseudonymously by the case giver to a group of five to ten, in nine timed phases with
    six roles assigned anew for each session. The session holds no link to a case or a
    client: what the case giver presents is written for the group."""

    _name = "kim.peer.counselling"
    _description = "Peer case counselling"
    _inherit = ["mail.activity.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char("Topic", required=True, help="A topic, never the client's name.")
    municipality_id = fields.Many2one(
        "kim.municipality",
        required=True,
        index=True,
        default=lambda self: (
            self.env.user.kim_municipality_ids or self.env.company.kim_municipality_ids
        )[:1],
    )
    date_start = fields.Datetime("Begins", required=True, default=fields.Datetime.now)
    location = fields.Char()
    event_id = fields.Many2one("calendar.event", "Appointment", readonly=True, copy=False)
    participant_ids = fields.One2many(
        "kim.peer.counselling.participant", "session_id", "Participants and roles"
    )
    participant_count = fields.Integer(compute="_compute_participant_count")
    member_user_ids = fields.Many2many(
        "res.users", string="Members", compute="_compute_member_user_ids"
    )
    presentation = fields.Text(
        "Case presentation (pseudonymous)",
        help="What the group needs to know, without the client's name, date of birth, address "
        "or anything else that identifies them.",
    )
    main_question = fields.Text("Most important question")
    phase_ids = fields.One2many("kim.peer.counselling.phase", "session_id", "Phases")
    current_phase_id = fields.Many2one(
        "kim.peer.counselling.phase", "Current phase", readonly=True, copy=False
    )
    current_phase_name = fields.Char(
        related="current_phase_id.name", string="Phase", compute_sudo=False
    )
    current_phase_rules = fields.Text(
        related="current_phase_id.rules", string="Rules", compute_sudo=False
    )
    current_phase_minutes = fields.Integer(
        related="current_phase_id.minutes", string="Minutes", compute_sudo=False
    )
    phase_started_at = fields.Datetime(
        related="current_phase_id.started_at", string="Since", compute_sudo=False
    )
    next_phase_name = fields.Char(compute="_compute_next_phase_name", string="Next phase")
    state = fields.Selection(STATES, required=True, default="planned", readonly=True, index=True)
    # The result protocol.
    key_themes = fields.Text("Key themes")
    proposals = fields.Text()
    taken_up = fields.Text("What the case giver takes up")
    observer_feedback = fields.Text("Feedback of the process observer")
    my_role = fields.Selection(ROLES, compute="_compute_my_role", string="My role")

    @api.depends("participant_ids")
    def _compute_participant_count(self):
        for session in self:
            session.participant_count = len(session.participant_ids)

    @api.depends("participant_ids.user_id")
    def _compute_member_user_ids(self):
        for session in self:
            session.member_user_ids = session.participant_ids.user_id

    @api.depends("current_phase_id", "phase_ids.sequence")
    def _compute_next_phase_name(self):
        for session in self:
            following = session._kim_next_phase()
            session.next_phase_name = following.name if following else False

    @api.depends_context("uid")
    @api.depends("participant_ids.role", "participant_ids.user_id")
    def _compute_my_role(self):
        for session in self:
            mine = session.participant_ids.filtered(lambda p: p.user_id == self.env.user)
            session.my_role = mine[:1].role

    def _kim_next_phase(self):
        phases = self.phase_ids.sorted("sequence")
        if not self.current_phase_id:
            return phases[:1] if self.state == "planned" else phases.browse()
        later = phases.filtered(lambda p: p.sequence > self.current_phase_id.sequence)
        return later[:1]

    @api.constrains("participant_ids")
    def _check_group(self):
        for session in self:
            problems = rules.group_problems(session.participant_ids.mapped("role"))
            if problems:
                raise ValidationError(session._kim_group_message(*problems[0]))
            if len(session.participant_ids.user_id) < len(session.participant_ids):
                raise ValidationError(self.env._("Each person takes part once, in one role."))

    def _kim_group_message(self, problem, detail):
        roles = dict(
            self.env["kim.peer.counselling.participant"]
            ._fields["role"]
            ._description_selection(self.env)
        )
        if problem in ("too_few", "too_many"):
            return self.env._(
                "A peer counselling needs %(min)s to %(max)s participants, not %(count)s.",
                min=rules.MIN_PARTICIPANTS,
                max=rules.MAX_PARTICIPANTS,
                count=detail,
            )
        label = roles[detail]
        if problem == "missing":
            return self.env._("Nobody holds the role “%s”: assign every role.", label)
        return self.env._("Only one person holds the role “%s”.", label)

    @api.model_create_multi
    def create(self, vals_list):
        sessions = super().create(vals_list)
        self.env["kim.peer.counselling.phase"].sudo().create(
            [
                {"session_id": session.id, "sequence": index + 1, "minutes": minutes}
                for session in sessions
                for index, minutes in enumerate(rules.PHASE_MINUTES)
            ]
        )
        return sessions

    # Actions -------------------------------------------------------------------------------

    def _kim_check_runner(self):
        """The timekeeper runs the phases; the moderator and the coordination may too."""
        for session in self:
            if self.env.su or self.env.user.has_group("kim_case.group_kim_coordinator"):
                continue
            if session.my_role not in (rules.TIMEKEEPER, rules.MODERATOR):
                raise UserError(
                    self.env._("The timekeeper or the moderator moves to the next phase.")
                )

    def _kim_check_organiser(self):
        for session in self:
            if self.env.su:
                continue
            if session.state != "planned":
                raise UserError(
                    self.env._("The group and its roles do not change once the session began.")
                )
            organiser = (
                self.env.user.has_group("kim_case.group_kim_coordinator")
                or session.create_uid == self.env.user
                or session.my_role == rules.MODERATOR
            )
            if not organiser:
                raise UserError(
                    self.env._(
                        "The group and its roles are set by whoever organises the session: "
                        "the coordination, the colleague who planned it or its moderator."
                    )
                )

    def action_start(self):
        self._kim_check_runner()
        for session in self:
            if session.state != "planned":
                raise UserError(self.env._("This peer counselling has already begun."))
            session._check_group()
            if not (session.presentation or "").strip() and not (session.name or "").strip():
                raise UserError(self.env._("Give the session a topic first."))
            session._kim_enter(session._kim_next_phase())
        return True

    def action_next_phase(self):
        self._kim_check_runner()
        self._check_group()
        for session in self:
            if session.state != "running":
                raise UserError(self.env._("The peer counselling is not running."))
            session._kim_enter(session._kim_next_phase())
        return True

    def _kim_enter(self, phase):
        now = fields.Datetime.now()
        if self.current_phase_id:
            self.current_phase_id.sudo().write({"ended_at": now})
        if phase:
            phase.sudo().write({"started_at": now})
            allow(self, "current_phase_id", "state").write(
                {"current_phase_id": phase.id, "state": "running"}
            )
        else:
            allow(self, "current_phase_id", "state").write(
                {"current_phase_id": False, "state": "done"}
            )

    def action_schedule(self):
        """The appointment of the session for all participants."""
        for session in self:
            values = {
                "name": session.name,
                "start": session.date_start,
                "stop": session.date_start + timedelta(minutes=rules.total_minutes()),
                "location": session.location,
                "privacy": "private",
                "categ_ids": [
                    Command.set(self.env.ref("kim_conference.event_type_peer_counselling").ids)
                ],
                "kim_meeting_kind": "peer_counselling",
                "partner_ids": [Command.set(session.participant_ids.user_id.partner_id.ids)],
            }
            if session.event_id:
                session.event_id.sudo().write(values)
            else:
                event = self.env["calendar.event"].sudo().create(values)
                allow(session, "event_id").write({"event_id": event.id})
        return True


class KimPeerCounsellingParticipant(models.Model):
    _name = "kim.peer.counselling.participant"
    _description = "Participant of a peer counselling"
    _order = "session_id, role, id"

    session_id = fields.Many2one(
        "kim.peer.counselling", required=True, index=True, ondelete="cascade", kim_immutable=True
    )
    user_id = fields.Many2one(
        "res.users",
        "Person",
        required=True,
        domain=[("share", "=", False)],
    )
    role = fields.Selection(ROLES, required=True, default=rules.ADVISOR)

    # The group of a session is set by whoever organises it: the coordination, the
    # colleague who planned it or its moderator; and only before it begins.
    @api.model_create_multi
    def create(self, vals_list):
        participants = super().create(vals_list)
        participants.session_id._kim_check_organiser()
        return participants

    def write(self, vals):
        self.session_id._kim_check_organiser()
        return super().write(vals)

    def unlink(self):
        self.session_id._kim_check_organiser()
        return super().unlink()


class KimPeerCounsellingPhase(models.Model):
    _name = "kim.peer.counselling.phase"
    _description = "Phase of a peer counselling"
    _order = "session_id, sequence"

    session_id = fields.Many2one(
        "kim.peer.counselling", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(required=True)
    name = fields.Char(compute="_compute_texts")
    rules = fields.Text(compute="_compute_texts")
    minutes = fields.Integer(required=True)
    started_at = fields.Datetime(readonly=True)
    ended_at = fields.Datetime(readonly=True)
    actual_minutes = fields.Integer("Minutes taken", compute="_compute_actual_minutes")

    @api.depends("sequence")
    @api.depends_context("lang")
    def _compute_texts(self):
        """The phase and its rules as the Leitfaden writes them, in the reader's language."""
        texts = phase_texts(self.env)
        for phase in self:
            name, rule = texts[phase.sequence - 1] if 0 < phase.sequence <= len(texts) else ("", "")
            phase.name, phase.rules = name, rule

    @api.depends("started_at", "ended_at")
    def _compute_actual_minutes(self):
        for phase in self:
            if phase.started_at and phase.ended_at:
                phase.actual_minutes = round(
                    (phase.ended_at - phase.started_at).total_seconds() / 60
                )
            else:
                phase.actual_minutes = 0
