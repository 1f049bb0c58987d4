import base64
import csv
import io
from collections import defaultdict

from odoo import api, fields, models

from odoo.addons.kim_case.trust import allow

from ..rules import pseudonym

SECRET_PARAMETER = "kim_steering.export_secret"

# The columns of the state export, in this order (documented in README.md). Nothing in it
# names or locates a person: no name, address, date of birth or free text.
COLUMNS = (
    ("case_key", "pseudonymous case key, stable across exports, not reversible"),
    ("municipality_key", "official municipality key (AGS) of the case"),
    ("birth_year", "year of birth"),
    ("gender", "m, w or d"),
    ("nationality", "ISO code of the first nationality recorded"),
    ("target_group", "zg1, zg2 or zg3"),
    ("case_type", "cm, short or referral"),
    ("access_route", "how the person came into KIM"),
    ("crisis", "1 for a crisis admission"),
    ("date_open", "date the case was opened"),
    ("date_closed", "date it was closed, empty while open"),
    ("closing_reason", "why it was closed"),
    ("stage", "the stage at the end of the period (its position in the process)"),
    ("stage_days", "days spent in each stage, as position=days separated by |"),
    ("contacts", "number of counselling contacts"),
    ("counselling_minutes", "minutes of counselling"),
    ("goals", "number of goals agreed"),
    ("goals_reached", "goals reached"),
    ("goals_partly", "goals partly reached"),
    ("goals_not_reached", "goals not reached or dropped"),
)


class KimStateExport(models.TransientModel):
    """The anonymised case-level file for the Land (Landesdatenbank, seed 003 §7.1) of one
    municipality and period: the cases active at some day of the period, each under a
    pseudonymous key. Only a coordinator of the municipality may export; every export is
    written to the audit log of the cases it holds."""

    _name = "kim.state.export"
    _inherit = ["kim.steering.scope"]
    _description = "KIM state export"

    file = fields.Binary(readonly=True, attachment=False)
    filename = fields.Char(readonly=True)
    case_count = fields.Integer("Cases exported", readonly=True)

    @api.model
    def _kim_secret(self):
        """The installation's secret for the case keys, made once on the first export."""
        parameters = self.env["ir.config_parameter"].sudo()
        secret = parameters.get_param(SECRET_PARAMETER)
        if not secret:
            secret = pseudonym.new_secret()
            parameters.set_param(SECRET_PARAMETER, secret)
        return secret

    def _kim_cases(self):
        """The cases of the municipality (and its towns) active in the period, as the
        user's record rules let them see them."""
        return self.env["kim.case"].search(self._kim_active(), order="date_open, id")

    def action_export(self):
        self._kim_check_scope()
        cases = self._kim_cases()
        rows = self._kim_rows(cases)
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
        writer.writerow([name for name, _doc in COLUMNS])
        writer.writerows(rows)
        official_key = self.municipality_id.official_key or self.municipality_id.id
        allow(self, "file", "filename", "case_count").write(
            {
                "file": base64.b64encode(buffer.getvalue().encode("utf-8")),
                "filename": f"kim_landesexport_{official_key}_{self.date_from}_{self.date_to}.csv",
                "case_count": len(cases),
            }
        )
        if cases:
            self.env["kim.audit.log"]._log(
                cases,
                "export",
                self.env._(
                    "State export %(municipality)s, %(start)s to %(end)s (anonymised)",
                    municipality=self.municipality_id.display_name,
                    start=self.date_from,
                    end=self.date_to,
                ),
            )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kim_steering.kim_state_export_action"
        )
        return {**action, "res_id": self.id}

    def _kim_rows(self, cases):
        """One row per case in the order of COLUMNS, read in bulk (no query per case)."""
        if not cases:
            return []
        secret = self._kim_secret()
        goals = self._kim_goal_outcomes(cases)
        stage_days = self._kim_stage_days(cases)
        rows = []
        data = cases.sudo()
        for case in data:
            partner = case.partner_id
            birth_year = partner.kim_birth_year or (
                partner.kim_birthdate.year if partner.kim_birthdate else ""
            )
            outcome = goals[case.id]
            rows.append(
                [
                    pseudonym.case_key(secret, case.id),
                    case.municipality_id.official_key or "",
                    birth_year,
                    partner.kim_gender or "",
                    (partner.kim_nationality_ids.sorted("id")[:1].code or "").upper(),
                    case.target_group or "",
                    case.case_type or "",
                    case.access_route or "",
                    1 if case.is_crisis else 0,
                    case.date_open or "",
                    case.date_closed or "",
                    case.closing_reason or "",
                    case.stage_id.sequence if case.stage_id else "",
                    stage_days.get(case.id, ""),
                    case.contact_count,
                    case.contact_minutes,
                    sum(outcome.values()),
                    outcome["reached"],
                    outcome["partly"],
                    outcome["not_reached"] + outcome["dropped"],
                ]
            )
        return rows

    def _kim_goal_outcomes(self, cases):
        outcomes = defaultdict(lambda: defaultdict(int))
        for case, outcome, count in (
            self.env["kim.case.goal"]
            .sudo()
            ._read_group([("case_id", "in", cases.ids)], ["case_id", "outcome"], ["__count"])
        ):
            outcomes[case.id][outcome or "open"] += count
        return outcomes

    def _kim_stage_days(self, cases):
        """Days in each stage as ``sequence=days`` in the order they were passed."""
        stages = {
            stage.id: stage.sequence for stage in self.env["kim.case.stage"].sudo().search([])
        }
        return {
            case_id: "|".join(f"{stages.get(stage_id, '')}={days}" for stage_id, days in visits)
            for case_id, visits in self._kim_stage_visits(cases).items()
        }
