"""Loading a municipality's network data shipped with the addon (data/municipalities/<key>/,
CSV files described in data/municipalities/README.md): only when a coordinator or an
administrator asks for it, for that municipality. Every row carries a key that becomes the
record's external id, so loading twice changes nothing, and what the coordination has
changed since is kept."""

import csv
import io
import os

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path

from odoo.addons.kim_case.rules.postal import split_postal_codes
from odoo.addons.kim_case.trust import allow

MODULE = "kim_network"
COORDINATOR = "kim_case.group_kim_coordinator"
TABLE_AREAS = {"6.1": "serves_zg1", "6.2": "serves_zg2", "6.3": "serves_zg3"}
INTERFACE_CODES = {
    "mbe": "MBE",
    "jmd": "JMD",
    "jobcenter": "JOBCENTER",
    "spb": "SPB",
    "hze": "HZE",
    "kim": "KIM",
}


def datasets_path():
    return os.path.join(get_module_path(MODULE), "data", "municipalities")


def read_rows(dataset, name):
    """The rows of one CSV file of a dataset (comment lines skipped); [] when it has none."""
    path = os.path.join(datasets_path(), dataset, f"{name}.csv")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#") and line.strip()]
    return list(csv.DictReader(io.StringIO("".join(lines))))


def available_datasets():
    found = []
    root = datasets_path()
    for key in sorted(os.listdir(root)) if os.path.isdir(root) else ():
        rows = read_rows(key, "municipality")
        if rows:
            found.append((key, rows[0]["name"]))
    return found


class KimNetworkLoad(models.TransientModel):
    _name = "kim.network.load"
    _description = "Load municipal network data"

    dataset = fields.Selection(lambda self: available_datasets(), "Data of", required=True)
    municipality_id = fields.Many2one(
        "kim.municipality",
        "Load into",
        compute="_compute_municipality_id",
        store=True,
        readonly=False,
        help="The municipality the services, networks and posts are recorded for; found by "
        "its official key.",
    )
    official_key = fields.Char(compute="_compute_official_key")
    result = fields.Html(readonly=True, sanitize=False)

    @api.depends("dataset")
    def _compute_official_key(self):
        for wizard in self:
            rows = read_rows(wizard.dataset, "municipality") if wizard.dataset else []
            wizard.official_key = rows[0]["official_key"] if rows else False

    @api.depends("dataset")
    def _compute_municipality_id(self):
        for wizard in self:
            key = wizard.official_key
            if key and not wizard.municipality_id:
                wizard.municipality_id = self.env["kim.municipality"].search(
                    [("official_key", "=", key)], limit=1
                )

    def _kim_check_rights(self, municipality):
        user = self.env.user
        if user.has_group("base.group_system"):
            return
        if not user.has_group(COORDINATOR) or not municipality:
            raise AccessError(
                self.env._("Only the coordination of a municipality loads its network data.")
            )
        if municipality.id not in user._kim_coordinated_municipality_ids():
            raise AccessError(
                self.env._(
                    "You do not coordinate %s; its coordination loads its network data.",
                    municipality.name,
                )
            )

    def action_load(self):
        self.ensure_one()
        municipality = self.municipality_id
        if not municipality and not self.env.user.has_group("base.group_system"):
            raise UserError(
                self.env._(
                    "%s is not recorded as a municipality yet; the administrator records it first.",
                    dict(available_datasets()).get(self.dataset, self.dataset),
                )
            )
        self._kim_check_rights(municipality)
        counts = self.sudo()._kim_load(self.dataset, municipality)
        labels = {
            "actors": self.env._("Actors"),
            "services": self.env._("Services"),
            "networks": self.env._("Networks and working groups"),
            "posts": self.env._("KIM-CM posts"),
            "social_areas": self.env._("Social areas"),
            "interfaces": self.env._("Interfaces"),
            "abbreviations": self.env._("Abbreviations"),
        }
        items = Markup("").join(
            Markup("<li>%s: %s</li>") % (labels[key], value) for key, value in counts.items()
        )
        allow(self, "result").result = Markup("<p>%s</p><ul>%s</ul>") % (
            self.env._(
                "Loaded for %s (existing records kept as they are):", self.municipality_id.name
            ),
            items,
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    # Loading, as superuser after the check above -------------------------------------------------

    @api.model
    def _kim_load(self, dataset, municipality=None):
        """Loads ``dataset`` into ``municipality`` (created from the dataset when None);
        returns how many records of each kind the dataset holds."""
        # Loaded data is reference data: no "created" notes or tracking in the chatter.
        self = self.with_context(tracking_disable=True, mail_create_nolog=True)
        if dataset not in dict(available_datasets()):
            raise UserError(self.env._("There is no network data for “%s”.", dataset))
        head = read_rows(dataset, "municipality")[0]
        if isinstance(municipality, int):
            municipality = self.env["kim.municipality"].browse(municipality)
        if not municipality:
            municipality = self.env["kim.municipality"].search(
                [("official_key", "=", head["official_key"])], limit=1
            ) or self.env["kim.municipality"].create(
                {"name": head["name"], "official_key": head["official_key"], "kind": head["kind"]}
            )
        if self:
            self.municipality_id = municipality
        prefix = f"{MODULE}.{dataset}_"

        def load(model, name, rows, values):
            data = [
                {"xml_id": f"{prefix}{name}_{row['key']}", "values": values(row), "noupdate": True}
                for row in rows
            ]
            if data:
                self.env[model].with_context(active_test=False)._load_records(data, update=True)
            return len(data)

        def ref(name, key):
            return self.env.ref(f"{prefix}{name}_{key}").id if key else False

        counts = {}
        # Social areas: kept when the municipality has one with that number already.
        areas = read_rows(dataset, "social_areas")
        Area = self.env["kim.social.area"].with_context(active_test=False)
        for row in areas:
            xml_id = f"{prefix}social_area_{row['code']}"
            if self.env.ref(xml_id, raise_if_not_found=False):
                continue
            area = Area.search(
                [("municipality_id", "=", municipality.id), ("code", "=", row["code"])], limit=1
            ) or Area.create(
                {
                    "name": row["name"],
                    "code": row["code"],
                    "municipality_id": municipality.id,
                    "postal_codes": row["postal_codes"],
                }
            )
            self.env["ir.model.data"]._update_xmlids(
                [{"xml_id": xml_id, "record": area, "noupdate": True}]
            )
        if areas:
            counts["social_areas"] = len(areas)
        codes = {code for row in areas for code in split_postal_codes(row["postal_codes"])}

        counts["actors"] = load(
            "res.partner",
            "actor",
            read_rows(dataset, "actors"),
            lambda row: {
                "name": row["name"],
                "is_company": True,
                "kim_actor": True,
                "kim_actor_kind": row["kind"] or False,
                "kim_abbreviation": row["abbreviation"] or False,
                "street": row.get("street") or False,
                "zip": row.get("zip") or False,
                "city": row.get("city") or False,
                "comment": row.get("note") or False,
            },
        )
        interfaces = read_rows(dataset, "interfaces")
        if interfaces:
            counts["interfaces"] = load(
                "kim.service.interface",
                "interface",
                interfaces,
                lambda row: {
                    "name": row["name"],
                    "code": INTERFACE_CODES.get(row["key"], row["key"].upper()),
                    "municipality_id": municipality.id,
                    "focus": row["focus"],
                    "target_group": row["target_group"],
                    "sequence": interfaces.index(row) * 10,
                },
            )
        legend = read_rows(dataset, "legend")
        if legend:
            for index, row in enumerate(legend):
                row["key"] = f"{index:02d}"
            counts["abbreviations"] = load(
                "kim.network.abbreviation",
                "abbreviation",
                legend,
                lambda row: {
                    "name": row["abbreviation"],
                    "meaning": row["meaning"],
                    "municipality_id": municipality.id,
                },
            )

        services = read_rows(dataset, "services")
        if services:
            codes |= {code for row in services for code in split_postal_codes(row["zips"])}
            postal = {
                record.code: record.id
                for record in self.env["kim.postal.code"]._kim_codes(codes, municipality)
            }
            counts["services"] = load(
                "kim.service",
                "service",
                services,
                lambda row: self._kim_service_values(row, municipality, postal, ref),
            )
        elif codes:
            self.env["kim.postal.code"]._kim_codes(codes, municipality)

        counts["networks"] = load(
            "kim.network",
            "network",
            read_rows(dataset, "networks"),
            lambda row: {
                "name": row["name"],
                "kind": row["kind"] or "network",
                "municipality_id": municipality.id,
                "organiser": row["organiser"] or False,
                "goal": row["goal"] or False,
                "cadence": row["cadence"] or False,
                "note": row.get("note") or False,
                "member_ids": [
                    fields.Command.create({"role": role, "sequence": index})
                    for index, role in enumerate(row["participation"].split())
                ],
            },
        )
        counts["posts"] = load(
            "kim.cm.post",
            "post",
            read_rows(dataset, "cm_posts"),
            lambda row: {
                "municipality_id": municipality.id,
                "social_area_id": ref("social_area", row["social_area"]) or False,
                "sequence": int(row["sequence"] or 1),
                "actor_id": ref("actor", row["actor"]),
                "employer": row["employer"] or "traeger",
                "post_share": float(row["post_share"] or 1.0),
                "location": row["location"] or False,
                "street": row["street"] or False,
                "zip": row["zip"] or False,
                "city": row["city"] or False,
                "note": row["note"] or False,
            },
        )
        return {key: value for key, value in counts.items() if value}

    def _kim_service_values(self, row, municipality, postal, ref):
        zips = split_postal_codes(row["zips"])
        actor = self.env["res.partner"].browse(ref("actor", row["actor"]))
        values = {
            "name": row["service"],
            "actor_id": actor.id,
            "municipality_id": municipality.id,
            "interface_id": ref("interface", row["interface"]) if row["interface"] else False,
            "target_group": row["target_group"] or False,
            "focus": row["focus"] or False,
            "offer_form": row["offer_form"] or False,
            "spatial": "zip" if zips else "none",
            "spatial_rule": row["spatial_rule"] or False,
            "zip_ids": [fields.Command.set([postal[code] for code in zips])],
            "age_from": int(row["age_from"] or 0),
            "age_to": int(row["age_to"] or 0),
            "title_years_from": float(row["title_years_from"] or 0),
            "title_years_to": float(row["title_years_to"] or 0),
            "eu_citizens": row["eu_citizens"] == "1",
            "tolerated_permitted": row["tolerated_permitted"] == "1",
            "care_need": row["care_need"] == "1",
            "topic_ids": [
                fields.Command.set(
                    [self.env.ref(f"kim_case.topic_{code}").id for code in row["topics"].split()]
                )
            ],
            "opening_hours": row.get("opening_hours") or False,
            "recipient_category_id": self._kim_recipient_category(actor),
        }
        for table in row["tables"].split():
            values[TABLE_AREAS[table]] = True
        return values

    def _kim_recipient_category(self, actor):
        """The release-from-confidentiality category that covers passing data to an actor:
        the Jobcenter's own, the city's offices, or the independent providers'."""
        name = f"{actor.kim_abbreviation or ''} {actor.name or ''}".casefold()
        if "jobcenter" in name:
            xml_id = "kim_case.recipient_jobcenter"
        elif actor.kim_actor_kind == "authority" and ("stadt" in name or name.startswith("rt ")):
            xml_id = "kim_case.recipient_city_administration"
        elif actor.kim_actor_kind in ("welfare", "association", "self_organisation", "project"):
            xml_id = "kim_case.recipient_welfare"
        else:
            return False
        return self.env.ref(xml_id).id
