from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kim_case.rules.postal import is_postal_code
from odoo.addons.kim_case.trust import allow

from ..models.kim_referral import KINDS
from ..rules import routing

# The services the rules of seed 003 §6 name, found by interface or by the seed's name.
HINT_INTERFACES = {
    "MBE": "MBE",
    "JMD": "JMD",
    "KIM": "KIM",
    "JUGENDAMT": "HZE",
    "JOBCENTER": "JOBCENTER",
}
HINT_NAMES = {
    "TEAM_SOZIALARBEIT": "Team Sozialarbeit",
    "FLUECHTLINGSBERATUNG": "Flüchtlingsberatung",
    "BILDUNGSBERATUNG": "Bildungsberatung",
    "PFLEGEBERATUNG": "Pflegeberatung",
    "WOHNBERATUNG": "Wohnberatung",
    "QUARTIERSBUERO": "Quartiersbüro",
}
# How a hint's kind of cooperation becomes the kind of referral proposed.
HINT_KINDS = {
    "verweisberatung": "verweisberatung",
    "weiterleitung": "weiterleitung",
    "tandem": "tandem",
    "parallel": "tandem",
}
MAX_OTHER = 25


class KimRoutingWizard(models.TransientModel):
    """Who is responsible for a client (seed 003 §6, Anhang 9.1): the KIM-CM provider and
    social area of their postal code, the first-integration service of their age and
    residence title, the interfaces the concept names for their situation, and the
    services of the network that fit, each with its reason."""

    _name = "kim.routing.wizard"
    _description = "Who is responsible?"

    case_id = fields.Many2one("kim.case", required=True, ondelete="cascade")
    municipality_id = fields.Many2one(related="case_id.municipality_id", compute_sudo=False)
    zip = fields.Char(
        "Postal code",
        default=lambda self: self._default_zip(),
        help="The client's postal code; change it to ask for another address.",
    )
    support_area = fields.Selection(
        lambda self: self.env["kim.case"]._fields["target_group"]._description_selection(self.env),
        "Support area",
    )
    topic_ids = fields.Many2many("kim.topic", string="Topics")
    summary = fields.Html(readonly=True, sanitize=False)
    line_ids = fields.One2many("kim.routing.line", "wizard_id", "Suggestions")

    def _default_zip(self):
        case = self.env["kim.case"].browse(self.env.context.get("default_case_id"))
        return case.client_zip if case else False

    @api.constrains("zip")
    def _check_zip(self):
        for wizard in self:
            if wizard.zip and not is_postal_code(wizard.zip):
                raise ValidationError(
                    self.env._("A postal code has five digits, not “%s”.", wizard.zip)
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            case = self.env["kim.case"].browse(vals.get("case_id"))
            if case:
                vals.setdefault("zip", case.client_zip or False)
                vals.setdefault("support_area", case.target_group or False)
                vals.setdefault("topic_ids", [fields.Command.set(case.contact_ids.topic_ids.ids)])
        wizards = super().create(vals_list)
        for wizard in wizards:
            wizard._kim_route(strict=False)
        return wizards

    def action_refresh(self):
        self.ensure_one()
        self._kim_route(strict=True)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Who is responsible?"),
            "context": {"dialog_size": "extra-large"},
        }

    # The routing ---------------------------------------------------------------------------------

    def _kim_person(self):
        case = self.case_id
        today = fields.Date.context_today(self)
        age = routing.age_on(case.client_birthdate, today) if case.client_birthdate else None
        years = None
        if case.residence_issued and case.residence_issued <= today:
            years = routing.years_between(case.residence_issued, today)
        return routing.Person(
            age=age,
            years_since_first_title=years,
            residence_status=case.residence_status or None,
            care_need=bool(case.care_need or self.support_area == "zg3"),
            has_minor_child=bool(case.zg2_has_minor_child),
            topics=frozenset(code for code in self.topic_ids.mapped("code") if code),
        )

    def _kim_route(self, strict):
        self.ensure_one()
        municipality = self.case_id.municipality_id
        Service = self.env["kim.service"]
        notes, lines = [], []
        services = Service
        if not self.zip:
            notes.append(self.env._("The client's postal code is missing: enter it above."))
        elif not self.env["kim.postal.code"].search_count(
            [("code", "=", self.zip), ("municipality_id", "=", municipality.id)]
        ):
            message = self.env._(
                "The postal code %(zip)s is not recorded for %(municipality)s: no service of "
                "its network is responsible for it.",
                zip=self.zip,
                municipality=municipality.name,
            )
            if strict:
                raise UserError(message)
            notes.append(message)
        else:
            services = Service.search(
                [("serves_zip", "=", self.zip), ("municipality_id", "=", municipality.id)]
            )
        person = self._kim_person()
        summary = []

        # KIM-CM of the postal code and its social area (Anhang 9.1).
        kim = services.filtered(lambda s: s.interface_id.code == "KIM")
        area = self.env["kim.social.area"]._for_postal_code(municipality, self.zip)
        if kim:
            providers = ", ".join(kim.actor_id.mapped(lambda a: a.kim_abbreviation or a.name))
            text = self.env._(
                "KIM case management for %(zip)s: %(providers)s", zip=self.zip, providers=providers
            )
            if area:
                text += self.env._(
                    " (social area %(code)s %(name)s)", code=area.code or "", name=area.name
                )
            summary.append(text)
            for service in kim:
                lines.append(
                    {
                        "category": "kim",
                        "service_id": service.id,
                        "reason": self.env._(
                            "Responsible for postal code %s according to the service directory.",
                            self.zip,
                        ),
                        "kind": "warm_handover",
                        "fits": True,
                    }
                )

        # First integration: MBE, JMD or KIM (seed 003 §6.1), for the catch-up of the
        # initial integration (or while the support area is still open).
        if self.support_area in (False, "zg1"):
            if person.age is not None and person.years_since_first_title is not None:
                first = routing.first_integration_service(
                    person.age, person.years_since_first_title
                )
                summary.append(
                    self.env._(
                        "First integration: %(service)s (age %(age)s, residence title for "
                        "%(years)s years).",
                        service=first,
                        age=person.age,
                        years=routing.german_number(person.years_since_first_title, 1),
                    )
                )
            else:
                summary.append(
                    self.env._(
                        "First integration not checked: birth date or date of the first "
                        "residence title missing on the case."
                    )
                )

        # The interfaces the concept names for this situation.
        seen = {line["service_id"] for line in lines}
        for hint in routing.referral_hints(person, self.support_area or None):
            matched = self._kim_hint_services(hint, services, municipality)
            if not matched:
                lines.append(
                    {
                        "category": "hint",
                        "reason": hint.reason,
                        "kind": HINT_KINDS.get(hint.kind, "verweisberatung"),
                        "fits": True,
                        "hint_service": hint.service,
                    }
                )
            for service in matched:
                if service.id in seen:
                    continue
                seen.add(service.id)
                lines.append(
                    {
                        "category": "hint",
                        "service_id": service.id,
                        "reason": hint.reason,
                        "kind": HINT_KINDS.get(hint.kind, "verweisberatung"),
                        "fits": True,
                    }
                )

        # Further services of the postal code that fit the situation.
        others = []
        for service in services:
            if service.id in seen:
                continue
            areas = service._kim_support_areas()
            if self.support_area and areas and self.support_area not in areas:
                continue
            fits, reasons = routing.check_conditions(service._kim_conditions(), person)
            shared = service.topic_ids & self.topic_ids
            if shared:
                reasons.insert(0, self.env._("Topics: %s", ", ".join(shared.mapped("name"))))
            others.append((not fits, -len(shared), service.name, service, fits, reasons))
        for _unfit, _shared, _name, service, fits, reasons in sorted(others, key=lambda o: o[:3])[
            :MAX_OTHER
        ]:
            lines.append(
                {
                    "category": "service",
                    "service_id": service.id,
                    "reason": "\n".join(reasons) or self.env._("Responsible for the postal code."),
                    "kind": "verweisberatung",
                    "fits": fits,
                }
            )

        items = [Markup("<li>%s</li>") % text for text in notes + summary]
        allow(self, "summary").summary = Markup("<ul class='mb-0'>%s</ul>") % Markup("").join(items)
        self.line_ids = [fields.Command.clear()] + [
            fields.Command.create({"sequence": index, **line}) for index, line in enumerate(lines)
        ]

    def _kim_hint_services(self, hint, services, municipality):
        code = HINT_INTERFACES.get(hint.service)
        if code:
            found = services.filtered(lambda s: s.interface_id.code == code)
            if not found:
                found = self.env["kim.service"].search(
                    [
                        ("interface_id.code", "=", code),
                        ("municipality_id", "=", municipality.id),
                        ("spatial", "=", "none"),
                    ]
                )
            return found
        name = HINT_NAMES.get(hint.service)
        if not name:
            return self.env["kim.service"]
        found = services.filtered(lambda s: name.casefold() in (s.name or "").casefold())
        if hint.service == "BILDUNGSBERATUNG":
            # The concept names the Volkshochschule's Bildungsberatung (seed 003 §6.1).
            found = found.filtered(lambda s: s.actor_id.kim_abbreviation == "VHS") or found
        return found


class KimRoutingLine(models.TransientModel):
    _name = "kim.routing.line"
    _description = "Routing suggestion"
    _order = "sequence, id"

    wizard_id = fields.Many2one("kim.routing.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer()
    category = fields.Selection(
        [
            ("kim", "KIM case management"),
            ("hint", "Rule of the concept"),
            ("service", "Service of the postal code"),
        ],
        required=True,
    )
    service_id = fields.Many2one("kim.service")
    hint_service = fields.Char("Named service")
    actor_id = fields.Many2one(related="service_id.actor_id", compute_sudo=False)
    offer_form = fields.Selection(related="service_id.offer_form", compute_sudo=False)
    reason = fields.Text()
    kind = fields.Selection(KINDS, "Suggested referral")
    fits = fields.Boolean()

    def action_refer(self):
        """A new referral of the case to the suggested service."""
        self.ensure_one()
        if not self.service_id:
            raise UserError(
                self.env._("No service of the network is recorded for this suggestion yet.")
            )
        case = self.wizard_id.case_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refer the client"),
            "res_model": "kim.referral",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_direction": "outgoing",
                "default_case_id": case.id,
                "default_service_id": self.service_id.id,
                "default_kind": self.kind or "verweisberatung",
            },
        }
