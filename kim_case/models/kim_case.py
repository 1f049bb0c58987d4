from odoo import api, fields, models
from odoo.exceptions import RedirectWarning, UserError, ValidationError
from odoo.tools import SQL, html_escape

from ..rules import eligibility, persons, stages, visibility
from ..rules.counselling import SHORT_MAX_CONTACTS
from ..trust import allow, is_trusted, trusted

CASE_TYPES = [
    ("cm", "Case management"),
    ("short", "Short counselling"),
    ("referral", "Referral counselling"),
]


# The fields the Checkliste Zugangsbedingungen reads.
ELIGIBILITY_FIELDS = (
    "immigration_alternative",
    "locally_responsible",
    "willing_to_cooperate",
    "consent_given",
    "target_group",
    "zg1_further_need",
    "zg1_catch_up_need",
    "zg1_area_ids",
    "zg1_prior_claim",
    "zg2_parent_dimension_ids",
    "zg2_has_minor_child",
    "zg2_child_dimension_ids",
    "zg3_care_need_sgb_xi",
    "care_grade",
    "zg3_certificate",
    "zg3_health_impairment",
    "zg3_care_item_ids",
    "zg3_is_relative",
    "zg3_person_in_need_immigrated",
    "is_crisis",
)

CASE_MANAGER = "kim_case.group_kim_case_manager"


class KimCase(models.Model):
    """One person accompanied by one provider (003 §7.8: one person is one case)."""

    _name = "kim.case"
    _description = "KIM case"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_open desc, id desc"
    _check_company_auto = True

    # The lists everybody opens first: a municipality's or a case manager's open cases,
    # newest first (the model's order), found and counted without touching closed ones.
    _open_by_municipality_idx = models.Index(
        "(municipality_id, date_open DESC, id DESC) WHERE state = 'open'"
    )
    _open_by_user_idx = models.Index("(user_id, date_open DESC, id DESC) WHERE state = 'open'")
    # A user's cases in any state, read from the index alone (_search_kim_worker_ids).
    _worked_by_idx = models.Index("(user_id, id)")

    # Who and where -------------------------------------------------------------------------
    name = fields.Char(
        "Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    partner_id = fields.Many2one(
        "res.partner",
        "Client",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        domain=persons.CLIENT_DOMAIN,
        # The person a case was opened for stays its client (the intake made them one).
        kim_immutable=True,
    )
    household_id = fields.Many2one("kim.household", index=True, tracking=True)
    household_member_ids = fields.One2many(related="household_id.member_ids", compute_sudo=False)
    household_case_ids = fields.Many2many(
        "kim.case",
        compute="_compute_household_case_ids",
        compute_sudo=False,
        string="Other cases in the household",
        help="The cases of the other household members that you may see.",
    )
    company_id = fields.Many2one(
        "res.company",
        "Provider",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    municipality_id = fields.Many2one(
        "kim.municipality",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self._default_municipality(),
    )
    social_area_id = fields.Many2one(
        "kim.social.area",
        compute="_compute_social_area",
        store=True,
        readonly=False,
        index=True,
        help="Derived from the postal code where the municipality maps its social areas.",
    )
    user_id = fields.Many2one(
        "res.users",
        "Case manager",
        required=True,
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False), ('company_ids', 'in', company_id),"
        " ('kim_is_case_manager', '=', True)]",
    )
    substitute_ids = fields.Many2many(
        "res.users",
        "kim_case_substitute_rel",
        "case_id",
        "user_id",
        "Substitutes",
        domain="[('share', '=', False), ('company_ids', 'in', company_id),"
        " ('kim_is_case_manager', '=', True)]",
        help="Colleagues who stand in during absences (Vertretungsregelung, 003 §7.7).",
    )
    kim_worker_ids = fields.Many2many(
        "res.users",
        string="Case manager or substitute",
        compute="_compute_kim_worker_ids",
        search="_search_kim_worker_ids",
    )

    # The client's own data, edited from the case (kept on the contact) --------------------------
    client_gender = fields.Selection(
        related="partner_id.kim_gender", compute_sudo=False, readonly=False
    )
    client_birthdate = fields.Date(
        related="partner_id.kim_birthdate", compute_sudo=False, readonly=False
    )
    client_birthplace = fields.Char(
        related="partner_id.kim_birthplace", compute_sudo=False, readonly=False
    )
    client_nationality_ids = fields.Many2many(
        related="partner_id.kim_nationality_ids", compute_sudo=False, readonly=False
    )
    client_entry_date = fields.Date(
        related="partner_id.kim_entry_date", compute_sudo=False, readonly=False
    )
    client_phone = fields.Char(related="partner_id.phone", compute_sudo=False, readonly=False)
    client_email = fields.Char(related="partner_id.email", compute_sudo=False, readonly=False)
    client_street = fields.Char(related="partner_id.street", compute_sudo=False, readonly=False)
    client_zip = fields.Char(related="partner_id.zip", compute_sudo=False, readonly=False)
    client_city = fields.Char(related="partner_id.city", compute_sudo=False, readonly=False)
    client_mother_tongue = fields.Char(
        related="partner_id.kim_mother_tongue", compute_sudo=False, readonly=False
    )
    client_german_level = fields.Selection(
        related="partner_id.kim_german_level", compute_sudo=False, readonly=False
    )

    # Kind of case and access -----------------------------------------------------------------
    case_type = fields.Selection(CASE_TYPES, "Type", required=True, default="cm", tracking=True)
    access_route = fields.Selection(
        [
            ("outreach", "Active outreach by the case manager"),
            ("forwarded", "Forwarded by an institution"),
            ("referral", "Referral counselling by an institution"),
            ("warm_handover", "Warm handover"),
            ("self", "Came on their own"),
        ],
        tracking=True,
        help="Seed 003 §2.1 and seed 002 §5.2.",
    )
    referring_partner_id = fields.Many2one(
        "res.partner", "Referred by", domain=[("is_company", "=", True)]
    )
    contact_source = fields.Selection(
        [
            ("jobcenter", "Jobcenter"),
            ("sgb8", "Youth welfare (SGB VIII)"),
            ("mbe", "Migration counselling (MBE)"),
            ("social_work", "Social work team"),
            ("mso", "Migrant organisation (MSO)"),
            ("volunteer", "Volunteers"),
            ("own", "Own acquisition"),
        ],
        "Contact came through",
    )
    target_group = fields.Selection(
        [
            (eligibility.ZG1, "Catch-up initial integration"),
            (eligibility.ZG2, "Multiple family problems"),
            (eligibility.ZG3, "Care setting"),
        ],
        tracking=True,
        help="Seed 003 §2.2.",
    )
    is_crisis = fields.Boolean("Crisis admission", tracking=True)
    crisis_reason = fields.Text()

    # Process ---------------------------------------------------------------------------------
    stage_set_id = fields.Many2one(related="municipality_id.stage_set_id", compute_sudo=False)
    stage_id = fields.Many2one(
        "kim.case.stage",
        index=True,
        tracking=True,
        copy=False,
        group_expand="_read_group_expand_stages",
        compute="_compute_stage_id",
        store=True,
        readonly=False,
        domain="[('stage_set_id', '=', stage_set_id)]",
    )
    stage_factors = fields.Html(related="stage_id.factors", compute_sudo=False)
    stage_results = fields.Html(related="stage_id.results", compute_sudo=False)
    state = fields.Selection(
        [("open", "Open"), ("closed", "Closed")],
        required=True,
        default="open",
        tracking=True,
        copy=False,
    )
    date_open = fields.Date(
        "Opened on", required=True, default=fields.Date.context_today, tracking=True
    )
    date_closed = fields.Date("Closed on", readonly=True, copy=False, tracking=True)
    closing_reason = fields.Selection(
        [
            ("goals_reached", "Goals reached"),
            ("partly_reached", "Goals partly reached"),
            ("referred", "Referred to another service"),
            ("moved", "Moved away"),
            ("no_contact", "No longer reachable"),
            ("ended_by_client", "Ended by the client"),
            ("not_eligible", "Not eligible"),
            ("other", "Other"),
        ],
        tracking=True,
        copy=False,
    )
    color = fields.Integer()

    # Eligibility: Checkliste Zugangsbedingungen (003 §2.3, Anlage 9.2.1) ------------------------
    immigration_alternative = fields.Selection(
        [
            (eligibility.NOT_GERMAN, "Not German within the meaning of Art. 116 (1) GG"),
            (eligibility.IMMIGRATED, "Born abroad and immigrated after 31 December 1955"),
            (eligibility.PARENT_IMMIGRATED, "At least one parent born abroad and immigrated"),
        ],
        "Immigration history (§ 4 TIntG NRW)",
    )
    locally_responsible = fields.Boolean("Local responsibility given")
    willing_to_cooperate = fields.Boolean("Willing to cooperate")
    zg1_further_need = fields.Boolean("Need beyond the regular first counselling")
    zg1_catch_up_need = fields.Boolean("Catch-up need in initial integration")
    zg1_area_ids = fields.Many2many(
        "kim.eligibility.item",
        "kim_case_access_area_rel",
        "case_id",
        "item_id",
        "Areas without access so far",
        domain=[("kind", "=", "access_area")],
    )
    zg1_prior_claim = fields.Boolean("Prior claim at another institution")
    zg2_parent_dimension_ids = fields.Many2many(
        "kim.life.domain",
        "kim_case_parent_dimension_rel",
        "case_id",
        "domain_id",
        "Under-supply of a parent",
        domain=[("is_dimension", "=", True)],
    )
    zg2_has_minor_child = fields.Boolean("A minor child is affected")
    zg2_child_dimension_ids = fields.Many2many(
        "kim.life.domain",
        "kim_case_child_dimension_rel",
        "case_id",
        "domain_id",
        "Under-supply of the minor child",
        domain=[("is_dimension", "=", True)],
    )
    zg3_care_need_sgb_xi = fields.Boolean("In need of care (§ 14 SGB XI)")
    zg3_certificate = fields.Boolean("Certificate for the care application")
    zg3_health_impairment = fields.Boolean("Impaired in independence for health reasons")
    zg3_care_item_ids = fields.Many2many(
        "kim.eligibility.item",
        "kim_case_care_item_rel",
        "case_id",
        "item_id",
        "Care setting checklist",
        domain=[("kind", "=", "care")],
    )
    zg3_is_relative = fields.Boolean(
        "Seeks advice as a relative",
        help="Relatives may use the case management for the care setting of a person with "
        "an immigration history, whatever their own history (003 §2.3.4).",
    )
    zg3_person_in_need_immigrated = fields.Boolean("The person in need has an immigration history")
    zg3_support_relatives = fields.Boolean("Support of caring relatives")
    zg3_complementary_services = fields.Char(
        "Complementary services needed",
        help="E.g. neighbourhood help, meal service, cleaning service, home emergency call.",
    )
    eligibility_ok = fields.Boolean("Conditions met", compute="_compute_eligibility_ok", store=True)
    eligibility_summary = fields.Html("Checklist", compute="_compute_eligibility")
    conclusion = fields.Selection(
        [
            (eligibility.ADMITTED, "Need for support: counselling taken up"),
            (eligibility.REFERRED, "Referred"),
            (eligibility.CRISIS, "Acute crisis: taken up"),
        ],
        tracking=True,
    )
    referred_to = fields.Char("Referred to")
    suggested_conclusion = fields.Selection(
        [
            (eligibility.ADMITTED, "Take up the counselling"),
            (eligibility.REFERRED, "Refer on"),
            (eligibility.CONSENT_FIRST, "Obtain the consent, then take up the counselling"),
            (eligibility.CRISIS, "Take up as an acute crisis"),
        ],
        "The checklist suggests",
        compute="_compute_eligibility",
    )

    # Special categories of personal data (Art. 9 GDPR): only case access reaches them --------
    religion = fields.Char(kim_special=True)
    residence_status = fields.Selection(
        [
            ("gestattung", "Permission to reside (Aufenthaltsgestattung)"),
            ("duldung", "Toleration (Duldung)"),
            ("temporary", "Residence permit (Aufenthaltserlaubnis)"),
            ("permanent", "Settlement permit (Niederlassungserlaubnis)"),
            ("eu", "EU freedom of movement"),
            ("german", "German citizenship"),
            ("other", "Other"),
        ],
        kim_special=True,
    )
    residence_title = fields.Char("Residence title / paragraph", kim_special=True)
    residence_issued = fields.Date("Residence status issued on", kim_special=True)
    residence_valid_until = fields.Date("Residence status valid until", kim_special=True)
    special_protection = fields.Boolean("Special need of protection", kim_special=True)
    special_protection_note = fields.Char("Need of protection", kim_special=True)
    health_situation = fields.Selection(
        [
            ("none", "No known limitation"),
            ("chronic", "Chronic illness"),
            ("disability", "Disability"),
            ("mental", "Mental illness or trauma"),
            ("several", "Several of these"),
        ],
        "Health situation",
        kim_special=True,
        help="What the statistics count (seed 000); the details go in the text below.",
    )
    health_limitations = fields.Text("Health limitations", kim_special=True)
    addiction = fields.Boolean(kim_special=True)
    care_need = fields.Boolean("Care need", kim_special=True)
    care_grade = fields.Selection(
        [("0", "None"), ("1", "1"), ("2", "2"), ("3", "3"), ("4", "4"), ("5", "5")],
        "Care grade (Pflegegrad)",
        kim_special=True,
    )
    care_grade_state = fields.Selection(
        [("applied", "Applied for"), ("granted", "Granted"), ("refused", "Refused")],
        "Care grade status",
        kim_special=True,
    )
    doctors = fields.Text(
        help="Family doctor, gynaecologist, paediatrician, dentist, hospital.", kim_special=True
    )
    has_medical_record = fields.Boolean("Medical record", kim_special=True)
    has_vaccination_card = fields.Boolean("Vaccination card", kim_special=True)
    note_internal = fields.Html("Internal remarks")

    # Goals, plan, contacts, assessments ----------------------------------------------------
    motto_goal = fields.Char(
        "Motto goal",
        help="The client's own motto goal: it belongs to the client and drives the process "
        "(seed 002 §2.2).",
    )
    goal_ids = fields.One2many("kim.case.goal", "case_id", "Goals")
    measure_ids = fields.One2many("kim.case.measure", "case_id", "Help plan")
    contact_ids = fields.One2many("kim.case.contact", "case_id", "Counselling contacts")
    assessment_ids = fields.One2many("kim.case.assessment", "case_id", "Assessments")
    # Stored: the form's buttons and the lists show them without counting the contacts.
    contact_count = fields.Integer("Contacts", compute="_compute_effort", store=True)
    contact_minutes = fields.Integer(
        "Minutes of counselling", compute="_compute_effort", store=True
    )
    effort_hours = fields.Float("Effort (hours)", compute="_compute_effort_hours")
    goal_count = fields.Integer(compute="_compute_goal_count")
    next_review_date = fields.Date(compute="_compute_next_review", store=True)

    # Closing evaluation (003 §4.1.7) ---------------------------------------------------------
    eval_goals = fields.Html("Help plan: goals and results")
    eval_methods = fields.Html("Methods and cooperation with third parties")
    eval_satisfaction = fields.Selection(
        [
            ("1", "Very satisfied"),
            ("2", "Satisfied"),
            ("3", "Partly satisfied"),
            ("4", "Dissatisfied"),
        ],
        "Client's satisfaction",
    )
    eval_client_view = fields.Text("The client's view")
    eval_partner_feedback = fields.Html("Partners' feedback")
    eval_reflection = fields.Html("Reflection on own work")
    has_evaluation = fields.Boolean("Evaluated", compute="_compute_has_evaluation", store=True)

    _one_open_case_per_provider = models.UniqueIndex(
        "(partner_id, company_id) WHERE state = 'open'",
        "This person already has an open case at this provider.",
    )

    # Defaults and computes ---------------------------------------------------------------------

    @api.model
    def _default_municipality(self):
        municipalities = self.env.company.kim_municipality_ids
        return municipalities[:1] if len(municipalities) == 1 else municipalities.browse()

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # Before anything reads the referenced person (see base._kim_check_references).
            self._kim_check_client_values(vals_list, creating=True)
        for vals in vals_list:
            if vals.get("state", "open") == "open" and vals.get("partner_id"):
                company_id = vals.get("company_id") or self.env.company.id
                self._check_one_open_case(vals["partner_id"], company_id)
            # The reference comes from the sequence; only data files may bring their own.
            if not self.env.su or vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].sudo().next_by_code("kim.case") or "/"
        # A case starts in the first stage of its municipality; a later one is reached
        # through the stage gate, as by the stage bar (data files may place it directly).
        later_stages = [None if self.env.su else vals.pop("stage_id", None) for vals in vals_list]
        cases = super(KimCase, allow(self, "name")).create(vals_list).with_env(self.env)
        cases.user_id._kim_apply_standing_substitutes()
        for case, stage_id in zip(cases, later_stages, strict=True):
            if stage_id and stage_id != case.stage_id.id:
                case.stage_id = stage_id
        return cases

    @api.depends("user_id", "substitute_ids")
    def _compute_kim_worker_ids(self):
        for case in self:
            case.kim_worker_ids = visibility.workers(
                {"user_id": case.user_id.id, "substitute_ids": case.substitute_ids.ids}
            )

    def _search_kim_worker_ids(self, operator, value):
        """The cases the users work, as one union of their own cases and those they
        substitute for (rules/visibility.own_cases), which PostgreSQL starts from. Users
        named by a condition (their name) are looked for as manager or as substitute."""
        if operator == "any":
            return ["|", ("user_id", "any", value), ("substitute_ids", "any", value)]
        if operator != "in":
            return NotImplemented
        ids = [id_ for id_ in value if isinstance(id_, int) and not isinstance(id_, bool)]
        return [
            (
                "id",
                "any!",
                SQL(
                    """SELECT id FROM kim_case WHERE user_id = ANY(%s)
                       UNION ALL
                       SELECT case_id FROM kim_case_substitute_rel WHERE user_id = ANY(%s)""",
                    ids,
                    ids,
                    # stored before the query runs, not when the condition is made: the
                    # read rules keep this condition for the transaction (base._read_rules)
                    to_flush=(self._fields["user_id"], self._fields["substitute_ids"]),
                ),
            )
        ]

    @api.depends("household_id.zip", "partner_id.zip", "municipality_id")
    def _compute_social_area(self):
        areas = self.env["kim.social.area"]
        for case in self:
            postal_code = case.household_id.zip or case.partner_id.zip
            case.social_area_id = areas._for_postal_code(case.municipality_id, postal_code)

    @api.depends("household_id")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_household_case_ids(self):
        # Searched as the current user: record rules decide which cases show.
        visible = self.env["kim.case"].search([("household_id", "in", self.household_id.ids)])
        for case in self:
            case.household_case_ids = (
                visible.filtered(lambda other, case=case: other.household_id == case.household_id)
                - case
            )

    @api.depends("municipality_id.stage_set_id")
    def _compute_stage_id(self):
        for case in self:
            if case.stage_id and case.stage_id.stage_set_id == case.stage_set_id:
                continue
            case.stage_id = case.stage_set_id.stage_ids[:1]

    @api.model
    def _read_group_expand_stages(self, stages_found, domain):
        stage_sets = stages_found.stage_set_id
        if not stage_sets:
            stage_sets = self.env.user.kim_municipality_ids.stage_set_id
        if not stage_sets:
            stage_sets = self.env.company.kim_municipality_ids.stage_set_id
        # Searched again so the columns follow the stages' own order.
        return stages_found.search([("id", "in", (stages_found | stage_sets.stage_ids).ids)])

    def _eligibility_facts(self):
        self.ensure_one()
        return eligibility.Facts(
            immigration_alternative=self.immigration_alternative or None,
            locally_responsible=self.locally_responsible,
            willing_to_cooperate=self.willing_to_cooperate,
            consent_given=self.consent_given,
            target_group=self.target_group or None,
            zg1_further_need=self.zg1_further_need,
            zg1_catch_up_need=self.zg1_catch_up_need,
            zg1_areas=frozenset(self.zg1_area_ids.ids),
            zg1_prior_claim_elsewhere=self.zg1_prior_claim,
            zg2_parent_dimensions=frozenset(self.zg2_parent_dimension_ids.mapped("code")),
            zg2_has_minor_child=self.zg2_has_minor_child,
            zg2_child_dimensions=frozenset(self.zg2_child_dimension_ids.mapped("code")),
            zg3_care_need_sgb_xi=self.zg3_care_need_sgb_xi,
            zg3_care_grade=int(self.care_grade or 0),
            zg3_certificate=self.zg3_certificate,
            zg3_health_impairment=self.zg3_health_impairment,
            zg3_care_areas=frozenset(self.zg3_care_item_ids.mapped("care_area")),
            zg3_is_relative=self.zg3_is_relative,
            zg3_person_in_need_immigrated=self.zg3_person_in_need_immigrated,
        )

    def _eligibility_labels(self):
        return {
            "immigration_history": self.env._("Immigration history under § 4 TIntG NRW"),
            "local_responsibility": self.env._("Local responsibility"),
            "cooperation": self.env._("Willingness to cooperate"),
            "consent": self.env._("Consent to data processing"),
            "target_group": self.env._("A target group"),
            "zg1_need": self.env._("A need beyond the first counselling or a catch-up need"),
            "zg1_areas": self.env._("At least one area without access so far"),
            "zg1_no_prior_claim": self.env._("No prior claim at another institution"),
            "zg2_parent_dimensions": self.env._(
                "Under-supply of a parent in at least 3 dimensions"
            ),
            "zg2_minor_child": self.env._("A minor child in the family"),
            "zg2_child_dimensions": self.env._(
                "Under-supply of the minor child in at least 3 dimensions"
            ),
            "zg3_care_need": self.env._(
                "Care need, care grade, certificate, or a health impairment with the checklist"
            ),
        }

    @api.depends(*ELIGIBILITY_FIELDS)
    def _compute_eligibility_ok(self):
        for case in self:
            case.eligibility_ok = eligibility.assess(case._eligibility_facts()).eligible

    @api.depends(*ELIGIBILITY_FIELDS)
    def _compute_eligibility(self):
        labels = self._eligibility_labels()
        met_text, missing_text = self.env._("met"), self.env._("missing")
        for case in self:
            result = eligibility.assess(case._eligibility_facts())
            case.suggested_conclusion = eligibility.suggested_conclusion(result, case.is_crisis)
            rows = []
            for check in result.checks:
                label = labels.get(check.key, check.key)
                if check.count is not None:
                    label = f"{label} ({check.count})"
                css, word = (
                    ("text-success", met_text) if check.met else ("text-danger", missing_text)
                )
                rows.append(
                    f'<li><span class="{css} fw-bold">{html_escape(word)}</span>: '
                    f"{html_escape(label)}</li>"
                )
            case.eligibility_summary = "<ul class='list-unstyled mb-0'>" + "".join(rows) + "</ul>"

    @api.depends("contact_ids.duration")
    def _compute_effort(self):
        data = {
            case.id: (count, minutes)
            for case, count, minutes in self.env["kim.case.contact"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count", "duration:sum"]
            )
        }
        for case in self:
            count, minutes = data.get(case.id, (0, 0))
            case.contact_count = count
            case.contact_minutes = minutes or 0

    @api.depends("contact_minutes")
    def _compute_effort_hours(self):
        for case in self:
            case.effort_hours = case.contact_minutes / 60.0

    @api.depends("goal_ids")
    def _compute_goal_count(self):
        data = dict(
            self.env["kim.case.goal"]._read_group(
                [("case_id", "in", self.ids)], ["case_id"], ["__count"]
            )
        )
        for case in self:
            case.goal_count = data.get(case, 0)

    @api.depends("goal_ids.review_date", "goal_ids.outcome")
    def _compute_next_review(self):
        for case in self:
            dates = case.goal_ids.filtered(lambda g: not g.outcome and g.review_date).mapped(
                "review_date"
            )
            case.next_review_date = min(dates) if dates else False

    @api.depends("eval_goals", "eval_methods", "eval_satisfaction")
    def _compute_has_evaluation(self):
        for case in self:
            case.has_evaluation = bool(
                case.eval_satisfaction
                and not fields.Html.is_empty(case.eval_goals)
                and not fields.Html.is_empty(case.eval_methods)
            )

    # Constraints -------------------------------------------------------------------------------

    def _check_one_open_case(self, partner_id, company_id, exclude_ids=()):
        """One open case per person and provider; checked before the database's unique
        index would refuse it, so the case manager reads a clear message."""
        duplicate = self.sudo().search(
            [
                ("id", "not in", list(exclude_ids)),
                ("partner_id", "=", partner_id),
                ("company_id", "=", company_id),
                ("state", "=", "open"),
            ],
            limit=1,
        )
        if duplicate and not duplicate.with_env(self.env).has_access("read"):
            raise ValidationError(
                self.env._("This person already has an open case at this provider.")
            )
        if duplicate:
            raise ValidationError(
                self.env._(
                    "%(client)s already has an open case at %(provider)s (%(case)s).",
                    client=duplicate.partner_id.name,
                    provider=duplicate.company_id.name,
                    case=duplicate.name,
                )
            )

    @api.constrains("partner_id")
    def _check_client_is_a_person(self):
        for case in self:
            client = case.partner_id.sudo().with_context(active_test=False)
            if not client.filtered_domain(persons.CLIENT_DOMAIN):
                raise ValidationError(
                    self.env._(
                        "%s cannot be given a case: a case is opened for a person filed as a "
                        "client, not for a contact of the address book, an organisation, one "
                        "of its contact persons or a user.",
                        client.name,
                    )
                )

    @api.constrains("date_open", "date_closed")
    def _check_dates(self):
        for case in self:
            if case.date_closed and case.date_closed < case.date_open:
                raise ValidationError(self.env._("A case cannot be closed before it was opened."))

    @api.constrains("residence_issued", "residence_valid_until")
    def _check_residence_dates(self):
        for case in self:
            if (
                case.residence_issued
                and case.residence_valid_until
                and case.residence_valid_until < case.residence_issued
            ):
                raise ValidationError(
                    self.env._("The residence status cannot expire before it was issued.")
                )

    @api.constrains("is_crisis", "crisis_reason", "conclusion")
    def _check_crisis_reason(self):
        for case in self:
            if (case.is_crisis or case.conclusion == eligibility.CRISIS) and not case.crisis_reason:
                raise ValidationError(self.env._("A crisis admission needs its reason."))

    @api.constrains("conclusion", "referred_to")
    def _check_referred_to(self):
        for case in self:
            if case.conclusion == eligibility.REFERRED and not case.referred_to:
                raise ValidationError(self.env._("Say to whom the client was referred."))

    @api.constrains("municipality_id", "company_id")
    def _check_municipality_served(self):
        """A case belongs to a provider that offers KIM in its municipality (a provider of a
        district serves its towns), as the transfer requires of the receiving side."""
        for case in self.sudo():
            place = case.municipality_id
            served = case.company_id.kim_municipality_ids
            ancestors = {int(part) for part in (place.parent_path or "").split("/") if part}
            if place and not ancestors & set(served.ids):
                raise ValidationError(
                    self.env._(
                        "%(provider)s does not offer KIM case management in %(municipality)s.",
                        provider=case.company_id.name,
                        municipality=place.display_name,
                    )
                )

    @api.constrains("stage_id", "municipality_id")
    def _check_stage_of_municipality(self):
        """A case moves through the stages its municipality works with."""
        for case in self.sudo():
            if (
                case.stage_id
                and case.stage_set_id
                and case.stage_id.stage_set_id != case.stage_set_id
            ):
                raise ValidationError(
                    self.env._(
                        "“%(stage)s” is not a stage of %(municipality)s.",
                        stage=case.stage_id.name,
                        municipality=case.municipality_id.display_name,
                    )
                )

    @api.constrains("user_id", "substitute_ids", "company_id")
    def _check_case_managers(self):
        """The case manager and the substitutes are case managers of the case's provider."""
        for case in self.sudo():
            for user in case.user_id | case.substitute_ids:
                if (
                    user.share
                    or case.company_id not in user.company_ids
                    or not user.has_group(CASE_MANAGER)
                ):
                    raise ValidationError(
                        self.env._(
                            "%(user)s is not a case manager of %(provider)s.",
                            user=user.name,
                            provider=case.company_id.name,
                        )
                    )

    @api.constrains("user_id", "substitute_ids")
    def _check_substitutes(self):
        for case in self:
            if case.user_id in case.substitute_ids:
                raise ValidationError(
                    self.env._("The case manager cannot be their own substitute.")
                )

    # Stage gates -------------------------------------------------------------------------------

    def _progress(self):
        self.ensure_one()
        return stages.Progress(
            has_conclusion=bool(self.conclusion),
            has_assessment=bool(self.assessment_ids),
            has_goal=bool(self.goal_ids.filtered("date_agreed")),
            has_measure=bool(self.measure_ids),
            has_review=bool(
                self.goal_ids.filtered("outcome")
                or len(self.assessment_ids) > len(set(self.assessment_ids.mapped("life_domain_id")))
            ),
            has_evaluation=self.has_evaluation,
        )

    def _requirement_labels(self):
        return dict(
            self.env["kim.case.stage"]._fields["exit_requirement"]._description_selection(self.env)
        )

    def write(self, vals):
        # Not even server code moves a case to another provider but by a transfer.
        if (
            "company_id" in vals
            and not is_trusted(self, "kim_transfer")
            and any(case.company_id.id != vals["company_id"] for case in self)
        ):
            raise UserError(
                self.env._(
                    "A case changes its provider only by a transfer (button “Transfer to "
                    "another provider”), which the receiving case manager accepts."
                )
            )
        if {"partner_id", "company_id", "state"} & set(vals):
            for case in self:
                if vals.get("state", case.state) == "open":
                    case._check_one_open_case(
                        vals.get("partner_id", case.partner_id.id),
                        vals.get("company_id", case.company_id.id),
                        exclude_ids=self.ids,
                    )
        if "stage_id" in vals and not is_trusted(self, "kim_stage_gate_checked"):
            target = self.env["kim.case.stage"].browse(vals["stage_id"])
            for case in self:
                case._check_stage_gate(target)
        return super().write(vals)

    def _stage_blockers(self, target, closing=False):
        """What keeps the case from moving to ``target``, in the order the user must see
        to it: ``stages.CONSENT`` (nothing beyond intake without the client's consent to
        data processing, seed 003 §7.2, seed 002 §2.2 step 1; closing from intake stays
        possible), then the results of the stages it would leave (003 §4.1). Empty when
        the move may go ahead. ``closing`` says the case is being closed (action_close)."""
        self.ensure_one()
        current = self.stage_id
        if not current or not target or target == current:
            return []
        if target.stage_set_id != current.stage_set_id:
            return []
        blockers = []
        intake = current.stage_set_id.stage_ids[:1]
        if (
            not closing
            and current == intake
            and target.sequence > current.sequence
            and not self.consent_given
        ):
            blockers.append(stages.CONSENT)
        left_behind = current.stage_set_id.stage_ids.filtered(
            lambda s: current.sequence <= s.sequence < target.sequence and s != target
        )
        blockers += stages.missing_results(left_behind.mapped("exit_requirement"), self._progress())
        return blockers

    def _check_stage_gate(self, target, closing=False):
        blockers = self._stage_blockers(target, closing)
        if stages.CONSENT in blockers:
            raise UserError(
                self.env._(
                    "Case %(case)s cannot leave “%(stage)s” before the client has given the "
                    "consent to data processing. Record the signed consent under Data "
                    "protection.",
                    case=self.name,
                    stage=self.stage_id.name,
                )
            )
        if blockers:
            labels = self._requirement_labels()
            raise UserError(
                self.env._(
                    "Case %(case)s cannot move to “%(stage)s” yet. Missing: %(missing)s.",
                    case=self.name,
                    stage=target.name,
                    missing=", ".join(labels.get(code, code) for code in blockers),
                )
            )

    def _stage_result_places(self):
        """Where the case form records what a stage change needs: (page, field, page
        label). The stage bar links each missing item to its place."""
        return {
            stages.CONSENT: ("data_protection", "consent_ids", self.env._("Data protection")),
            stages.CONCLUSION: ("access", "conclusion", self.env._("Access")),
            stages.ASSESSMENT: ("assessment", "assessment_ids", self.env._("Assessment")),
            stages.GOAL: ("goals", "goal_ids", self.env._("Goals & help plan")),
            stages.MEASURE: ("goals", "measure_ids", self.env._("Goals & help plan")),
            stages.REVIEW: ("goals", "goal_ids", self.env._("Goals & help plan")),
            stages.EVALUATION: ("closing", "eval_goals", self.env._("Closing")),
        }

    def kim_stage_blockers(self, stage_id):
        """For the stage bar, before it moves the case: what is still missing for the
        stage ``stage_id``, each item with the place of the form where it is recorded.
        Reads only what the user may read; the move itself is checked again on write."""
        self.ensure_one()
        self.check_access("read")
        if not stage_id:
            return []
        if not isinstance(stage_id, int) or isinstance(stage_id, bool):
            raise UserError(self.env._("Choose a stage of the case."))
        target = self.env["kim.case.stage"].browse(stage_id).exists()
        labels = {
            **self._requirement_labels(),
            stages.CONSENT: self.env._("the client's consent to data processing"),
        }
        places = self._stage_result_places()
        return [
            {
                "code": code,
                "label": labels.get(code, code),
                "page": places[code][0],
                "field": places[code][1],
                "place": places[code][2],
            }
            for code in self._stage_blockers(target)
        ]

    # Short counselling ---------------------------------------------------------------------------

    def _check_short_counselling_room(self, adding=1):
        """003 §4.2: a short counselling holds at most five conversations."""
        for case in self.filtered(lambda c: c.case_type == "short"):
            if case.contact_count + adding > SHORT_MAX_CONTACTS:
                action = self.env.ref("kim_case.kim_case_convert_action")
                raise RedirectWarning(
                    self.env._(
                        "A short counselling holds at most %(max)s conversations; case %(case)s "
                        "already has %(count)s. Convert it to case management to document "
                        "further conversations.",
                        max=SHORT_MAX_CONTACTS,
                        case=case.name,
                        count=case.contact_count,
                    ),
                    {
                        **action._get_action_dict(),
                        "context": {"default_case_id": case.id},
                    },
                    self.env._("Convert to case management"),
                )

    def _form_action(self):
        """The case in its form, in the main window."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "kim.case",
            "res_id": self.id,
            "views": [(False, "form")],
            "target": "current",
        }

    def action_open_client(self):
        """The client's full intake form (Erhebungsbogen) on the contact."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "target": "current",
        }

    # Quick entry: the everyday records in one dialog each ------------------------------------

    def _kim_check_open(self):
        """Counselling work is recorded on open cases only: a closed case is reopened
        first, so that what was closed and evaluated stays as it was (the header buttons,
        and kim.case.work.mixin for every route to the records)."""
        closed = self.filtered(lambda case: case.state != "open")
        if closed:
            raise UserError(
                self.env._(
                    "Case %s is closed: reopen it to record or change anything.", closed[0].name
                )
            )

    def _quick_entry(self, model, title):
        """A dialog with the compact form of ``model`` for this case."""
        self.ensure_one()
        self._kim_check_open()
        self.env[model].check_access("create")
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": model,
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def action_record_contact(self):
        """Kontakt erfassen, the most frequent task: the note first, topics as chips,
        today's date and the usual length already filled in."""
        return self._quick_entry(
            "kim.case.contact", self.env._("Record contact: %s", self.partner_id.name)
        )

    def action_agree_goal(self):
        """Ziel vereinbaren: the goal in the client's words and its life domain."""
        return self._quick_entry(
            "kim.case.goal", self.env._("Agree goal: %s", self.partner_id.name)
        )

    def action_convert_to_cm(self):
        for case in self:
            if case.case_type == "cm":
                continue
            case.case_type = "cm"
            case.message_post(body=self.env._("Converted to case management."))
        return True

    # Closing -----------------------------------------------------------------------------------

    def action_close(self):
        for case in self:
            if case.state == "closed":
                continue
            if not case.closing_reason:
                raise UserError(
                    self.env._("Choose a closing reason before closing case %s.", case.name)
                )
            if case.case_type == "cm" and not case.has_evaluation:
                raise UserError(
                    self.env._(
                        "Case %s needs its closing evaluation (goals and results, methods and "
                        "cooperation, the client's satisfaction) before it is closed.",
                        case.name,
                    )
                )
            closing_stage = case.stage_set_id.stage_ids.filtered("is_closing")[:1]
            values = {"state": "closed", "date_closed": fields.Date.context_today(case)}
            if closing_stage and case.stage_id != closing_stage:
                # A short or referral counselling ends without the case management's
                # results; a case management needs the results of every stage it skips.
                if case.case_type == "cm":
                    case._check_stage_gate(closing_stage, closing=True)
                values["stage_id"] = closing_stage.id
            allow(trusted(case, "kim_stage_gate_checked"), "state", "date_closed").write(values)
            case.activity_ids.action_feedback(feedback=self.env._("Case closed."))
        return True

    def action_reopen(self):
        allow(self, "state", "date_closed").write(
            {"state": "open", "date_closed": False, "closing_reason": False}
        )
        return True
