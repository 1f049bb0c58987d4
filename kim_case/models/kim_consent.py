from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import consent as rules
from ..trust import allow
from .base import normalise

KINDS = [
    (rules.PROCESSING, "Consent to data processing"),
    (rules.WAIVER, "Release from confidentiality"),
]
# What the client signed: it does not change once given (a new declaration replaces it).
FROZEN_TERMS = {"kind", "category_id", "date_signed", "child_ids"}
STATES = [
    (rules.DRAFT, "Draft"),
    (rules.GIVEN, "Given"),
    (rules.WITHDRAWN, "Withdrawn"),
    (rules.EXPIRED, "Expired"),
]


class KimConsent(models.Model):
    """A declaration of the client (seed 003 §7.2, Anlage 9.2.5): the consent to the
    processing of their data (and of their minor children's), or the release of the case
    managers from their duty of confidentiality (§ 203 StGB) towards one category of
    recipients. The chatter keeps the history of every declaration."""

    _name = "kim.consent"
    _description = "Consent or waiver"
    _inherit = ["mail.thread"]
    _order = "kind, date_signed desc, id desc"
    _check_company_auto = True

    case_id = fields.Many2one("kim.case", required=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one(related="case_id.partner_id", compute_sudo=False, string="Client")
    company_id = fields.Many2one(related="case_id.company_id", store=True, index=True)
    municipality_id = fields.Many2one(related="case_id.municipality_id", store=True, index=True)
    kind = fields.Selection(KINDS, required=True, default=rules.PROCESSING, tracking=True)
    category_id = fields.Many2one(
        "kim.recipient.category",
        "Recipient category",
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    state = fields.Selection(
        STATES, required=True, default=rules.DRAFT, readonly=True, tracking=True, index=True
    )
    date_signed = fields.Date("Signed on", tracking=True)
    taken_by_id = fields.Many2one(
        "res.users",
        "Taken by",
        default=lambda self: self.env.user,
        tracking=True,
        help="The case manager to whom the client gave the declaration.",
    )
    valid_until = fields.Date(
        tracking=True, help="Leave empty when the declaration holds until it is withdrawn."
    )
    date_withdrawn = fields.Date("Withdrawn on", readonly=True, tracking=True)
    scan = fields.Binary("Signed scan", attachment=True, copy=False)
    scan_filename = fields.Char()
    # Stored: the case's list of declarations shows it without looking for attachments.
    has_scan = fields.Boolean(compute="_compute_has_scan", store=True)
    child_ids = fields.Many2many(
        "res.partner",
        "kim_consent_child_rel",
        "consent_id",
        "partner_id",
        "Minor children covered",
        domain=[("is_company", "=", False)],
        help="The client's minor children whose data the consent covers as well.",
    )
    info_sheet_handed = fields.Boolean(
        "Information sheet handed over",
        tracking=True,
        help="The information on data protection under Art. 13 GDPR (seed 003, Anlage 9.3.4).",
    )
    info_sheet_date = fields.Date("Information sheet handed over on", tracking=True)
    disclosure_ids = fields.One2many("kim.disclosure", "waiver_id", "Disclosures covered")

    _one_given_per_case = models.UniqueIndex(
        "(case_id, kind, COALESCE(category_id, 0)) WHERE state = 'given'",
        "The case already holds a given declaration of this kind for this category.",
    )

    @api.depends("kind", "category_id", "state")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for consent in self:
            name = kinds.get(consent.kind, "")
            if consent.kind == rules.WAIVER and consent.category_id:
                name = f"{name}: {consent.category_id.name}"
            consent.display_name = name

    @api.depends("scan")
    def _compute_has_scan(self):
        attached = set(
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_field", "=", "scan"),
                    ("res_id", "in", self._origin.ids),
                ]
            )
            .mapped("res_id")
        )
        for consent in self:
            # A scan chosen in the form but not saved yet counts as well.
            consent.has_scan = bool(consent.scan) if not consent.id else consent.id in attached

    # Rules ------------------------------------------------------------------------------------

    def _declaration(self):
        self.ensure_one()
        return rules.Declaration(
            kind=self.kind,
            state=self.state,
            category=self.category_id.id or None,
            date_signed=self.date_signed or None,
            date_withdrawn=self.date_withdrawn or None,
            valid_until=self.valid_until or None,
        )

    def _date_messages(self):
        return {
            rules.NO_SIGNATURE_DATE: self.env._("A given declaration needs the day it was signed."),
            rules.SIGNED_IN_FUTURE: self.env._("A declaration cannot be signed in the future."),
            rules.WITHDRAWN_BEFORE_SIGNED: self.env._(
                "A declaration cannot be withdrawn before the day it was signed."
            ),
            rules.WITHDRAWN_IN_FUTURE: self.env._("A withdrawal cannot be dated in the future."),
            rules.EXPIRES_BEFORE_SIGNED: self.env._(
                "A declaration cannot expire before the day it was signed."
            ),
        }

    @api.constrains("date_signed", "date_withdrawn", "valid_until", "state")
    def _check_dates(self):
        today = fields.Date.context_today(self)
        messages = self._date_messages()
        for consent in self:
            problems = rules.date_problems(
                consent.date_signed,
                consent.date_withdrawn,
                consent.valid_until,
                consent.state,
                today,
            )
            if problems:
                raise ValidationError(messages[problems[0]])

    @api.constrains("kind", "category_id")
    def _check_category(self):
        for consent in self:
            if consent.kind == rules.WAIVER and not consent.category_id:
                raise ValidationError(
                    self.env._("A release from confidentiality names its recipient category.")
                )
            if consent.kind == rules.PROCESSING and consent.category_id:
                raise ValidationError(
                    self.env._("The consent to data processing has no recipient category.")
                )

    @api.constrains("date_signed", "date_withdrawn", "valid_until", "category_id", "state")
    def _check_disclosures_stay_covered(self):
        """A declaration cannot be backdated, withdrawn or limited so that a disclosure it
        covered loses its cover."""
        for consent in self.filtered("disclosure_ids"):
            declaration = consent._declaration()
            for disclosure in consent.disclosure_ids:
                if not rules.covers(
                    declaration, disclosure.date, disclosure.category_id.id, recorded=True
                ):
                    raise ValidationError(
                        self.env._(
                            "%(consent)s covers the disclosure to %(recipient)s of %(date)s; "
                            "its dates cannot be changed so that this disclosure loses its "
                            "cover.",
                            consent=consent.display_name,
                            recipient=disclosure.recipient_name,
                            date=disclosure.date.strftime("%d.%m.%Y"),
                        )
                    )

    @api.constrains("child_ids", "kind")
    def _check_children(self):
        for consent in self:
            if consent.child_ids and consent.kind != rules.PROCESSING:
                raise ValidationError(
                    self.env._("Minor children are named on the consent to data processing.")
                )

    def _check_no_other_given(self):
        for consent in self:
            other = self.search_count(
                [
                    ("id", "!=", consent.id),
                    ("case_id", "=", consent.case_id.id),
                    ("kind", "=", consent.kind),
                    ("category_id", "=", consent.category_id.id),
                    ("state", "=", rules.GIVEN),
                ]
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "Case %(case)s already holds a given “%(consent)s”. Withdraw it "
                        "before recording a new one.",
                        case=consent.case_id.name,
                        consent=consent.display_name,
                    )
                )

    def write(self, vals):
        if not self.env.su and FROZEN_TERMS & set(vals):
            for consent in self.filtered(lambda c: c.state != rules.DRAFT):
                changed = [
                    consent._fields[name]._description_string(self.env)
                    for name in FROZEN_TERMS & set(vals)
                    if normalise(consent._fields[name], vals[name], consent)
                    != normalise(consent._fields[name], consent[name], consent)
                ]
                if changed:
                    raise UserError(
                        self.env._(
                            "%(consent)s was given as signed; its terms (%(fields)s) stay as "
                            "they are. Withdraw it and record the new declaration instead.",
                            consent=consent.display_name,
                            fields=", ".join(changed),
                        )
                    )
        return super().write(vals)

    # Actions ----------------------------------------------------------------------------------

    def action_give(self):
        """The client signed: the declaration is in force from the day of signature."""
        for consent in self:
            if consent.state != rules.DRAFT:
                raise UserError(self.env._("Only a draft can be recorded as given."))
            if not consent.date_signed:
                raise UserError(
                    self.env._("Enter the day the client signed before recording it as given.")
                )
        self._check_no_other_given()
        allow(self, "state").write({"state": rules.GIVEN})
        for case in self.case_id:
            given = self.filtered(lambda c, case=case: c.case_id == case)
            case._kim_audit("consent", ", ".join(given.mapped("display_name")))
        return True

    def action_withdraw_wizard(self):
        self.ensure_one()
        if self.state != rules.GIVEN:
            raise UserError(self.env._("Only a given declaration can be withdrawn."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdraw %s", self.display_name),
            "res_model": "kim.consent.withdraw",
            "view_mode": "form",
            "target": "new",
            "context": {"default_consent_id": self.id},
        }

    def _withdraw(self, date_withdrawn):
        """Records the withdrawal. Withdrawing the consent to data processing anonymises
        the client's personal data at once (seed 003 §7.2); withdrawing a waiver blocks
        further disclosures to its category."""
        for consent in self:
            if consent.state != rules.GIVEN:
                raise UserError(self.env._("Only a given declaration can be withdrawn."))
        allow(self, "state", "date_withdrawn").write(
            {"state": rules.WITHDRAWN, "date_withdrawn": date_withdrawn}
        )
        for consent in self:
            consent.case_id._kim_audit("withdraw", consent.display_name)
        processing = self.filtered(lambda c: c.kind == rules.PROCESSING)
        if processing:
            processing.case_id.partner_id._kim_anonymise_person(reason="withdrawal")
        return True

    @api.model
    def _cron_expire(self):
        """Lapses the declarations whose last valid day has passed."""
        today = fields.Date.context_today(self)
        expired = self.search([("state", "=", rules.GIVEN), ("valid_until", "<", today)])
        allow(expired, "state").write({"state": rules.EXPIRED})
        return len(expired)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(consent.state != rules.DRAFT for consent in self):
            raise UserError(
                self.env._(
                    "A declaration the client has given stays on record; withdraw it instead "
                    "of deleting it."
                )
            )
