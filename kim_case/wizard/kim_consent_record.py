from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import consent as rules


class KimConsentRecord(models.TransientModel):
    """Records the signed declaration of seed 003, Anlage 9.2.5 in one step: the consent to
    data processing and the waivers for the recipient categories the client ticked.

    Consent is an active choice (Art. 7 GDPR): the wizard opens with nothing ticked. The case
    manager ticks what the client signed, or says in one deliberate step that the client
    signed the standard form in full and then unticks what the client struck out."""

    _name = "kim.consent.record"
    _description = "Record a signed declaration"

    case_id = fields.Many2one("kim.case", required=True, ondelete="cascade")
    date_signed = fields.Date("Signed on", required=True, default=fields.Date.context_today)
    full_form = fields.Boolean(
        "Standard form signed in full",
        compute="_compute_full_form",
        readonly=False,
        help="The client signed the standard form without striking anything out: ticks the "
        "consent to data processing and every recipient category printed on the form. "
        "Untick afterwards what the client struck out.",
    )
    processing = fields.Boolean("Consent to data processing")
    household_id = fields.Many2one(related="case_id.household_id", compute_sudo=False)
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
        help="Tick the recipient categories the client released; leave those struck out unticked.",
    )
    valid_until = fields.Date(help="Leave empty when the declaration holds until withdrawn.")
    scan = fields.Binary("Signed scan")
    scan_filename = fields.Char()
    info_sheet_handed = fields.Boolean("Information sheet (Art. 13 GDPR) handed over")

    @api.model
    def _form_categories(self):
        """The recipient categories printed on the standard form: the active ones, as the
        declaration form prints them."""
        return self.env["kim.recipient.category"].search([("active", "=", True)])

    def _ticks_whole_form(self, form):
        # In the form's onchange the ticked categories are new records: compare their origin.
        return bool(self.processing and form and form <= self.category_ids._origin)

    @api.depends("processing", "category_ids")
    def _compute_full_form(self):
        form = self._form_categories()
        for wizard in self:
            wizard.full_form = wizard._ticks_whole_form(form)

    @api.onchange("full_form")
    def _onchange_full_form(self):
        """Ticking the choice ticks the whole form; unticking it unticks what it ticked. It
        unticks itself when a box of the form is unticked, which then changes nothing else."""
        form = self._form_categories()
        for wizard in self:
            if wizard.full_form:
                wizard.processing = True
                wizard.category_ids = wizard.category_ids._origin | form
            elif wizard._ticks_whole_form(form):
                wizard.processing = False
                wizard.category_ids = wizard.category_ids._origin - form

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
        return {"type": "ir.actions.act_window_close"}
