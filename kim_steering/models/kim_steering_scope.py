from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import period


class KimSteeringScope(models.AbstractModel):
    """A municipality the user coordinates (a district includes its towns) and a period:
    what the annual report and the state export are made of. Only the municipality's
    coordination may report on it."""

    _name = "kim.steering.scope"
    _description = "KIM reporting scope"

    municipality_id = fields.Many2one(
        "kim.municipality",
        required=True,
        default=lambda self: self._kim_coordinated()[:1],
        domain="[('id', 'in', coordinated_ids)]",
    )
    coordinated_ids = fields.Many2many("kim.municipality", compute="_compute_coordinated_ids")
    date_from = fields.Date(
        "From",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=1, day=1),
    )
    date_to = fields.Date(
        "Until",
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(month=12, day=31),
    )

    def _kim_coordinated(self):
        """The municipalities the user coordinates, with the towns of a district."""
        return self.env["kim.municipality"].browse(
            self.env.user._kim_coordinated_municipality_ids()
        )

    @api.depends_context("uid")
    def _compute_coordinated_ids(self):
        coordinated = self._kim_coordinated()
        for scope in self:
            scope.coordinated_ids = coordinated

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for scope in self:
            if period.period_problem(scope.date_from, scope.date_to) == "reversed":
                raise ValidationError(self.env._("The end of the period lies before its start."))

    def _kim_check_scope(self):
        self.ensure_one()
        self._check_period()
        if self.municipality_id not in self._kim_coordinated():
            raise UserError(
                self.env._(
                    "You do not coordinate “%(municipality)s”: only its coordination may "
                    "report on its cases.",
                    municipality=self.municipality_id.sudo().display_name,
                )
            )

    def _kim_in_municipality(self):
        return [("municipality_id", "child_of", self.municipality_id.id)]

    def _kim_active(self):
        """Cases active on some day of the period (rules/period.py, overlaps)."""
        return [
            *self._kim_in_municipality(),
            ("date_open", "<=", self.date_to),
            "|",
            ("date_closed", "=", False),
            ("date_closed", ">=", self.date_from),
        ]

    def _kim_opened(self):
        return [
            *self._kim_in_municipality(),
            ("date_open", ">=", self.date_from),
            ("date_open", "<=", self.date_to),
        ]

    def _kim_closed(self):
        return [
            *self._kim_in_municipality(),
            ("date_closed", ">=", self.date_from),
            ("date_closed", "<=", self.date_to),
        ]

    def _kim_stage_visits(self, cases):
        """The stages each case passed, with the days spent in each, in order: from the
        stage changes its history tracked (``[(stage id, days), ...]`` per case id). The
        last stage counts until the closing, or until today."""
        field = self.env["ir.model.fields"]._get("kim.case", "stage_id")
        self.env.cr.execute(
            """
            SELECT m.res_id, m.date::date, v.old_value_integer
              FROM mail_tracking_value v
              JOIN mail_message m ON m.id = v.mail_message_id
             WHERE m.model = 'kim.case' AND m.res_id = ANY(%s) AND v.field_id = %s
             ORDER BY m.res_id, m.date, v.id
            """,
            (cases.ids, field.id),
        )
        changes = defaultdict(list)
        for case_id, day, old in self.env.cr.fetchall():
            changes[case_id].append((day, old))
        # Three columns of each case; a Land's report passes hundreds of thousands of cases,
        # which as records would be read with all their fields.
        self.env["kim.case"].flush_model(["stage_id", "date_open", "date_closed"])
        self.env.cr.execute(
            "SELECT id, stage_id, date_open, date_closed FROM kim_case WHERE id = ANY(%s)",
            (cases.ids,),
        )
        rows = {case_id: row for case_id, *row in self.env.cr.fetchall()}
        today = fields.Date.context_today(self)
        visits = {}
        for case_id in cases.ids:
            stage_id, date_open, date_closed = rows[case_id]
            passed, start = [], date_open
            for day, old in changes.get(case_id, ()):
                if old and start:
                    passed.append((old, max((day - start).days, 0)))
                start = day
            if stage_id and start:
                passed.append((stage_id, max(((date_closed or today) - start).days, 0)))
            visits[case_id] = passed
        return visits
