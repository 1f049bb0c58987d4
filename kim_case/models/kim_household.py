from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules.persons import is_minor
from ..rules.postal import is_postal_code


class KimHousehold(models.Model):
    """The people who live together. One person is one case (003 §7.8): each accompanied
    member gets a case of their own, and the household links them."""

    _name = "kim.household"
    _description = "Household"
    _inherit = ["mail.thread"]
    _order = "name"

    name = fields.Char(required=True, tracking=True)
    street = fields.Char()
    zip = fields.Char("Postal code", size=5, index=True)
    city = fields.Char()
    municipality_id = fields.Many2one("kim.municipality", index=True)
    member_ids = fields.One2many("kim.household.member", "household_id", "Members", copy=True)
    case_ids = fields.One2many("kim.case", "household_id", "Cases")
    person_count = fields.Integer("Persons", compute="_compute_counts")
    minor_count = fields.Integer("Minors", compute="_compute_counts")
    company_id = fields.Many2one(
        "res.company", "Provider", default=lambda self: self.env.company, index=True
    )

    @api.depends("member_ids.is_minor")
    def _compute_counts(self):
        for household in self:
            household.person_count = len(household.member_ids)
            household.minor_count = len(household.member_ids.filtered("is_minor"))

    @api.constrains("zip")
    def _check_zip(self):
        for household in self:
            if household.zip and not is_postal_code(household.zip):
                raise ValidationError(
                    self.env._("The postal code %s does not have five digits.", household.zip)
                )


class KimHouseholdMember(models.Model):
    _name = "kim.household.member"
    _description = "Household member"
    _order = "household_id, role_sequence, birthdate, id"

    household_id = fields.Many2one("kim.household", required=True, index=True, ondelete="cascade")
    # Only KIM persons (filed by the intake or clients of a case): members are anonymised
    # with the client and seen by whoever sees the household's cases, so an organisation, a
    # network contact or another app's person has no place here (base.py refuses any other
    # record, whatever a client sends).
    partner_id = fields.Many2one(
        "res.partner",
        "Person",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("kim_is_client", "=", True), ("is_company", "=", False), ("user_ids", "=", False)],
    )
    role = fields.Selection(
        [
            ("head", "Head of household"),
            ("partner", "Partner"),
            ("child", "Child"),
            ("relative", "Other relative"),
        ],
        required=True,
        default="relative",
    )
    role_sequence = fields.Integer(compute="_compute_role_sequence", store=True)
    birthdate = fields.Date(
        related="partner_id.kim_birthdate",
        # Sorted on in SQL, which needs the related field as sudo.
        compute_sudo=True,
        kim_sudo_reason="A member of a household one may see is a person one may see "
        "(rule_res_partner_kim_person), and members take only persons one may read.",
    )
    is_minor = fields.Boolean("Minor", compute="_compute_is_minor")

    _person_once = models.Constraint(
        "UNIQUE (household_id, partner_id)",
        "A person is a member of a household only once.",
    )

    @api.depends("role")
    def _compute_role_sequence(self):
        order = {"head": 1, "partner": 2, "child": 3, "relative": 4}
        for member in self:
            member.role_sequence = order.get(member.role, 9)

    @api.depends("birthdate")
    def _compute_is_minor(self):
        today = fields.Date.context_today(self)
        for member in self:
            member.is_minor = bool(member.birthdate) and is_minor(member.birthdate, today)
