from odoo import fields, models

AGE_BANDS = [
    ("under_18", "Under 18"),
    ("18_26", "18 to 26"),
    ("27_39", "27 to 39"),
    ("40_54", "40 to 54"),
    ("55_66", "55 to 66"),
    ("67_plus", "67 and older"),
]
GENDERS = [("w", "Female"), ("m", "Male"), ("d", "Diverse"), ("unknown", "Not stated")]
FAMILY_STATUSES = [
    ("single", "Single"),
    ("couple", "Couple without children"),
    ("family", "Couple with children"),
    ("single_parent", "Single parent"),
    ("other", "Other"),
]
ORIGIN_REGIONS = [
    ("eu", "European Union"),
    ("europe_other", "Other Europe (incl. Turkey, Ukraine)"),
    ("middle_east", "Middle East"),
    ("north_africa", "North Africa"),
    ("subsaharan_africa", "Sub-Saharan Africa"),
    ("south_asia", "South and Central Asia (incl. Afghanistan)"),
    ("east_asia", "East and South-East Asia"),
    ("americas", "Americas"),
    ("other", "Other / not stated"),
]
EDUCATION_LEVELS = [
    ("none", "No schooling"),
    ("primary", "Primary school"),
    ("secondary", "Secondary school"),
    ("vocational", "Vocational training"),
    ("university", "University degree"),
    ("unknown", "Not known"),
]


class KimPlanningVignette(models.Model):
    """The anonymised case a Planungskonferenz works on (seed 004): age band, gender,
    family status, origin region, education level, problem areas, needs and the actors
    involved so far. It has no link to a case or a person and no field that could hold a
    name or a date of birth; the needs are written for the conference, not copied."""

    _name = "kim.planning.vignette"
    _description = "Anonymised case vignette"
    _order = "id desc"

    name = fields.Char("Title", required=True, help="E.g. “Family with three children”.")
    event_id = fields.Many2one(
        "calendar.event",
        "Planning conference",
        index="btree_not_null",
        domain=[("kim_meeting_kind", "=", "planning_conference")],
        ondelete="set null",
    )
    municipality_id = fields.Many2one(
        "kim.municipality",
        required=True,
        index=True,
        default=lambda self: (
            self.env.user.kim_municipality_ids or self.env.company.kim_municipality_ids
        )[:1],
    )
    age_band = fields.Selection(AGE_BANDS)
    gender = fields.Selection(GENDERS)
    family_status = fields.Selection(FAMILY_STATUSES)
    origin_region = fields.Selection(ORIGIN_REGIONS)
    education_level = fields.Selection(EDUCATION_LEVELS)
    problem_area_ids = fields.Many2many(
        "kim.life.domain",
        "kim_vignette_life_domain_rel",
        "vignette_id",
        "life_domain_id",
        "Problem areas",
    )
    needs = fields.Text(
        help="The needs, in the words of the conference: no name, date, address or text "
        "copied from the case file."
    )
    actor_ids = fields.Many2many(
        "res.partner",
        "kim_vignette_actor_rel",
        "vignette_id",
        "partner_id",
        "Actors involved so far",
        domain=[("kim_actor", "=", True)],
    )
    theme_ids = fields.One2many("kim.generative.theme", "vignette_id", "Generative themes")
