from collections.abc import Collection

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kim_case.rules import eligibility
from odoo.addons.kim_case.rules.postal import is_postal_code
from odoo.addons.kim_case.trust import allow

from ..rules import routing

OFFER_FORMS = [
    ("beratung", "Counselling"),
    ("beratung_cm", "Counselling with case-management elements"),
    ("case_management", "Case management"),
    ("erst_verweis", "First and referral counselling"),
    ("auskunft", "Information"),
]
SPATIAL = [
    ("zip", "By postal code"),
    ("none", "No spatial assignment"),
]
# The KIM Unterstützungsbereiche (seed 003 §2.2) and the field that says a service serves one.
SUPPORT_AREA_FIELDS = {
    eligibility.ZG1: "serves_zg1",
    eligibility.ZG2: "serves_zg2",
    eligibility.ZG3: "serves_zg3",
}


class KimService(models.Model):
    """An offer of an actor in the local network (seed 003 tables 6.1-6.3): whom it serves,
    on what, in which form, and where it is responsible: a set of postal codes, or no
    spatial assignment with the rule that divides the work instead (Buchstabenregelung,
    Aktenzeichenregelung).

    ``search([("serves_zip", "=", "46119")])`` finds every active service responsible for
    that postal code, including those without spatial assignment in its municipality."""

    _name = "kim.service"
    _description = "Service"
    # Directory data: no text about persons, left alone by the withdrawal's text sweep.
    _kim_reference_data = True
    _inherit = ["mail.thread"]
    _order = "municipality_id, name, actor_id, id"

    name = fields.Char("Service", required=True, index="trigram", tracking=True)
    actor_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        tracking=True,
        domain=[("kim_actor", "=", True)],
        help="The organisation or authority offering the service.",
    )
    actor_abbreviation = fields.Char(
        related="actor_id.kim_abbreviation", string="Abbreviation", compute_sudo=False
    )
    municipality_id = fields.Many2one(
        "kim.municipality", required=True, index=True, tracking=True, ondelete="restrict"
    )
    interface_id = fields.Many2one(
        "kim.service.interface",
        index=True,
        domain="[('municipality_id', '=', municipality_id)]",
        help="The neighbouring structure of seed 003 §6 this service is (MBE, JMD, Jobcenter …).",
    )
    active = fields.Boolean(default=True, tracking=True)
    date_archived = fields.Date("Archived on", readonly=True, copy=False)

    # Whom and what for ---------------------------------------------------------------------------
    target_group = fields.Text("Target group")
    focus = fields.Text("Counselling focus")
    offer_form = fields.Selection(OFFER_FORMS, "Form of offer", tracking=True)
    serves_zg1 = fields.Boolean("Catch-up initial integration")
    serves_zg2 = fields.Boolean("Multiple family problems")
    serves_zg3 = fields.Boolean("Care setting")
    topic_ids = fields.Many2many("kim.topic", string="Topics")
    language_ids = fields.Many2many(
        "res.lang",
        string="Languages",
        context={"active_test": False},
        help="Languages counselling is offered in.",
    )
    recipient_category_id = fields.Many2one(
        "kim.recipient.category",
        "Recipient category",
        help="The category of a release from confidentiality that covers passing client "
        "data to this service.",
    )

    # Conditions where the concept states them ----------------------------------------------------
    age_from = fields.Integer("Age from", help="Lowest age served; 0 for none.")
    age_to = fields.Integer(
        "Age up to (excluded)",
        help="The first age no longer served (“bis zur Vollendung des 27. Lebensjahres” is "
        "27); 0 for no upper limit.",
    )
    title_years_from = fields.Float(
        "Residence title from (years)", help="Years since the first residence title; 0 for none."
    )
    title_years_to = fields.Float(
        "Residence title up to (years, excluded)", help="0 for no upper limit."
    )
    eu_citizens = fields.Boolean("EU citizens")
    tolerated_permitted = fields.Boolean("Persons with Gestattung or Duldung")
    care_need = fields.Boolean("Care need / care grade")

    # Where and when -------------------------------------------------------------------------------
    opening_hours = fields.Text("Opening hours")
    street = fields.Char()
    zip = fields.Char("Postal code of the address")
    city = fields.Char()
    phone = fields.Char()
    email = fields.Char()
    website = fields.Char()

    # Responsibility -------------------------------------------------------------------------------
    spatial = fields.Selection(SPATIAL, "Responsibility", required=True, default="zip")
    spatial_rule = fields.Char(
        "Rule without spatial assignment",
        help="How the work is divided instead, e.g. Buchstabenregelung (by the first letter of "
        "the surname) or Aktenzeichenregelung (by file number).",
    )
    zip_ids = fields.Many2many(
        "kim.postal.code",
        "kim_service_postal_code_rel",
        "service_id",
        "postal_code_id",
        "Postal codes",
        domain="[('municipality_id', '=', municipality_id)]",
    )
    serves_zip = fields.Char(
        "Responsible for postal code",
        compute="_compute_serves_zip",
        search="_search_serves_zip",
        help="Search only: the services responsible for a postal code.",
    )
    responsibility = fields.Char("Responsible for", compute="_compute_responsibility")
    referral_ids = fields.One2many("kim.referral", "service_id", "Referrals")

    # Checks ---------------------------------------------------------------------------------------

    @api.constrains("age_from", "age_to", "title_years_from", "title_years_to")
    def _check_conditions(self):
        for service in self:
            try:
                routing.validate_conditions(service._kim_conditions())
            except ValueError as error:
                raise ValidationError(
                    self.env._("%(service)s: %(error)s", service=service.name, error=error)
                ) from error

    @api.constrains("spatial", "zip_ids", "spatial_rule", "municipality_id")
    def _check_responsibility(self):
        for service in self:
            if service.spatial == "zip" and not service.zip_ids:
                raise ValidationError(
                    self.env._(
                        "%s: name the postal codes the service is responsible for, or choose "
                        "“No spatial assignment” and state the rule.",
                        service.name,
                    )
                )
            if service.spatial == "none" and not (service.spatial_rule or "").strip():
                raise ValidationError(
                    self.env._(
                        "%s: without spatial assignment, state the rule that divides the work "
                        "(e.g. Buchstabenregelung).",
                        service.name,
                    )
                )
            foreign = service.zip_ids.filtered(
                lambda postal, service=service: postal.municipality_id != service.municipality_id
            )
            if foreign:
                raise ValidationError(
                    self.env._(
                        "%(service)s: the postal codes %(codes)s do not "
                        "belong to %(municipality)s.",
                        service=service.name,
                        codes=", ".join(foreign.mapped("code")),
                        municipality=service.municipality_id.name,
                    )
                )

    # Computes and search --------------------------------------------------------------------------

    @api.depends("name", "actor_id.kim_abbreviation", "actor_id.name")
    def _compute_display_name(self):
        for service in self:
            actor = service.actor_id.kim_abbreviation or service.actor_id.name
            service.display_name = f"{service.name} ({actor})" if actor else service.name or ""

    @api.depends("spatial", "spatial_rule", "zip_ids", "municipality_id")
    def _compute_responsibility(self):
        totals = dict(
            self.env["kim.postal.code"]._read_group(
                [("municipality_id", "in", self.municipality_id.ids)],
                ["municipality_id"],
                ["__count"],
            )
        )
        for service in self:
            count = len(service.zip_ids)
            if service.spatial == "none":
                service.responsibility = service.spatial_rule or ""
            elif count > 2 and count == totals.get(service.municipality_id, 0):
                service.responsibility = self.env._(
                    "All of %(municipality)s (%(count)s postal codes)",
                    municipality=service.municipality_id.name,
                    count=count,
                )
            else:
                service.responsibility = ", ".join(sorted(service.zip_ids.mapped("code")))

    def _compute_serves_zip(self):
        for service in self:
            service.serves_zip = " ".join(service.zip_ids.mapped("code"))

    def _search_serves_zip(self, operator, value):
        if operator not in ("=", "in", "ilike"):
            return NotImplemented
        if isinstance(value, str):
            codes = [value]
        elif not value:
            codes = []
        elif isinstance(value, Collection) and not isinstance(value, (bytes, dict)):
            codes = list(value)
        else:
            codes = [value]
        # Whatever else a client sends (a float, a list in the list) is no postal code.
        codes = [
            str(code).strip()
            if isinstance(code, (str, int)) and not isinstance(code, bool)
            else repr(code)
            for code in codes
        ]
        wrong = [code for code in codes if not is_postal_code(code)]
        if wrong:
            raise UserError(
                self.env._(
                    "A postal code has five digits; “%s” is not one. Type the whole postal "
                    "code, e.g. 46119.",
                    ", ".join(wrong),
                )
            )
        # Sub-queries, not ids: the search and its count stay one query each.
        postal = self.env["kim.postal.code"].sudo()._search([("code", "in", codes)])
        return [
            "|",
            ("zip_ids", "in", postal),
            "&",
            ("spatial", "=", "none"),
            ("municipality_id", "in", postal.subselect("municipality_id")),
        ]

    # Archiving keeps its date ---------------------------------------------------------------------

    def write(self, vals):
        if "active" not in vals:
            return super().write(vals)
        vals = {
            **vals,
            "date_archived": False if vals["active"] else fields.Date.context_today(self),
        }
        return super(KimService, allow(self, "date_archived")).write(vals)

    # Rules ----------------------------------------------------------------------------------------

    def _kim_conditions(self):
        self.ensure_one()
        return routing.Conditions(
            age_from=self.age_from or None,
            age_to=self.age_to or None,
            title_years_from=self.title_years_from or None,
            title_years_to=self.title_years_to or None,
            eu_citizens=self.eu_citizens,
            tolerated_permitted=self.tolerated_permitted,
            care_need=self.care_need,
        )

    def _kim_support_areas(self):
        self.ensure_one()
        return {area for area, name in SUPPORT_AREA_FIELDS.items() if self[name]}
