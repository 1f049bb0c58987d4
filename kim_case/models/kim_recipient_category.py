from odoo import fields, models


class KimRecipientCategory(models.Model):
    """A category of third parties to whom a client may release the case managers from
    their duty of confidentiality (seed 003, Anlage 9.2.5): a waiver and every disclosure
    name one category."""

    _name = "kim.recipient.category"
    _inherit = ["kim.catalogue.mixin"]
    _description = "Recipient category"

    description = fields.Text(translate=True, help="Examples of the recipients meant.")
