from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules.postal import codes_in_several, is_postal_code, split_postal_codes


class KimSocialArea(models.Model):
    """A Sozialraum of a municipality and the postal codes it covers."""

    _name = "kim.social.area"
    _inherit = ["kim.name.cache.mixin"]
    _description = "Social area"
    _order = "municipality_id, code, name"

    name = fields.Char(required=True)
    code = fields.Char(help="The municipality's own number, e.g. 71 for Oberhausen-Mitte/Styrum.")
    municipality_id = fields.Many2one(
        "kim.municipality", required=True, index=True, ondelete="cascade"
    )
    postal_codes = fields.Char(
        help="The five-digit postal codes of this social area, separated by spaces or commas."
    )
    active = fields.Boolean(default=True)

    @api.constrains("postal_codes")
    def _check_postal_codes(self):
        for area in self:
            wrong = [
                code for code in split_postal_codes(area.postal_codes) if not is_postal_code(code)
            ]
            if wrong:
                raise ValidationError(
                    self.env._(
                        "A postal code has five digits: %(codes)s in %(area)s.",
                        codes=", ".join(wrong),
                        area=area.name,
                    )
                )

    @api.constrains("postal_codes", "municipality_id", "active")
    def _check_postal_codes_unique(self):
        for municipality in self.municipality_id:
            areas = self.search([("municipality_id", "=", municipality.id)])
            twice = codes_in_several(
                {area.id: split_postal_codes(area.postal_codes) for area in areas}
            )
            if twice:
                raise ValidationError(
                    self.env._(
                        "Each postal code belongs to one social area of %(municipality)s; "
                        "%(codes)s stand in several.",
                        municipality=municipality.name,
                        codes=", ".join(twice),
                    )
                )

    def _for_postal_code(self, municipality, postal_code):
        """The social area of the municipality that covers the postal code, if any."""
        if not (municipality and postal_code):
            return self.browse()
        areas = self.search([("municipality_id", "=", municipality.id)])
        return areas.filtered(
            lambda area: postal_code.strip() in split_postal_codes(area.postal_codes)
        )[:1]
