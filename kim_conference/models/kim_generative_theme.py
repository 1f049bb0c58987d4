from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kim_case.trust import allow

from ..rules import themes as rules

SOURCES = [
    ("case_conference", "Case conference"),
    ("planning_conference", "Planning conference"),
    ("case_reconstruction", "Case reconstruction"),
    ("team_meeting", "Team meeting"),
    ("peer_counselling", "Peer case counselling"),
    ("case_manager", "Case manager"),
]
STATES = [
    (rules.RECOGNISED, "Recognised"),
    (rules.BUNDLED, "Bundled"),
    (rules.STEERING, "In the Lenkungskreis"),
    (rules.PROJECT, "Project group"),
    (rules.IMPLEMENTED, "Implemented"),
    (rules.DISCARDED, "Discarded"),
]
COORDINATOR = "kim_case.group_kim_coordinator"


class KimGenerativeTheme(models.Model):
    """A generative theme (seed 003 §5 and Anlage 9.2.6; seed 002 §3; seed 004): a
    structural gap, breaking point or need for cooperation seen in single cases, formulated
    so that the Lenkungskreis can act on it. The evidence is a number of cases, never a link
    to a case or a person.

    recognised → bundled → in the Lenkungskreis → project group → implemented, or
    discarded at any open step; each step is an action of the coordination and is kept with
    its date and decision."""

    _name = "kim.generative.theme"
    _description = "Generative theme"
    _inherit = ["mail.thread"]
    _order = "date_recognised desc, id desc"

    name = fields.Char("Theme", required=True, tracking=True)
    description = fields.Text()
    life_domain_id = fields.Many2one("kim.life.domain", "Life domain", index=True)
    municipality_id = fields.Many2one(
        "kim.municipality",
        required=True,
        index=True,
        default=lambda self: (
            self.env.user.kim_municipality_ids or self.env.company.kim_municipality_ids
        )[:1],
        tracking=True,
    )
    source = fields.Selection(SOURCES, required=True, default="case_manager")
    source_event_id = fields.Many2one(
        "calendar.event",
        "Meeting it came from",
        ondelete="set null",
        domain=[("kim_meeting_kind", "!=", False)],
    )
    vignette_id = fields.Many2one(
        "kim.planning.vignette", index="btree_not_null", ondelete="set null"
    )
    case_count = fields.Integer(
        "Cases showing it", default=1, help="How many cases show the theme (the evidence)."
    )
    state = fields.Selection(
        STATES, required=True, default=rules.RECOGNISED, readonly=True, tracking=True, index=True
    )
    cluster_id = fields.Many2one(
        "kim.generative.theme.cluster", readonly=True, index="btree_not_null"
    )
    steering_event_id = fields.Many2one(
        "calendar.event",
        "Lenkungskreis meeting",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    date_recognised = fields.Date("Recognised on", required=True, default=fields.Date.context_today)
    step_ids = fields.One2many("kim.generative.theme.step", "theme_id", "Course", readonly=True)
    decision = fields.Text(
        "Decision for the next step", help="Recorded with the next step, then emptied."
    )

    _evidence_positive = models.Constraint(
        "CHECK (case_count >= 1)", "A theme rests on at least one case."
    )

    # Steps ---------------------------------------------------------------------------------

    def _kim_move(self, target, **values):
        labels = dict(self._fields["state"]._description_selection(self.env))
        if not self.env.su and not self.env.user.has_group(COORDINATOR):
            raise UserError(self.env._("Only the coordination moves generative themes on."))
        for theme in self:
            if not rules.may_move(theme.state, target):
                raise UserError(
                    self.env._(
                        "“%(theme)s” is %(state)s; it cannot go to “%(target)s” from there. "
                        "A theme moves one step at a time.",
                        theme=theme.name,
                        state=labels[theme.state],
                        target=labels[target],
                    )
                )
        today = fields.Date.context_today(self)
        steps = [
            {
                "theme_id": theme.id,
                "state": target,
                "date": today,
                "user_id": self.env.uid,
                "decision": theme.decision,
            }
            for theme in self
        ]
        allow(self, "state", *values).write({"state": target, **values})
        self.env["kim.generative.theme.step"].sudo().create(steps)
        self.write({"decision": False})

    def action_discard(self):
        for theme in self:
            if not (theme.decision or "").strip():
                raise UserError(self.env._("Record why “%s” is discarded (decision).", theme.name))
        self._kim_move(rules.DISCARDED)
        return True

    def action_to_project_group(self):
        self._kim_move(rules.PROJECT)
        return True

    def action_implemented(self):
        self._kim_move(rules.IMPLEMENTED)
        return True

    def action_bundle(self):
        return self._kim_wizard("bundle")

    def action_to_steering(self):
        return self._kim_wizard("steering")

    def _kim_wizard(self, mode):
        return {
            "type": "ir.actions.act_window",
            "res_model": "kim.theme.step.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_mode": mode,
                "default_theme_ids": self.ids,
            },
        }

    def action_print_list(self):
        return self.env.ref("kim_conference.report_kim_theme_list").report_action(self)


class KimGenerativeThemeStep(models.Model):
    """One step in the course of a theme: when, to which status, by whom and with which
    decision. Written by the steps only; never changed."""

    _name = "kim.generative.theme.step"
    _description = "Step of a generative theme"
    _order = "date, id"

    theme_id = fields.Many2one(
        "kim.generative.theme", required=True, index=True, ondelete="cascade"
    )
    state = fields.Selection(STATES, required=True)
    date = fields.Date(required=True)
    user_id = fields.Many2one("res.users", "By")
    decision = fields.Text()


class KimGenerativeThemeCluster(models.Model):
    """Themes bundled by the coordination of a district or a town: themes of the town
    itself or, for a district (Kreis), of all its towns (seed 004: the coordinating offices
    of Kreis Gütersloh bundle the themes of all KIM towns and cluster them)."""

    _name = "kim.generative.theme.cluster"
    _description = "Cluster of generative themes"
    _order = "id desc"

    name = fields.Char("Cluster", required=True)
    description = fields.Text()
    life_domain_id = fields.Many2one("kim.life.domain", "Life domain")
    municipality_id = fields.Many2one(
        "kim.municipality",
        "District or town",
        required=True,
        index=True,
        default=lambda self: self.env.user.kim_municipality_ids[:1],
    )
    theme_ids = fields.One2many("kim.generative.theme", "cluster_id", "Themes", readonly=True)
    theme_count = fields.Integer("Number of themes", compute="_compute_counts")
    case_count = fields.Integer("Cases showing it", compute="_compute_counts")
    municipality_names = fields.Char("From", compute="_compute_counts")

    @api.depends("theme_ids.case_count", "theme_ids.municipality_id")
    def _compute_counts(self):
        for cluster in self:
            cluster.theme_count = len(cluster.theme_ids)
            cluster.case_count = sum(cluster.theme_ids.mapped("case_count"))
            cluster.municipality_names = ", ".join(
                sorted(set(cluster.theme_ids.municipality_id.mapped("name")))
            )

    def _kim_check_theme(self, theme):
        """A theme joins a cluster of its own town or of the district containing it."""
        parents = {}
        area = theme.sudo().municipality_id
        while area:
            parents[area.id] = area.parent_id.id or None
            area = area.parent_id
        if not rules.may_cluster(theme.municipality_id.id, self.municipality_id.id, parents):
            raise ValidationError(
                self.env._(
                    "“%(theme)s” of %(town)s cannot join a cluster of %(area)s: a cluster "
                    "holds the themes of its town, or of the towns of its district.",
                    theme=theme.name,
                    town=theme.municipality_id.name,
                    area=self.municipality_id.name,
                )
            )

    def action_to_steering(self):
        return self.theme_ids.filtered(lambda t: t.state == rules.BUNDLED).action_to_steering()

    def action_print_list(self):
        return self.env.ref("kim_conference.report_kim_theme_list").report_action(self.theme_ids)
