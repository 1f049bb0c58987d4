from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import consent as rules
from ..trust import allow


class KimDisclosure(models.Model):
    """A transfer of client data to a third party. It stands only on a waiver of the
    client that covers the recipient's category on the day of the transfer (seed 003 §7.2:
    "in jedem einzelnen Fall")."""

    _name = "kim.disclosure"
    _description = "Disclosure to a third party"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one("kim.case", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="case_id.partner_id", compute_sudo=False, string="Client")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    municipality_id = fields.Many2one(related="case_id.municipality_id", store=True, index=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, tracking=True)
    category_id = fields.Many2one(
        "kim.recipient.category",
        "Recipient category",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    recipient_partner_id = fields.Many2one(
        "res.partner", "Recipient", tracking=True, help="The person or organisation."
    )
    recipient_name = fields.Char(
        "Recipient name",
        compute="_compute_recipient_name",
        store=True,
        readonly=False,
        tracking=True,
    )
    channel = fields.Selection(
        [
            ("phone", "By phone"),
            ("email", "By e-mail"),
            ("letter", "By letter"),
            ("in_person", "In person"),
            ("conference", "In a case conference"),
        ],
        required=True,
        default="phone",
    )
    content = fields.Text("What was shared", required=True)
    purpose = fields.Text("Why", required=True)
    user_id = fields.Many2one(
        "res.users",
        "Disclosed by",
        required=True,
        default=lambda self: self.env.user,
        kim_workflow=True,
    )
    waiver_id = fields.Many2one(
        "kim.consent",
        "Covering waiver",
        readonly=True,
        index=True,
        ondelete="restrict",
        help="The release from confidentiality on which the disclosure stands.",
    )

    @api.depends("recipient_name", "date")
    def _compute_display_name(self):
        for disclosure in self:
            disclosure.display_name = self.env._(
                "To %(recipient)s on %(date)s",
                recipient=disclosure.recipient_name or "",
                date=disclosure.date.strftime("%d.%m.%Y") if disclosure.date else "",
            )

    @api.depends("recipient_partner_id")
    def _compute_recipient_name(self):
        for disclosure in self:
            disclosure.recipient_name = (
                disclosure.recipient_partner_id.display_name or disclosure.recipient_name
            )

    @api.constrains("recipient_name")
    def _check_recipient(self):
        for disclosure in self:
            if not (disclosure.recipient_name or "").strip():
                raise ValidationError(
                    self.env._("Name the person or organisation who received the data.")
                )

    def _covering_waiver(self, case, category, on_date):
        waivers = [
            (waiver, waiver._declaration())
            for waiver in case.consent_ids
            if waiver.kind == rules.WAIVER and waiver.category_id == category
        ]
        found = rules.covering([declaration for _, declaration in waivers], on_date, category.id)
        return next(
            (waiver for waiver, declaration in waivers if declaration is found),
            self.env["kim.consent"],
        )

    def _check_cover(self, vals_list):
        """Refuses a disclosure that no waiver covers, before anything is written."""
        today = fields.Date.context_today(self)
        for vals in vals_list:
            case = self.env["kim.case"].browse(vals["case_id"])
            category = self.env["kim.recipient.category"].browse(vals["category_id"])
            on_date = fields.Date.to_date(vals["date"])
            if on_date > today:
                raise ValidationError(
                    self.env._("A disclosure is recorded when it happened, not in advance.")
                )
            waiver = self._covering_waiver(case, category, on_date)
            if not waiver:
                raise ValidationError(
                    self.env._(
                        "No release from confidentiality of the client covers “%(category)s” "
                        "on %(date)s. Disclose nothing without the client's signed waiver for "
                        "this category (seed 003 §7.2).",
                        category=category.name,
                        date=on_date.strftime("%d.%m.%Y"),
                    )
                )
            vals["waiver_id"] = waiver.id

    @api.model_create_multi
    def create(self, vals_list):
        today = fields.Date.context_today(self)
        for vals in vals_list:
            vals.setdefault("date", today)
            if not vals.get("case_id") or not vals.get("category_id"):
                raise ValidationError(
                    self.env._("A disclosure names its case and the recipient category.")
                )
        self._check_cover(vals_list)
        disclosures = (
            super(KimDisclosure, allow(self, "waiver_id")).create(vals_list).with_env(self.env)
        )
        for disclosure in disclosures:
            disclosure.case_id._kim_audit(
                "disclose", f"{disclosure.category_id.name}: {disclosure.recipient_name}"
            )
        return disclosures

    def write(self, vals):
        if not {"case_id", "category_id", "date"} & set(vals):
            return super().write(vals)
        for disclosure in self:
            item = {
                "case_id": vals.get("case_id", disclosure.case_id.id),
                "category_id": vals.get("category_id", disclosure.category_id.id),
                "date": vals.get("date", disclosure.date),
            }
            self._check_cover([item])
            super(KimDisclosure, allow(disclosure, "waiver_id")).write(
                {**vals, "waiver_id": item["waiver_id"]}
            )
        return True
