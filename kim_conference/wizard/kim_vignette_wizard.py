from odoo import api, fields, models

from ..models.kim_planning_vignette import EDUCATION_LEVELS, ORIGIN_REGIONS
from ..rules import vignette as rules


class KimVignetteWizard(models.TransientModel):
    """Derives a vignette from a case: only categories leave the case (age band, gender,
    family status, problem areas, actors); the title and the needs are written anew."""

    _name = "kim.vignette.wizard"
    _description = "Derive an anonymised vignette"

    case_id = fields.Many2one("kim.case", required=True, ondelete="cascade")
    name = fields.Char("Title", required=True)
    event_id = fields.Many2one(
        "calendar.event",
        "Planning conference",
        domain=[("kim_meeting_kind", "=", "planning_conference")],
    )
    origin_region = fields.Selection(ORIGIN_REGIONS)
    education_level = fields.Selection(EDUCATION_LEVELS)
    needs = fields.Text()

    @api.model
    def _kim_categories(self, case):
        """The categories of ``case`` a vignette may show."""
        partner = case.partner_id
        today = fields.Date.context_today(self)
        household = case.household_id
        minors = household.minor_count if household else 0
        adults = (household.person_count - minors) if household else 1
        if minors and adults >= 2:
            family = "family"
        elif minors:
            family = "single_parent"
        elif adults >= 2:
            family = "couple"
        else:
            family = "single"
        gender = partner.kim_gender or "unknown"
        return {
            "age_band": rules.age_band(partner.kim_birthdate, today),
            "gender": gender,
            "family_status": family,
            "municipality_id": case.municipality_id.id,
            "problem_area_ids": [(6, 0, case.goal_ids.life_domain_id.ids)],
            "actor_ids": [(6, 0, case._kim_vignette_actors().ids)],
        }

    def action_create(self):
        self.ensure_one()
        # The case is read as the user who derives the vignette (their rules apply).
        values = self._kim_categories(self.case_id)
        values.update(
            name=self.name,
            event_id=self.event_id.id,
            origin_region=self.origin_region,
            education_level=self.education_level,
            needs=self.needs,
        )
        vignette = self.env["kim.planning.vignette"].create(values)
        return {
            "type": "ir.actions.act_window",
            "res_model": "kim.planning.vignette",
            "res_id": vignette.id,
            "view_mode": "form",
            "target": "current",
        }
