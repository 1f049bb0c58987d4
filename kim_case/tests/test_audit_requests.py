"""Audit entries per request, and the read routes behind a read-only replica (issue
"Scale"). A list, a kanban board or a form writes one entry, however many cases it
shows; every read route of the KIM models is served on a read-only cursor without the
retry on a read/write one, and its audit entry arrives all the same: written after the
request, on a cursor of its own, never in the request's cursor."""

from datetime import timedelta

from lxml import etree

from odoo import Command, fields
from odoo.tests import HttpCase, tagged

from ..models.base import is_kim_model
from .common import KimCase
from .replica import ReadOnlyRequests

X2MANY = ("one2many", "many2many")
LIST = {
    "name": {},
    "partner_id": {"fields": {"display_name": {}}},
    "stage_id": {"fields": {"display_name": {}}},
    "user_id": {"fields": {"display_name": {}}},
}


def specification(node, model, models):
    """The fields specification of an arch as the web client builds it: its field
    nodes; those of an x2many's subview become the x2many's own specification."""
    fields_ = models[model]["fields"]
    spec = {}
    for child in node:
        if not isinstance(child.tag, str) or child.tag == "groupby":
            continue
        if child.tag != "field":
            spec.update(specification(child, model, models))
            continue
        name = child.get("name")
        field = fields_.get(name)
        if field is None:
            continue
        if field["type"] in ("many2one", "reference"):
            spec[name] = {"fields": {"display_name": {}}}
        elif field["type"] in X2MANY:
            subview = next((sub for sub in child if sub.tag in ("list", "kanban")), None)
            if subview is None or field["relation"] not in models:
                spec[name] = {"fields": {"display_name": {}}}
            else:
                sub_spec = specification(subview, field["relation"], models)
                spec[name] = {"fields": sub_spec, "limit": 40}
        else:
            spec[name] = {}
    return spec


class AuditRequestsCommon(ReadOnlyRequests, KimCase, HttpCase):
    """80 cases of case manager A with special categories filled in; the first two
    belong to one household."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        env["ir.config_parameter"].sudo().set_param("kim_case.require_2fa", "0")
        clients = env["res.partner"].create(
            [{"name": f"Klient*in Liste {n:02d}", "kim_is_client": True} for n in range(80)]
        )
        cls.household = env["kim.household"].create(
            {
                "name": "Familie Liste",
                "member_ids": [
                    Command.create({"partner_id": clients[0].id, "role": "head"}),
                    Command.create({"partner_id": clients[1].id, "role": "partner"}),
                ],
            }
        )
        cls.cases = env["kim.case"].create(
            [
                {
                    "partner_id": client.id,
                    "user_id": cls.case_manager_a.id,
                    "company_id": cls.provider_a.id,
                    "municipality_id": cls.city_a.id,
                    "household_id": cls.household.id if n < 2 else False,
                    "religion": "Alevitisch",
                    "residence_status": "duldung" if n % 2 else "temporary",
                }
                for n, client in enumerate(clients)
            ]
        )
        cls.case, cls.spouse_case = cls.cases[:2]
        env["kim.case.contact"].create(
            {"case_id": cls.case.id, "user_id": cls.case_manager_a.id, "note": "Erstgespräch"}
        )
        env["kim.case.goal"].create(
            {
                "case_id": cls.case.id,
                "name": "Arbeit finden",
                "life_domain_id": env.ref("kim_case.life_domain_work").id,
            }
        )
        cls.Log = env["kim.audit.log"].sudo()

    def setUp(self):
        super().setUp()
        # Which cursor wrote the entries of each call: (in a post-commit hook, read-only).
        self.writes = []
        Log = type(self.env["kim.audit.log"])
        create = Log._kim_create
        test = self

        def recording_create(log, entries):
            test.writes.append((test.in_post_commit, log.env.cr.readonly))
            return create(log, entries)

        self.patch(Log, "_kim_create", recording_create)
        self.login(self.case_manager_a)

    def login(self, user):
        self.authenticate(user.login, user.login)
        # The first request of a session records the device, on a cursor of its own.
        self.make_jsonrpc_request("/web/session/get_session_info")

    def call(self, model, method, *args, **kwargs):
        """One ORM call as the web client sends it; returns the answer and the audit
        entries written for it."""
        last = self.Log.search([], limit=1).id
        self.request_commits.clear()
        self.writes.clear()
        result = self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )
        return result, self.Log.search([("id", ">", last)])

    def assertServedReadOnly(self, where=""):
        """The request ran and committed on a read-only cursor only, and whatever it
        logged was written after it, on a read/write cursor of its own."""
        self.assertTrue(self.request_commits, where)
        self.assertEqual(set(self.request_commits), {(True, "ro")}, where)
        self.assertEqual(set(self.writes) - {(True, False)}, set(), where)


@tagged("post_install", "-at_install")
class TestAuditPerRequest(AuditRequestsCommon):
    def test_a_list_writes_one_entry_for_all_its_rows(self):
        result, entries = self.call(
            "kim.case",
            "web_search_read",
            domain=[("id", "in", self.cases.ids)],
            specification={**LIST, "residence_status": {}},
            limit=80,
        )
        self.assertEqual(len(result["records"]), 80)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.case_ids, self.cases)
        self.assertFalse(entries.case_id, "an entry about many cases names none alone")
        self.assertEqual(entries.action, "read")
        self.assertEqual(entries.user_id, self.case_manager_a)
        # The calls carry no language: the entry names the fields in English.
        self.assertEqual(entries.detail, self._label("residence_status", "en_US"))
        self.assertEqual(entries.company_id, self.provider_a)
        self.assertEqual(entries.municipality_id, self.city_a)
        first = self.cases.browse(result["records"][0]["id"])
        self.assertTrue(entries.case_ref.startswith(first.name), entries.case_ref)
        self.assertIn("79", entries.case_ref)
        self.assertServedReadOnly()

    def test_a_list_without_special_categories_writes_nothing(self):
        result, entries = self.call(
            "kim.case",
            "web_search_read",
            domain=[("user_id", "=", self.case_manager_a.id)],
            specification=LIST,
            limit=80,
        )
        self.assertEqual(result["length"], 80)
        self.assertFalse(entries)
        self.assertServedReadOnly()

    def test_a_list_filtered_and_showing_special_categories_writes_one_entry(self):
        _result, entries = self.call(
            "kim.case",
            "web_search_read",
            domain=[("religion", "=", "Alevitisch"), ("residence_status", "=", "duldung")],
            specification={**LIST, "religion": {}},
            limit=80,
        )
        self.assertEqual(len(entries), 1)
        self.assertEqual(len(entries.case_ids), 40)
        religion = self._label("religion", "en_US")
        status = self._label("residence_status", "en_US")
        searched = ", ".join(sorted([religion, status]))
        self.assertEqual(entries.detail, f"{religion}; searched: {searched}")
        self.assertServedReadOnly()

    def test_a_grouped_kanban_board_writes_at_most_one_entry(self):
        kanban = {
            "partner_id": {"fields": {"display_name": {}}},
            "name": {},
            "case_type": {},
            "stage_id": {"fields": {"display_name": {}}},
            "user_id": {"fields": {"display_name": {}}},
        }
        domain = [("user_id", "=", self.case_manager_a.id)]
        result, entries = self.call(
            "kim.case",
            "web_read_group",
            domain=domain,
            groupby=["stage_id"],
            auto_unfold=True,
            unfold_read_specification=kanban,
            unfold_read_default_limit=40,
        )
        self.assertTrue(any(group.get("__records") for group in result["groups"]))
        self.assertFalse(entries)
        self.assertServedReadOnly()
        # Grouped by a special category, cards that show another one.
        result, entries = self.call(
            "kim.case",
            "web_read_group",
            domain=domain,
            groupby=["residence_status"],
            auto_unfold=True,
            unfold_read_specification={**kanban, "religion": {}},
            unfold_read_default_limit=40,
        )
        self.assertEqual(len([g for g in result["groups"] if g.get("__records")]), 2)
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.case_ids, self.cases)
        self.assertIn(self._label("religion", "en_US"), entries.detail)
        self.assertIn(f"grouped: {self._label('residence_status', 'en_US')}", entries.detail)
        self.assertServedReadOnly()

    def test_opening_a_case_writes_one_entry_for_that_case_only(self):
        views = self.env["kim.case"].with_user(self.case_manager_a).get_views([(False, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        spec = specification(arch, "kim.case", views["models"])
        # The form lists the household's cases when its tab opens (kim_lazy_list); a
        # client may still ask for them with the case.
        self.assertNotIn("household_case_ids", spec)
        spec["household_case_ids"] = {"fields": {"display_name": {}}}
        result, entries = self.call(
            "kim.case", "web_read", self.case.ids, specification=spec, context={"bin_size": True}
        )
        shown = [row["id"] for row in result[0]["household_case_ids"]]
        self.assertEqual(shown, self.spouse_case.ids, "the form shows the household's case")
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.case_id, self.case)
        self.assertEqual(entries.case_ids, self.case)
        self.assertEqual(entries.case_ref, self.case.name)
        self.assertEqual(entries.action, "read")
        self.assertServedReadOnly()

    def test_saving_a_form_writes_in_its_own_transaction(self):
        """A read/write request writes its entries in its own transaction, before the
        commit: the change and its entry are one."""
        _result, entries = self.call(
            "kim.case",
            "web_save",
            self.case.ids,
            {"motto_goal": "Arbeit finden"},
            specification={"name": {}, "motto_goal": {}},
        )
        self.assertEqual(sorted(entries.mapped("action")), ["read", "write"])
        self.assertEqual(entries.case_id, self.case)
        self.assertEqual(set(self.request_commits), {(False, "rw")})
        self.assertEqual(set(self.writes), {(False, False)})

    def test_without_replica_a_list_writes_its_entry_in_its_transaction(self):
        """Served by the primary (no replica), a read route's entry goes into its own
        transaction."""
        self.set_registry_readonly_mode(False)
        self.addCleanup(self.set_registry_readonly_mode, True)
        _result, entries = self.call(
            "kim.case",
            "web_search_read",
            domain=[("id", "in", self.cases.ids)],
            specification={**LIST, "religion": {}},
            limit=80,
        )
        self.assertEqual(len(entries), 1)
        self.assertEqual(entries.case_ids, self.cases)
        self.assertEqual(set(self.request_commits), {(False, "rw")})
        self.assertEqual(set(self.writes), {(False, False)})


@tagged("post_install", "-at_install")
class TestReplica(AuditRequestsCommon):
    def test_every_read_route_runs_on_the_replica_and_is_audited(self):
        """Every read route of every KIM model the case manager may read, as the web
        client calls it: served on the read-only cursor without a retry on a read/write
        one (the platform logs a warning when it retries), and each call that reads
        special categories of cases writes one entry, after the request."""
        problems = []
        calls = 0
        with self.assertNoLogs("odoo.http", "WARNING"), self.assertNoLogs("odoo.sql_db", "ERROR"):
            for model in self._kim_models():
                domain, special = self._audited_domain(model)
                records = (
                    model.sudo().search(domain, limit=3).with_user(self.case_manager_a)
                )._filtered_access("read")
                for method, (args, kwargs, audited) in self._routes(model, records, domain).items():
                    where = f"{model._name}.{method}"
                    calls += 1
                    try:
                        _result, entries = self.call(model._name, method, *args, **kwargs)
                    except Exception as error:
                        problems.append(f"{where}: {error}")
                        continue
                    if set(self.request_commits) != {(True, "ro")}:
                        problems.append(f"{where}: served on {self.request_commits}")
                    if set(self.writes) - {(True, False)}:
                        problems.append(f"{where}: written in the request's cursor")
                    expected = 1 if special and audited and records else 0
                    if len(entries) != expected:
                        problems.append(f"{where}: {len(entries)} audit entries, not {expected}")
                    elif entries and entries.user_id != self.case_manager_a:
                        problems.append(f"{where}: entry of {entries.user_id.login}")
        self.assertGreater(calls, 100)
        self.assertFalse(problems, "\n" + "\n".join(problems))

    def _kim_models(self):
        for name in sorted(self.env.registry):
            model = self.env[name]
            if (
                is_kim_model(name)
                and not model._abstract
                and model._auto
                and model.with_user(self.case_manager_a).has_access("read")
            ):
                yield model

    def _audited_domain(self, model):
        """A domain on special categories of the cases (the case's own, or those of
        the case the record hangs on), and whether there is one."""
        if model._name == "kim.case":
            return [("religion", "!=", False)], True
        field = model._fields.get("case_id")
        if field is not None and field.store and field.comodel_name == "kim.case":
            return [("case_id.religion", "!=", False)], True
        return [], False

    def _routes(self, model, records, domain):
        """{method: (args, kwargs, audited)}: the read routes of ``model``; audited where
        the call reads special categories (read and web_read of a model that has none
        read only its own fields)."""
        special = sorted(model._kim_field_kinds()[2])
        names = special or ["display_name"]
        spec = {name: {} for name in names}
        routes = {
            "read": ((records.ids, names), {}, bool(special)),
            "web_read": ((records.ids,), {"specification": spec}, bool(special)),
            "search_read": ((), {"domain": domain, "fields": names, "limit": 5}, True),
            "web_search_read": ((), {"domain": domain, "specification": spec, "limit": 5}, True),
            "search": ((domain,), {"limit": 5}, True),
            "search_count": ((domain,), {}, True),
            "name_search": ((), {"name": "", "domain": domain, "limit": 5}, True),
            "web_name_search": (
                (),
                {"name": "", "specification": {"display_name": {}}, "domain": domain},
                True,
            ),
        }
        groupby = next(
            (
                name
                for name in ("residence_status", "case_id", "create_uid")
                if name in model._fields and model._fields[name].store
            ),
            None,
        )
        if groupby:
            routes["formatted_read_group"] = (
                (),
                {"domain": domain, "groupby": [groupby], "aggregates": ["__count"]},
                True,
            )
            routes["formatted_read_grouping_sets"] = (
                (),
                {"domain": domain, "grouping_sets": [[groupby], []], "aggregates": ["__count"]},
                True,
            )
            routes["web_read_group"] = (
                (),
                {
                    "domain": domain,
                    "groupby": [groupby],
                    "auto_unfold": True,
                    "unfold_read_specification": spec,
                },
                True,
            )
        return routes


@tagged("post_install", "-at_install")
class TestAuditEntries(KimCase):
    """The entries themselves: many cases in one, the case's log, retention, rollback."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case()
        cls.other = cls._case(cls.case_manager_b)
        cls.Log = cls.env["kim.audit.log"].sudo()

    def _read_both(self):
        Case = self.env["kim.case"].with_user(self.coordinator_a)
        Case.web_search_read([("id", "in", (self.case | self.other).ids)], {"religion": {}})
        return self.Log.search([("user_id", "=", self.coordinator_a.id)])

    def test_one_entry_covers_the_cases_of_several_providers(self):
        entry = self._read_both()
        self.assertEqual(len(entry), 1)
        self.assertEqual(entry.case_ids, self.case | self.other)
        self.assertFalse(entry.company_id, "the cases have different providers")
        self.assertEqual(entry.municipality_id, self.city_a)
        self.assertIn(" 1 ", entry.case_ref)

    def test_the_case_log_lists_the_entries_about_many_cases(self):
        entry = self._read_both()
        action = self.case.with_user(self.case_manager_a).action_open_audit_log()
        self.assertIn(entry, self.Log.search(action["domain"]))
        self.assertIn(entry, self.case.sudo().audit_log_ids)
        self.assertIn(entry, self.other.sudo().audit_log_ids)

    def test_entries_without_municipality_keep_the_longest_retention(self):
        self.provider_a.kim_municipality_ids |= self.town
        town_case = self._case(municipality=self.town)
        self.env["kim.audit.log"]._log(self.case | town_case, "print", "Fallakte")
        entry = self.Log.search([("action", "=", "print"), ("case_ids", "in", town_case.ids)])
        self.assertEqual(entry.case_ids, self.case | town_case)
        self.assertFalse(entry.municipality_id)
        today = fields.Date.today()
        self.env.cr.execute(
            "UPDATE kim_audit_log SET date = %s WHERE id = %s",
            (fields.Datetime.now() - timedelta(days=400), entry.id),
        )
        longest, shortest = today - timedelta(days=500), today - timedelta(days=300)
        self.Log._purge({self.city_a.id: shortest, self.town.id: longest})
        self.assertTrue(entry.exists(), "kept as long as the longest retention asks")
        self.Log._purge({self.city_a.id: shortest, self.town.id: shortest})
        self.assertFalse(entry.exists())

    def test_a_rolled_back_transaction_logs_nothing(self):
        case = self.case.with_user(self.case_manager_a)
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            case.read(["religion"])
            _ = 1 / 0
        self.assertFalse(self.Log.search([("case_ids", "in", case.ids), ("action", "=", "read")]))
        case.read(["religion"])
        self.assertTrue(self.Log.search([("case_ids", "in", case.ids), ("action", "=", "read")]))

    def test_an_unknown_action_is_not_written(self):
        entry = {
            "date": fields.Datetime.now(),
            "user_id": self.env.uid,
            "action": "bogus",
            "detail": "Fallakte",
            "fields": {},
            "case_ids": self.case.ids,
            "first_ref": self.case.name,
            "lang": "de_DE",
        }
        with self.assertRaises(ValueError):
            self.Log._kim_create([entry])
        entry["action"] = "print"
        self.assertEqual(self.Log._kim_create([entry]).case_ids, self.case)

    def test_entries_are_written_once(self):
        case = self.case.with_user(self.case_manager_a)
        case.read(["religion"])
        entries = self.Log.search([("case_ids", "in", case.ids), ("action", "=", "read")])
        self.env.cr.flush()
        self.assertEqual(
            self.Log.search([("case_ids", "in", case.ids), ("action", "=", "read")]), entries
        )
        self.assertEqual(len(entries), 1)
