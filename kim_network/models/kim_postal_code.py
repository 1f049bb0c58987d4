from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.kim_case.rules.postal import is_postal_code


class KimPostalCode(models.Model):
    """A postal code of a municipality: what services are responsible for, and what the
    directory is searched by."""

    _name = "kim.postal.code"
    _inherit = ["kim.name.cache.mixin"]
    _description = "Postal code"
    # Directory data: no text about persons, left alone by the withdrawal's text sweep.
    _kim_reference_data = True
    _order = "municipality_id, code"
    _rec_name = "code"

    code = fields.Char("Postal code", required=True, size=5, index=True)
    municipality_id = fields.Many2one(
        "kim.municipality", required=True, index=True, ondelete="cascade"
    )
    social_area_id = fields.Many2one(
        "kim.social.area", "Social area", compute="_compute_social_area_id"
    )

    _code_per_municipality = models.Constraint(
        "UNIQUE (municipality_id, code)",
        "The postal code is already recorded for this municipality.",
    )

    @api.constrains("code")
    def _check_code(self):
        for postal in self:
            if not is_postal_code(postal.code):
                raise ValidationError(
                    self.env._("A postal code has five digits, not “%s”.", postal.code or "")
                )

    @api.depends("code", "municipality_id")
    def _compute_social_area_id(self):
        Area = self.env["kim.social.area"]
        for postal in self:
            postal.social_area_id = Area._for_postal_code(postal.municipality_id, postal.code)

    @api.model
    def _kim_codes(self, codes, municipality):
        """The records of ``codes`` in ``municipality``, created where missing."""
        codes = sorted(set(codes))
        found = self.search([("municipality_id", "=", municipality.id), ("code", "in", codes)])
        missing = [code for code in codes if code not in set(found.mapped("code"))]
        if missing:
            found |= self.create(
                [{"code": code, "municipality_id": municipality.id} for code in missing]
            )
        return found
