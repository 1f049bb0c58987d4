from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import consent as rules


class KimConsentRecord(models.TransientModel):
    """Records the signed declaration of seed 003, Anlage 9.2.5 in one step: the consent to
    data processing and the waivers for the recipient categories the client ticked."""

    _name = "kim.consent.record"
    _description = "Record a signed declaration"

    case_id = fields.Many2one("kim.case", required=True, ondelete="cascade")
    date_signed = fields.Date("Signed on", required=True, default=fields.Date.context_today)
    processing = fields.Boolean("Consent to data processing", default=True)
    household_id = fields.Many2one(related="case_id.household_id")
    child_ids = fields.Many2many(
        "res.partner",
        string="Minor children covered",
        compute="_compute_child_ids",
        store=True,
        readonly=False,
        domain="[('kim_household_member_ids.household_id', '=', household_id)]",
        help="The minor children of the household are proposed; remove those the client "
        "did not name.",
    )
    category_ids = fields.Many2many(
        "kim.recipient.category",
        string="Released towards",
        default=lambda self: self.env["kim.recipient.category"].search([]),
        help="Untick the recipient categories the client struck out.",
    )
    valid_until = fields.Date(help="Leave empty when the declaration holds until withdrawn.")
    scan = fields.Binary("Signed scan")
    scan_filename = fields.Char()
    info_sheet_handed = fields.Boolean("Information sheet (Art. 13 GDPR) handed over", default=True)

    @api.depends("case_id")
    def _compute_child_ids(self):
        for wizard in self:
            members = wizard.case_id.household_member_ids.filtered(
                lambda m: m.role == "child" and m.is_minor
            )
            wizard.child_ids = members.partner_id

    @api.constrains("date_signed", "valid_until")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        messages = self.env["kim.consent"]._date_messages()
        for wizard in self:
            problems = rules.date_problems(
                wizard.date_signed, None, wizard.valid_until, rules.GIVEN, today
            )
            if problems:
                raise ValidationError(messages[problems[0]])

    def action_record(self):
        self.ensure_one()
        if not self.processing and not self.category_ids:
            raise ValidationError(
                self.env._("Tick the consent to data processing or at least one recipient.")
            )
        common = {
            "case_id": self.case_id.id,
            "date_signed": self.date_signed,
            "valid_until": self.valid_until,
            "scan": self.scan,
            "scan_filename": self.scan_filename,
        }
        vals_list = []
        if self.processing:
            vals_list.append(
                {
                    **common,
                    "kind": rules.PROCESSING,
                    "child_ids": [fields.Command.set(self.child_ids.ids)],
                    "info_sheet_handed": self.info_sheet_handed,
                    "info_sheet_date": self.info_sheet_handed and self.date_signed,
                }
            )
        vals_list += [
            {**common, "kind": rules.WAIVER, "category_id": category.id}
            for category in self.category_ids
        ]
        consents = self.env["kim.consent"].create(vals_list)
        consents.action_give()
        self.case_id._kim_audit("consent", ", ".join(consents.mapped("display_name"))[:250])
        return {"type": "ir.actions.act_window_close"}
