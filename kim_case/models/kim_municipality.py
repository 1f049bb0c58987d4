from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules.municipality import belongs_in, official_key_is_valid, official_key_length


class KimMunicipality(models.Model):
    """A Kommune that runs KIM: a kreisfreie Stadt, a Kreis, or a Gemeinde in a Kreis.

    Cases and coordinators belong to a municipality. A Kreis groups its Gemeinden, so a
    coordinator of the Kreis supervises the cases of every Gemeinde in it.
    """

    _name = "kim.municipality"
    _inherit = ["kim.name.cache.mixin"]
    _description = "Municipality"
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"

    name = fields.Char(required=True)
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    kind = fields.Selection(
        [
            ("city", "Independent city"),
            ("district", "District (Kreis)"),
            ("member", "Town in a district"),
        ],
        required=True,
        default="city",
    )
    official_key = fields.Char(
        "Official municipality key",
        size=8,
        help="Amtlicher Gemeindeschlüssel: eight digits for a city or town (05119000 for "
        "Oberhausen), five for a district (05754 for Kreis Gütersloh).",
    )
    parent_id = fields.Many2one(
        "kim.municipality",
        "District",
        index=True,
        ondelete="restrict",
        domain="[('kind', '=', 'district')]",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("kim.municipality", "parent_id", "Towns")
    active = fields.Boolean(default=True)
    partner_id = fields.Many2one(
        "res.partner",
        "Integration centre",
        help="The municipality's integration centre (KI) that coordinates KIM.",
    )
    company_ids = fields.Many2many(
        "res.company",
        "kim_municipality_company_rel",
        "municipality_id",
        "company_id",
        "Providers",
        help="The organisations that provide KIM case management in this municipality.",
    )
    coordinator_ids = fields.Many2many(
        "res.users",
        "kim_municipality_user_rel",
        "municipality_id",
        "user_id",
        "Coordinators",
        domain=lambda self: [
            ("group_ids", "in", self.env.ref("kim_case.group_kim_coordinator").ids)
        ],
    )
    note = fields.Html()
    stage_set_id = fields.Many2one(
        "kim.case.stage.set",
        "Process model",
        help="The process stages the cases of this municipality go through.",
    )
    social_area_ids = fields.One2many("kim.social.area", "municipality_id", "Social areas")
    caseload_key = fields.Integer(
        "Cases per full-time post",
        default=40,
        help="Fallzahlschlüssel including short counselling (003 §7.8: 1:40).",
    )
    caseload_tolerance = fields.Integer(
        "Tolerance (%)",
        default=10,
        help="How far the caseload may exceed the key because of complex cases.",
    )
    retention_years = fields.Integer(
        "Retention of closed cases (years)",
        default=2,
        help="Closed cases are anonymised this many years after closing, unless held "
        "(seed 003 §7.2: data are kept only as long as their purpose lasts).",
    )
    audit_retention_years = fields.Integer(
        "Retention of the audit log (years)",
        default=3,
        help="Audit entries older than this are deleted by the retention run.",
    )

    _caseload_key_positive = models.Constraint(
        "CHECK (caseload_key > 0 AND caseload_tolerance >= 0)",
        "The caseload key is positive and the tolerance is not negative.",
    )
    _retention_not_negative = models.Constraint(
        "CHECK (retention_years >= 0 AND audit_retention_years >= 1)",
        "Closed cases are kept for zero or more years, the audit log for at least one year.",
    )
    _official_key_uniq = models.Constraint(
        "UNIQUE (official_key)",
        "This official municipality key already belongs to another municipality.",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for municipality in self:
            if municipality.parent_id:
                municipality.complete_name = (
                    f"{municipality.parent_id.complete_name} / {municipality.name}"
                )
            else:
                municipality.complete_name = municipality.name

    @api.constrains("kind", "parent_id")
    def _check_hierarchy(self):
        for municipality in self:
            if belongs_in(municipality.kind, municipality.parent_id.kind or None):
                continue
            if municipality.kind == "member":
                raise ValidationError(
                    self.env._("The town %s must belong to a district.", municipality.name)
                )
            raise ValidationError(
                self.env._("Only towns belong to a district, %s is not a town.", municipality.name)
            )

    @api.constrains("official_key", "kind")
    def _check_official_key(self):
        for municipality in self:
            if official_key_is_valid(municipality.kind, municipality.official_key):
                continue
            raise ValidationError(
                self.env._(
                    "The official key of %(name)s has exactly %(digits)s digits, not %(key)s.",
                    name=municipality.name,
                    digits=official_key_length(municipality.kind),
                    key=municipality.official_key,
                )
            )

    # The record rules hold the ids of each coordinator's municipalities and their towns.
    RULE_FIELDS = frozenset({"parent_id", "coordinator_ids", "active"})

    @api.model_create_multi
    def create(self, vals_list):
        municipalities = super().create(vals_list)
        if any(self.RULE_FIELDS & vals.keys() for vals in vals_list):
            self.env.registry.clear_cache()
        return municipalities

    def write(self, vals):
        result = super().write(vals)
        if self.RULE_FIELDS & vals.keys():
            self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result
