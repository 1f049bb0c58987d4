import re

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..rules import visibility
from ..rules.consent import statistical_birth
from ..rules.postal import is_postal_code
from ..trust import allow

KIM_GROUPS = "kim_case.group_kim_case_manager,kim_case.group_kim_coordinator,base.group_system"
BIRTH_STATISTICS = ("kim_birth_year", "kim_birth_quarter")


def _trigram(registry, column):
    """A trigram index on ``column``, where PostgreSQL offers pg_trgm (none otherwise)."""
    return f"USING gin ({column} gin_trgm_ops)" if registry.has_trigram else ""


class ResPartner(models.Model):
    """A client of KIM is a person contact carrying the intake data of the Erhebungsbogen
    (seed 003, Anlage 9.2.3). Special categories of personal data (health, religion,
    residence status) are not kept here but on the case, where only case access reaches."""

    _inherit = "res.partner"

    # Searching a person by name looks for the fragment in every column the platform
    # searches (_rec_names_search). With trigram indexes PostgreSQL finds the few matches
    # first and tests only them against the record rules. An ordered index on the name
    # would tempt it to walk all contacts in name order instead, since it cannot estimate
    # how few of them the rules let through: the name gets a trigram index in its place.
    complete_name = fields.Char(index="trigram")

    def init(self):
        result = super().init()
        # The platform made its ordered index on the name before this addon was loaded;
        # dropped here, the registry creates the trigram index under the same name next.
        if self.env.registry.has_trigram:
            self.env.cr.execute(
                """SELECT 1 FROM pg_indexes
                    WHERE indexname = 'res_partner__complete_name_index'
                      AND indexdef NOT LIKE '%gin_trgm_ops%'"""
            )
            if self.env.cr.fetchone():
                self.env.cr.execute("DROP INDEX res_partner__complete_name_index")
        return result

    _kim_email_trgm_idx = models.Index(lambda registry: _trigram(registry, "email"))
    _kim_ref_trgm_idx = models.Index(lambda registry: _trigram(registry, "ref"))
    _kim_vat_trgm_idx = models.Index(lambda registry: _trigram(registry, "vat"))

    # Once a client, always a client: otherwise the contact would leave the KIM rules.
    kim_is_client = fields.Boolean("KIM client", index=True, groups=KIM_GROUPS, kim_immutable=True)
    kim_case_ids = fields.One2many("kim.case", "partner_id", "KIM cases", groups=KIM_GROUPS)
    kim_has_visible_case = fields.Boolean(
        "Has a case I may see",
        compute="_compute_kim_has_visible_case",
        search="_search_kim_has_visible_case",
        groups=KIM_GROUPS,
    )
    kim_household_member_ids = fields.One2many(
        "kim.household.member", "partner_id", "Households", groups=KIM_GROUPS
    )
    # Who may see a person is decided by these cases (their own and their households'):
    # kept as a table so the rule on contacts is one indexed semi-join, not nested subplans.
    # The three tables serve the rules only: nobody but an administrator reads them, since
    # they name cases, municipalities and staff of other providers.
    kim_access_case_ids = fields.Many2many(
        "kim.case",
        "kim_partner_access_rel",
        "partner_id",
        "case_id",
        "Cases showing the person",
        compute="_compute_kim_access",
        store=True,
        groups="base.group_system",
    )
    # ... and the municipalities of these cases, for the coordinators' rule.
    kim_access_municipality_ids = fields.Many2many(
        "kim.municipality",
        "kim_partner_municipality_rel",
        "partner_id",
        "municipality_id",
        "Municipalities showing the person",
        compute="_compute_kim_access",
        store=True,
        groups="base.group_system",
    )

    # ... and the users who work these cases, for the case managers' rule.
    kim_access_user_ids = fields.Many2many(
        "res.users",
        "kim_partner_user_rel",
        "partner_id",
        "user_id",
        "Users showing the person",
        compute="_compute_kim_access",
        store=True,
        groups="base.group_system",
    )

    # Person
    kim_gender = fields.Selection(
        [("m", "male"), ("w", "female"), ("d", "diverse")], "Gender", groups=KIM_GROUPS
    )
    kim_birthdate = fields.Date("Date of birth", groups=KIM_GROUPS)
    # What anonymisation keeps of the date of birth, for the statistics.
    kim_birth_year = fields.Integer(
        "Year of birth", readonly=True, groups=KIM_GROUPS, kim_workflow=True
    )
    kim_birth_quarter = fields.Selection(
        [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")],
        "Quarter of birth",
        readonly=True,
        groups=KIM_GROUPS,
        kim_workflow=True,
    )
    kim_is_anonymised = fields.Boolean(
        "Anonymised", readonly=True, index=True, groups=KIM_GROUPS, kim_workflow=True
    )
    kim_birthplace = fields.Char("Place of birth", groups=KIM_GROUPS)
    kim_nationality_ids = fields.Many2many(
        "res.country",
        "kim_partner_nationality_rel",
        "partner_id",
        "country_id",
        "Nationalities",
        groups=KIM_GROUPS,
    )
    kim_entry_date = fields.Date("Entry to Germany", groups=KIM_GROUPS)
    # Hamm's analysis categories (seed 000), structured so that they can be counted.
    kim_family_status = fields.Selection(
        [
            ("single", "Single"),
            ("married", "Married or civil partnership"),
            ("partnership", "Living with a partner"),
            ("separated", "Separated or divorced"),
            ("widowed", "Widowed"),
        ],
        "Family status",
        groups=KIM_GROUPS,
    )

    # Housing
    kim_housing = fields.Selection(
        [
            ("gu", "Shared accommodation (GU)"),
            ("sbo", "Municipal accommodation (SBO)"),
            ("private", "Private flat"),
        ],
        "Housing",
        groups=KIM_GROUPS,
    )
    kim_landlord = fields.Char("Landlord", groups=KIM_GROUPS)

    # Languages
    kim_mother_tongue = fields.Char("Mother tongue", groups=KIM_GROUPS)
    kim_dialect = fields.Char(
        "Dialect", groups=KIM_GROUPS, help="For choosing an interpreter or language mediator."
    )
    kim_other_languages = fields.Char("Further languages", groups=KIM_GROUPS)
    kim_german_level = fields.Selection(
        [
            ("none", "None"),
            ("a1", "A1"),
            ("a2", "A2"),
            ("b1", "B1"),
            ("b2", "B2"),
            ("c1", "C1"),
            ("c2", "C2"),
        ],
        "German (CEFR)",
        groups=KIM_GROUPS,
    )
    kim_language_course = fields.Selection(
        [
            ("volunteer", "Volunteers"),
            ("school", "Language school"),
            ("integration", "Integration course"),
            ("other", "Other course"),
        ],
        "Language course",
        groups=KIM_GROUPS,
    )
    kim_language_course_state = fields.Selection(
        [("running", "Running"), ("done", "Completed"), ("aborted", "Aborted")],
        "Course status",
        groups=KIM_GROUPS,
    )

    # Finances
    kim_employment = fields.Selection(
        [
            ("none", "Not employed"),
            ("employed", "Employed"),
            ("self_employed", "Self-employed"),
            ("side_job", "Side job"),
        ],
        "Employment",
        groups=KIM_GROUPS,
    )
    kim_occupation = fields.Char("Occupation", groups=KIM_GROUPS)
    kim_benefit_ids = fields.Many2many(
        "kim.benefit",
        "kim_partner_benefit_rel",
        "partner_id",
        "benefit_id",
        "Benefits",
        groups=KIM_GROUPS,
    )
    kim_benefit_number = fields.Char(
        "BG number / file reference", groups=KIM_GROUPS, help="Bedarfsgemeinschaft number"
    )

    # Qualification
    kim_literate_latin = fields.Boolean("Literate in Latin script", groups=KIM_GROUPS)
    kim_school_years = fields.Integer("Years of school", groups=KIM_GROUPS)
    kim_school_country = fields.Char("Schooled in", groups=KIM_GROUPS)
    kim_school_degree = fields.Char("School degree", groups=KIM_GROUPS)
    kim_training = fields.Char("Vocational training or studies", groups=KIM_GROUPS)
    kim_recognition_state = fields.Selection(
        [
            ("none", "Not applied"),
            ("initiated", "Initiated"),
            ("running", "Running"),
            ("recognised", "Recognised"),
            ("aborted", "Aborted"),
            ("suspended", "Suspended"),
        ],
        "Recognition of qualification",
        groups=KIM_GROUPS,
    )
    kim_work_experience = fields.Text("Work experience", groups=KIM_GROUPS)
    kim_career_goals = fields.Text("Career goals", groups=KIM_GROUPS)

    # Leisure
    kim_interest_ids = fields.Many2many(
        "kim.interest",
        "kim_partner_interest_rel",
        "partner_id",
        "interest_id",
        "Interests",
        groups=KIM_GROUPS,
    )
    kim_club_membership = fields.Selection(
        [
            ("none", "None"),
            ("sports", "Sports club"),
            ("culture", "Cultural club"),
            ("sports_culture", "Sports and cultural club"),
            ("other", "Other club"),
        ],
        "Club membership",
        groups=KIM_GROUPS,
        help="What the statistics count; the names of the clubs go in the field beside it.",
    )
    kim_clubs = fields.Char("Club memberships", groups=KIM_GROUPS)

    # Support
    kim_supporter_ids = fields.One2many(
        "kim.client.supporter", "client_id", "Supporters", groups=KIM_GROUPS
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kim_birth_statistics(vals, creating=True)
        partners = super(ResPartner, allow(self, *BIRTH_STATISTICS)).create(vals_list)
        # The allowance ends with the call: the caller gets the records in its own env.
        return partners.with_env(self.env)

    def write(self, vals):
        self._kim_birth_statistics(vals)
        return super(ResPartner, allow(self, *BIRTH_STATISTICS)).write(vals)

    @api.model
    def _kim_birth_statistics(self, vals, creating=False):
        """Keeps year and quarter of birth beside the date, so that they survive the
        anonymisation that removes the date. Only the date comes from the client."""
        if not self.env.su:
            self._kim_check_guarded_fields([vals], set(BIRTH_STATISTICS), creating)
        if vals.get("kim_birthdate"):
            year, quarter = statistical_birth(fields.Date.to_date(vals["kim_birthdate"]))
            vals.update(kim_birth_year=year, kim_birth_quarter=str(quarter))

    def _kim_anonymise_person(self, reason="withdrawal"):
        """Removes the personal data of these clients everywhere, at once."""
        return self.env["kim.data.protection"]._anonymise_persons(self, reason)

    def _compute_display_name(self):
        # The platform builds each contact's name in an environment of its own, one contact
        # at a time, which a list of clients pays for on every row. A contact filed under
        # nobody and without a company name is shown by its name, unless the context asks
        # for more: an e-mail, an address, an id... Those keys are the context dependencies
        # of the field, which every module that extends the name declares.
        asking = self.pool.field_depends_context[self._fields["display_name"]]
        if any(self.env.context.get(key) for key in asking if key != "lang"):
            return super()._compute_display_name()
        # only what the name needs, not every column of the contacts (fetch leaves new
        # records to their own values)
        self.fetch(["name", "parent_id", "company_name"])
        filed = []
        for partner in self:
            if partner.parent_id or partner.company_name:
                filed.append(partner.id)
            else:
                # as the platform: the name trimmed, without blanks before a line break
                name = re.sub(r"\s+\n", "\n", (partner.name or "").strip())
                partner.display_name = name.strip()
        if filed:
            return super(ResPartner, self.browse(filed))._compute_display_name()
        return None

    @api.depends(
        *(
            f"{cases}{path}"
            for cases in ("kim_case_ids", "kim_household_member_ids.household_id.case_ids")
            for path in (
                *("", ".municipality_id", ".company_id"),
                *(".user_id.company_ids", ".substitute_ids.company_ids"),
            )
        )
    )
    def _compute_kim_access(self):
        """The three tables the rules on persons read, computed together so that they
        never disagree within a transaction: the cases that show the person, their
        municipalities, and the users who work them (rules/visibility.case_workers)."""
        for partner in self:
            cases = partner.kim_case_ids | partner.kim_household_member_ids.household_id.case_ids
            users = cases.user_id | cases.substitute_ids
            companies = {user.id: user.company_ids.ids for user in users}
            partner.kim_access_case_ids = cases
            partner.kim_access_municipality_ids = cases.municipality_id
            partner.kim_access_user_ids = [
                Command.set(
                    {
                        user_id
                        for case in cases
                        for user_id in visibility.case_workers(
                            {
                                "user_id": case.user_id.id,
                                "substitute_ids": case.substitute_ids.ids,
                                "company_id": case.company_id.id,
                            },
                            companies.get,
                        )
                    }
                )
            ]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_kim_has_visible_case(self):
        groups = self.env["kim.case"]._read_group([("partner_id", "in", self.ids)], ["partner_id"])
        visible = {partner for (partner,) in groups}
        for partner in self:
            partner.kim_has_visible_case = partner in visible

    def _search_kim_has_visible_case(self, operator, value):
        """Clients of the cases the current user may see: the case's record rules decide."""
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        positive = (operator == "=") == value
        return [("kim_case_ids", "any" if positive else "not any", [])]

    @api.constrains("kim_birthdate")
    def _check_kim_birthdate(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.kim_birthdate and partner.kim_birthdate > today:
                raise ValidationError(
                    self.env._("The date of birth of %s lies in the future.", partner.name)
                )

    @api.constrains("kim_entry_date", "kim_birthdate")
    def _check_kim_entry_date(self):
        for partner in self:
            if (
                partner.kim_entry_date
                and partner.kim_birthdate
                and partner.kim_entry_date < partner.kim_birthdate
            ):
                raise ValidationError(
                    self.env._("%s cannot have entered Germany before their birth.", partner.name)
                )

    def copy(self, default=None):
        # A copy would keep a client's data outside their file: it would outlive their
        # withdrawal and anonymisation.
        if not self.env.su and self.sudo().filtered("kim_is_client"):
            raise UserError(
                self.env._("Clients are not copied: their data stays in their own file.")
            )
        return super().copy(default)

    @api.constrains("parent_id", "is_company", "kim_is_client")
    def _check_kim_client_is_a_person(self):
        """A client stays a person of their own, as when they were filed
        (persons.CLIENT_DOMAIN): neither an organisation nor filed under one. Nothing is
        filed under a client either: a contact under a person is named after them, and
        would show a client's name to whoever may read the contact."""
        for partner in self.sudo():
            if partner.kim_is_client and (partner.is_company or partner.parent_id):
                raise ValidationError(
                    self.env._(
                        "%s is a client and stays a person of their own: neither an "
                        "organisation nor filed under one.",
                        partner.name,
                    )
                )
            if partner.parent_id.kim_is_client:
                raise ValidationError(
                    self.env._(
                        "Nothing is filed under a client: enter %s as a contact of their own.",
                        partner.name or partner.type,
                    )
                )

    @api.constrains("zip", "country_id", "kim_is_client")
    def _check_kim_zip(self):
        germany = self.env.ref("base.de")
        for partner in self.filtered("kim_is_client"):
            in_germany = not partner.country_id or partner.country_id == germany
            if partner.zip and in_germany and not is_postal_code(partner.zip):
                raise ValidationError(
                    self.env._("The postal code %s does not have five digits.", partner.zip)
                )
