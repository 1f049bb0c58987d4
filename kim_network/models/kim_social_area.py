from odoo import models

from odoo.addons.kim_case.rules.postal import split_postal_codes


class KimSocialArea(models.Model):
    _inherit = "kim.social.area"

    def _kim_directory(self):
        """The services of the directory for this social area, for its PDF: per postal code
        of the area, and those without spatial assignment in its municipality."""
        self.ensure_one()
        Service = self.env["kim.service"]
        codes = split_postal_codes(self.postal_codes)
        per_code = [
            (
                code,
                Service.search(
                    [
                        ("zip_ids.code", "=", code),
                        ("municipality_id", "=", self.municipality_id.id),
                    ]
                ),
            )
            for code in codes
        ]
        citywide = Service.search(
            [("spatial", "=", "none"), ("municipality_id", "=", self.municipality_id.id)]
        )
        posts = self.env["kim.cm.post"].search([("social_area_id", "=", self.id)])
        return {"per_code": per_code, "citywide": citywide, "posts": posts}
