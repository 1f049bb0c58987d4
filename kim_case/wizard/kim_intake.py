from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.misc import clean_context, format_date

from ..rules import persons
from ..selection import selection_of


class KimIntake(models.TransientModel):
    """Neue*r Klient*in: the first page of the Erhebungsbogen (seed 003, Anlage 9.2.3) for a
    person who is not in KIM yet. It files the person and opens their case in one step.
    Opened from a household, it files a new member of the household: with a case of their
    own when they are accompanied themselves, or as a member only (a child, a partner).

    Before it files anyone it looks for the same name and date of birth among the persons
    the user may see and proposes them instead: a second record of the same person would
    split their history. Persons of other providers stay invisible, as everywhere."""

    _name = "kim.intake"
    _description = "New client (intake)"

    first_name = fields.Char("First name(s)", required=True)
    last_name = fields.Char("Family name", required=True)
    gender = fields.Selection(selection_of("res.partner", "kim_gender"))
    birthdate = fields.Date("Date of birth")
    birthplace = fields.Char("Place of birth")
    nationality_ids = fields.Many2many("res.country", string="Nationalities")
    entry_date = fields.Date("Entry to Germany")
    mother_tongue = fields.Char("Mother tongue")
    german_level = fields.Selection(
        selection_of("res.partner", "kim_german_level"), "German language skills"
    )
    family_status = fields.Selection(
        selection_of("res.partner", "kim_family_status"), "Family status"
    )
    phone = fields.Char()
    email = fields.Char("E-mail")
    street = fields.Char()
    zip = fields.Char("Postal code")
    city = fields.Char()

    case_type = fields.Selection(
        selection_of("kim.case", "case_type"), "Type", required=True, default="cm"
    )
    target_group = fields.Selection(selection_of("kim.case", "target_group"))
    access_route = fields.Selection(selection_of("kim.case", "access_route"))
    municipality_id = fields.Many2one(
        "kim.municipality",
        required=True,
        default=lambda self: self.env["kim.case"]._default_municipality(),
    )

    household_id = fields.Many2one("kim.household", help="The household the new person joins.")
    member_role = fields.Selection(
        selection_of("kim.household.member", "role"), "Role in the household", default="relative"
    )
    open_case = fields.Boolean(
        "Accompanied with a case of their own",
        compute="_compute_open_case",
        store=True,
        readonly=False,
        help="Each accompanied family member gets a case of their own. Members who are not "
        "accompanied themselves, such as young children, are filed without one.",
    )

    duplicate_ids = fields.Many2many(
        "res.partner",
        string="Already filed",
        compute="_compute_duplicate_ids",
        help="Persons you may see with the same name and date of birth.",
    )
    existing_partner_id = fields.Many2one(
        "res.partner",
        "Person already filed",
        domain="[('id', 'in', duplicate_ids)]",
    )
    another_person = fields.Boolean(
        "This is another person",
        help="Tick only when you have checked that the person proposed above is someone "
        "else who happens to share the name and date of birth.",
    )

    @api.depends("household_id")
    def _compute_open_case(self):
        for intake in self:
            intake.open_case = not intake.household_id

    @api.depends("first_name", "last_name", "birthdate")
    def _compute_duplicate_ids(self):
        for intake in self:
            intake.duplicate_ids = intake._find_duplicates()

    def _find_duplicates(self):
        """Persons the user may see, with the same date of birth and one of the name's
        spellings. Searched under the user's own record rules."""
        self.ensure_one()
        variants = persons.name_variants(self.first_name, self.last_name)
        if not variants or not self.birthdate:
            return self.env["res.partner"]
        # The record rule reads who may see a person from stored relations: bring them up
        # to date with what this transaction filed before.
        self.env["res.partner"].flush_model(
            ["kim_access_case_ids", "kim_access_municipality_ids", "kim_access_user_ids"]
        )
        return self.env["res.partner"].search(
            Domain(persons.CLIENT_DOMAIN)
            & Domain("kim_birthdate", "=", self.birthdate)
            & Domain.OR(Domain("name", "=ilike", variant) for variant in variants),
            limit=10,
        )

    def _partner_values(self):
        return {
            "name": persons.full_name(self.first_name, self.last_name),
            "kim_is_client": True,
            "kim_gender": self.gender,
            "kim_birthdate": self.birthdate,
            "kim_birthplace": self.birthplace,
            "kim_nationality_ids": [fields.Command.set(self.nationality_ids.ids)],
            "kim_entry_date": self.entry_date,
            "kim_mother_tongue": self.mother_tongue,
            "kim_german_level": self.german_level,
            "kim_family_status": self.family_status,
            "phone": self.phone,
            "email": self.email,
            # A new member lives at the household's address unless told otherwise.
            "street": self.street or self.household_id.street,
            "zip": self.zip or self.household_id.zip,
            "city": self.city or self.household_id.city,
            "country_id": self.env.ref("base.de").id,
        }

    def _case_values(self, partner):
        return {
            "partner_id": partner.id,
            "household_id": self.household_id.id,
            "case_type": self.case_type,
            "target_group": self.target_group,
            "access_route": self.access_route,
            "municipality_id": self.municipality_id.id,
        }

    def _own_values_env(self):
        """Where the intake files: the caller's context without the default values a
        client may send along (``default_*``), so that only the intake's values count.
        The context is replaced on purpose; merging it would keep those defaults."""
        return self.with_context(clean_context(self.env.context)).env  # pylint: disable=context-overridden

    def action_file(self):
        """Files the new person and opens their case."""
        self.ensure_one()
        if not persons.full_name(self.first_name, self.last_name):
            raise UserError(self.env._("Enter the client's first and family name."))
        duplicates = self._find_duplicates()
        if duplicates and not self.another_person:
            raise UserError(
                self.env._(
                    "%(names)s with the date of birth %(birthdate)s is already filed. Open "
                    "their case from the list instead, or tick “This is another person” "
                    "if you have checked that it is someone else.",
                    names=", ".join(duplicates.mapped("display_name")),
                    birthdate=format_date(self.env, self.birthdate),
                )
            )
        partner = self._own_values_env()["res.partner"].create(self._partner_values())
        return self._file_for(partner)

    def _file_for(self, partner):
        """Makes ``partner`` a member of the household, if any, and opens their case if
        they are accompanied; back to the household otherwise."""
        env = self._own_values_env()
        if self.household_id and partner not in self.household_id.member_ids.partner_id:
            env["kim.household.member"].create(
                {
                    "household_id": self.household_id.id,
                    "partner_id": partner.id,
                    "role": self.member_role or "relative",
                }
            )
        if not self.open_case:
            return {"type": "ir.actions.act_window_close"}
        case = env["kim.case"].search(
            [("partner_id", "=", partner.id), ("state", "=", "open")], limit=1
        ) or env["kim.case"].create(self._case_values(partner))
        return case._form_action()

    def action_open_case_of(self):
        """For a person already filed: their open case, or a new case for them; from a
        household, the person joins it as well."""
        self.ensure_one()
        partner = self.existing_partner_id
        if not partner or partner not in self._find_duplicates():
            raise UserError(self.env._("Choose one of the persons proposed above."))
        return self._file_for(partner)
