from odoo import api, fields, models

# The meeting formats of KIM (seed 003 §7.5, §7.9–7.11; seed 002 §3, table 2; seed 004),
# each with its event type and, for the recurring ones, its usual rhythm:
# (rhythm in months, meetings a year).
MEETING_KINDS = [
    ("case_conference", "Case conference"),
    ("peer_counselling", "Peer case counselling"),
    ("team_meeting", "Team meeting (with ABH/EBH)"),
    ("case_reconstruction", "Case reconstruction"),
    ("steering_group", "Steering group"),
    ("lenkungskreis", "Lenkungskreis"),
    ("planning_conference", "Planning conference"),
]
EVENT_TYPES = {
    "case_conference": "kim_conference.event_type_case_conference",
    "peer_counselling": "kim_conference.event_type_peer_counselling",
    "team_meeting": "kim_conference.event_type_team_meeting",
    "case_reconstruction": "kim_conference.event_type_case_reconstruction",
    "steering_group": "kim_conference.event_type_steering_committee",
    "lenkungskreis": "kim_conference.event_type_steering_group",
    "planning_conference": "kim_conference.event_type_planning_conference",
}
RHYTHMS = {
    "team_meeting": (2, 6),  # six a year (003 §7.5)
    "case_reconstruction": (6, 2),  # twice a year (003 §7.11)
    "lenkungskreis": (6, 2),  # half-yearly (seed 004)
}


class CalendarEvent(models.Model):
    _inherit = "calendar.event"

    kim_meeting_kind = fields.Selection(
        MEETING_KINDS, "KIM format", index="btree_not_null", copy=True
    )
    kim_present_partner_ids = fields.Many2many(
        "res.partner",
        "kim_calendar_event_present_rel",
        "event_id",
        "partner_id",
        "Present",
        help="Who attended (the invited are the attendees).",
    )
    kim_present_count = fields.Integer("Attendance", compute="_compute_kim_present_count")
    kim_theme_ids = fields.One2many(
        "kim.generative.theme", "steering_event_id", "Themes on the agenda"
    )
    kim_vignette_ids = fields.One2many("kim.planning.vignette", "event_id", "Vignettes")
    kim_rhythm = fields.Boolean(compute="_compute_kim_rhythm")

    @api.depends("kim_present_partner_ids")
    def _compute_kim_present_count(self):
        for event in self:
            event.kim_present_count = len(event.kim_present_partner_ids)

    @api.onchange("kim_meeting_kind")
    def _onchange_kim_meeting_kind(self):
        """The format's event type and, for the recurring formats, its rhythm for a year."""
        if not self.kim_meeting_kind:
            return
        category = self.env.ref(EVENT_TYPES[self.kim_meeting_kind], raise_if_not_found=False)
        if category:
            self.categ_ids = category
        if not self.name:
            self.name = dict(self._fields["kim_meeting_kind"]._description_selection(self.env))[
                self.kim_meeting_kind
            ]

    @api.depends("kim_meeting_kind", "recurrency")
    def _compute_kim_rhythm(self):
        for event in self:
            rhythm = RHYTHMS.get(event.kim_meeting_kind)
            event.kim_rhythm = bool(rhythm) and not event.recurrency

    def action_kim_plan_year(self):
        """The meetings of a year in the format's rhythm: a team meeting every two months,
        a case reconstruction and the Lenkungskreis every six."""
        for event in self:
            rhythm = RHYTHMS.get(event.kim_meeting_kind)
            if not rhythm or event.recurrency:
                continue
            interval, count = rhythm
            event.write(
                {
                    "recurrency": True,
                    "rrule_type_ui": "custom",
                    "rrule_type": "monthly",
                    "interval": interval,
                    "end_type": "count",
                    "count": count,
                    "month_by": "date",
                    "day": event.start.day,
                }
            )
        return True

    def action_kim_mark_all_present(self):
        for event in self:
            event.kim_present_partner_ids = event.partner_ids
        return True
