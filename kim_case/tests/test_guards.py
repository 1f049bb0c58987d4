"""The mechanisms every model inherits from kim_case/models/base.py, checked over every
KIM model's fields; test_attacker.py tries them from outside, over RPC and HTTP."""

from odoo import Command, fields
from odoo.exceptions import AccessError, MissingError, UserError

from ..models.base import _cached_verdict, is_guarded_model, is_kim_field, is_kim_model
from ..trust import allow, is_trusted, trusted
from .common import KimCase


def kim_models(env):
    return [
        env[name]
        for name in sorted(env.registry)
        if is_kim_model(name) and not env[name]._abstract and env[name]._auto
    ]


class TestGuards(KimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case()
        cls.foreign = cls._case(cls.case_manager_b)
        cls.Case = cls.env["kim.case"].with_user(cls.case_manager_a)

    # Context flags ----------------------------------------------------------------------------

    def test_a_context_value_sent_by_a_client_raises_no_flag(self):
        for value in (True, 1, "1", {"x": 1}, [1]):
            with self.subTest(value=value):
                record = self.Case.with_context(kim_audit_skip=value)
                self.assertFalse(is_trusted(record, "kim_audit_skip"))
        self.assertTrue(is_trusted(trusted(self.Case, "kim_audit_skip"), "kim_audit_skip"))
        plain = self.Case.with_context(kim_allowed_fields=["state", "name"])
        with self.assertRaises(AccessError):
            self.case.with_env(plain.env).write({"state": "closed"})

    def test_no_context_key_switches_the_audit_log_off(self):
        Log = self.env["kim.audit.log"].sudo()
        keys = ("kim_audit_skip", "kim_audit_overview", "kim_audit_append", "tracking_disable")
        case = self.case.with_user(self.case_manager_a).with_context(**dict.fromkeys(keys, True))
        before = Log.search_count([("case_id", "=", self.case.id)])
        case.read(["religion"])
        case.write({"motto_goal": "Arbeit finden"})
        self.Case.with_context(**dict.fromkeys(keys, True)).web_search_read(
            [("id", "=", self.case.id)], {"residence_status": {}}
        )
        # The transaction's reads make one entry, its change another.
        entries = Log.search([("case_id", "=", self.case.id)], limit=2)
        self.assertEqual(Log.search_count([("case_id", "=", self.case.id)]), before + 2)
        self.assertEqual(set(entries.mapped("action")), {"read", "write"})
        read = entries.filtered(lambda entry: entry.action == "read")
        lang = self.env.lang or "en_US"
        self.assertIn(self._label("religion", lang), read.detail)
        self.assertIn(self._label("residence_status", lang), read.detail)

    # Field groups -----------------------------------------------------------------------------

    def test_field_groups_answer_as_the_platform_for_every_field_and_user(self):
        users = (
            *(self.case_manager_a, self.substitute_a, self.traeger_admin_a, self.coordinator_a),
            self.env.ref("base.user_admin"),
        )
        grouped = [
            (name, field)
            for name in sorted(self.env.registry)
            for field in self.env[name]._fields.values()
            if field.groups and "base.group_no_one" not in field.groups
        ]
        self.assertGreater(len(grouped), 50)
        for user in users:
            Model = self.env["res.partner"].with_user(user)
            for name, field in grouped:
                with self.subTest(user=user.login, field=f"{name}.{field.name}"):
                    self.assertEqual(
                        self.env[name].with_user(user)._has_field_access(field, "read"),
                        Model.env.user.has_groups(field.groups),
                    )

    def test_field_groups_follow_a_change_of_the_users_groups_at_once(self):
        user = self.env["res.users"].create(
            {
                "name": "Neu",
                "login": "kim_groups_new",
                "group_ids": [Command.link(self.ref("base.group_user"))],
            }
        )
        Users = self.env["res.users"].with_user(user)
        hours = Users._fields["kim_weekly_hours"]
        self.assertFalse(Users._has_field_access(hours, "read"))
        user.group_ids += self.env.ref("kim_case.group_kim_case_manager")
        self.assertTrue(Users._has_field_access(hours, "read"))
        self.assertTrue(self.env["kim.case"].with_user(user).has_access("read"))
        user.group_ids -= self.env.ref("kim_case.group_kim_case_manager")
        self.assertFalse(Users._has_field_access(hours, "read"))
        self.assertFalse(self.env["kim.case"].with_user(user).has_access("read"))

    def test_a_refused_workflow_field_is_named_in_the_readers_language(self):
        case = self.case.with_user(self.case_manager_a).with_context(lang="de_DE")
        with self.refused("„Status“ (KIM-Fall) wird nur durch die zugehörige Aktion", AccessError):
            case.write({"state": "closed"})

    # A closed case's work -----------------------------------------------------------------------

    def test_a_closed_case_takes_no_new_or_changed_work_whatever_the_route(self):
        domain = self.env["kim.life.domain"].search([], limit=1)
        goal = self.env["kim.case.goal"].create(
            {"case_id": self.case.id, "name": "Wohnung", "life_domain_id": domain.id}
        )
        values = {
            "kim.case.contact": {"case_id": self.case.id, "duration": 30},
            "kim.case.goal": {
                "case_id": self.case.id,
                "name": "Arbeit",
                "life_domain_id": domain.id,
            },
            "kim.case.measure": {"goal_id": goal.id, "name": "Termin beim Jobcenter"},
            "kim.case.assessment": {
                "case_id": self.case.id,
                "life_domain_id": domain.id,
                "need_level": "1",
            },
        }
        self.assertEqual(sorted(self.env["kim.case.work.mixin"]._inherit_children), sorted(values))
        existing = {name: self.env[name].create(vals) for name, vals in values.items()}
        self.case.sudo().write({"state": "closed"})
        for name, vals in values.items():
            Model = self.env[name].with_user(self.case_manager_a)
            record = existing[name].with_user(self.case_manager_a)
            field = next(iter(set(vals) - {"case_id", "goal_id", "life_domain_id"}))
            for route, call, args in (
                ("create", Model.create, (vals,)),
                ("write", record.write, ({field: vals[field]},)),
                ("unlink", record.unlink, ()),
            ):
                with self.subTest(model=name, route=route), self.assertRaises(UserError) as caught:
                    call(*args)
                self.assertIn(self.case.name, str(caught.exception))
            self.assertTrue(existing[name].exists())
        # The system's own runs (anonymisation, withdrawal) work as the superuser.
        existing["kim.case.contact"].write({"duration": 45})
        self.case.with_user(self.case_manager_a).action_reopen()
        self.env["kim.case.contact"].with_user(self.case_manager_a).create(
            values["kim.case.contact"]
        )

    # Workflow and immutable fields ------------------------------------------------------------

    def test_every_kim_model_guards_state_case_and_provider(self):
        for model in kim_models(self.env):
            workflow, immutable, _special = model._kim_field_kinds()
            with self.subTest(model=model._name):
                if "state" in model._fields and model._fields["state"].store:
                    self.assertIn("state", workflow)
                case_field = model._fields.get("case_id")
                if case_field and case_field.store and not case_field.related:
                    self.assertIn("case_id", workflow | immutable)
                company = model._fields.get("company_id")
                if company and company.store and not company.related and not company.compute:
                    self.assertIn("company_id", workflow | immutable)
                for name in workflow | immutable:
                    self.assertTrue(model._fields[name].store, f"{model._name}.{name}")

    def test_fields_kim_adds_to_platform_models_are_guarded_alike(self):
        """Stored computed fields KIM puts on contacts or users (who may see a person) are
        server state like a case's: a client writing them is refused."""
        checked = 0
        for name in self.env.registry:
            model = self.env[name]
            if is_kim_model(name) or model._abstract or not model._auto:
                continue
            workflow = model._kim_field_kinds()[0]
            for fname, field in model._fields.items():
                computed = field.store and field.compute and field.readonly and not field.inverse
                if computed and is_kim_field(field):
                    checked += 1
                    self.assertIn(fname, workflow, f"{name}.{fname}")
        self.assertGreaterEqual(checked, 2)
        partner = self._case().partner_id.with_user(self.case_manager_a)
        for vals in (
            {"kim_access_municipality_ids": [Command.link(self.city_b.id)]},
            {"kim_access_case_ids": [Command.clear()]},
            {"kim_access_user_ids": [Command.link(self.case_manager_a.id)]},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                partner.write(vals)

    def test_a_context_default_counts_as_a_value_the_client_sent(self):
        consent = self.env["kim.consent"].with_user(self.case_manager_a)
        base = {"case_id": self.case.id, "kind": "processing"}
        with self.assertRaises(AccessError):
            consent.with_context(default_state="given").create(dict(base))
        foreign = self._consent(self.foreign)[:1]
        with self.assertRaises(AccessError):
            self.env["kim.case.contact"].with_user(self.case_manager_a).with_context(
                default_case_id=self.foreign.id
            ).create({"duration": 30})
        self.assertTrue(foreign)

    def test_workflow_fields_change_only_through_actions(self):
        consent = self._consent(self.case, ["recipient_jobcenter"]).filtered(
            lambda c: c.kind == "processing"
        )
        as_cm = consent.with_user(self.case_manager_a)
        for vals in ({"state": "draft"}, {"state": "withdrawn"}, {"date_withdrawn": "2026-01-01"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_cm.write(vals)
        with self.assertRaises(AccessError):
            self.env["kim.consent"].with_user(self.case_manager_a).create(
                {"case_id": self.case.id, "state": "given", "date_signed": "2020-01-01"}
            )
        reference = {"name": "KIM-0000-00001"}
        for vals in ({"state": "closed"}, {"date_closed": "2026-01-01"}, reference):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                self.case.with_user(self.case_manager_a).write(vals)
        # Unchanged values pass, as a form saving what it shows.
        self.case.with_user(self.case_manager_a).write({"state": "open", "name": self.case.name})
        # The action itself may.
        allow(as_cm, "state").write({"state": "given"})

    def test_the_provider_changes_only_by_transfer(self):
        for user in (self.case_manager_a, self.coordinator_a):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.case.with_user(user).write({"company_id": self.provider_b.id})
        self.assertEqual(self.case.company_id, self.provider_a)

    def test_records_stay_on_their_case(self):
        other = self._case()
        contact = (
            self.env["kim.case.contact"]
            .with_user(self.case_manager_a)
            .create({"case_id": self.case.id, "date": fields.Date.today(), "duration": 30})
        )
        with self.assertRaises(AccessError):
            contact.write({"case_id": other.id})

    def test_a_client_stays_a_client(self):
        with self.assertRaises(AccessError):
            self.case.partner_id.with_user(self.case_manager_a).write({"kim_is_client": False})
        with self.assertRaises(AccessError):
            self.case.partner_id.with_user(self.case_manager_a).write({"kim_birth_year": 1900})

    # References -------------------------------------------------------------------------------

    def _refusal(self, function):
        with self.assertRaises(AccessError) as caught:
            function()
        return str(caught.exception)

    def test_foreign_and_missing_references_are_refused_alike(self):
        foreign = self.foreign.partner_id.id
        missing = self.env["res.partner"].search([], order="id desc", limit=1).id + 1000
        messages = {
            self._refusal(lambda partner=partner: self.Case.create({"partner_id": partner}))
            for partner in (foreign, missing)
        }
        self.assertEqual(len(messages), 1, messages)
        self.assertNotIn(self.foreign.partner_id.name, messages.pop())

    def test_every_relational_field_refuses_a_foreign_record(self):
        """Over every KIM model: a many2one to a guarded model never takes a record the
        user cannot read."""
        foreign = {
            "res.partner": self.foreign.partner_id,
            "kim.case": self.foreign,
        }
        checked = 0
        for model in kim_models(self.env):
            for name, field in model._fields.items():
                if field.type != "many2one" or not field.store or field.related:
                    continue
                if field.comodel_name not in foreign or not is_guarded_model(field.comodel_name):
                    continue
                if name in model._kim_field_kinds()[0]:
                    continue
                with self.subTest(model=model._name, field=name):
                    with self.assertRaises(UserError):
                        model.with_user(self.case_manager_a).create(
                            {name: foreign[field.comodel_name].id}
                        )
                    checked += 1
        self.assertGreater(checked, 5)

    def test_contacts_and_households_refuse_foreign_people(self):
        foreign = self.foreign.partner_id
        Partner = self.env["res.partner"].with_user(self.case_manager_a)
        with self.assertRaises(AccessError):
            Partner.create({"name": "Kind", "parent_id": foreign.id})
        with self.assertRaises(AccessError):
            self.env["kim.household"].with_user(self.case_manager_a).create(
                {"name": "Haushalt", "member_ids": [Command.create({"partner_id": foreign.id})]}
            )
        with self.assertRaises(AccessError):
            self.env["kim.client.supporter"].with_user(self.case_manager_a).create(
                {"client_id": foreign.id, "kind": "other"}
            )

    def test_a_kept_reference_does_not_block_saving(self):
        """A form saving a many2many with a record that has since become invisible
        keeps it; only new references are checked."""
        child = self._client("Kind Quellborn")
        consent = self._consent(self.case).filtered(lambda c: c.kind == "processing")
        consent.sudo().child_ids = child
        consent.with_user(self.case_manager_a).write({"child_ids": [Command.set(child.ids)]})

    # Foreign and missing ids answer alike -----------------------------------------------------

    def test_foreign_and_missing_cases_answer_alike(self):
        missing = self.env["kim.case"].search([], order="id desc", limit=1).id + 1000
        errors = []
        for case_id in (self.foreign.id, missing):
            case = self.Case.browse(case_id)
            for operation in (lambda c: c.read(["name"]), lambda c: c.write({"motto_goal": "x"})):
                with self.assertRaises(MissingError) as caught:
                    operation(case)
                errors.append(str(caught.exception).replace(str(case_id), "ID"))
        self.assertEqual(errors[0], errors[2])
        self.assertEqual(errors[1], errors[3])
        self.assertNotIn(self.foreign.partner_id.name, "".join(errors))

    def test_rules_on_given_records_decide_as_the_platform_does(self):
        """The access check on given records asks the database when the values the rules
        test are not loaded (models/base.py, _check_access); it must decide exactly as
        the platform's evaluation in Python, for every guarded model, user and operation."""
        household = self.env["kim.household"].create({"name": "Haushalt Prüfung"})
        self._case(household_id=household.id)
        self._case(self.case_manager_b, household_id=household.id)
        self.case.substitute_ids = self.substitute_a
        self.env["kim.case.contact"].create(
            [{"case_id": case.id, "duration": 30} for case in self.case | self.foreign]
        )
        users = (
            self.case_manager_a,
            self.case_manager_b,
            self.substitute_a,
            self.traeger_admin_a,
            self.coordinator_a,
            self.coordinator_district,
            self.coordinator_b,
            self.internal_user,
        )
        Rule = self.env["ir.rule"]
        models = ["res.partner", "res.users", *(model._name for model in kim_models(self.env))]
        compared = decided = 0
        for name in models:
            records = self.env[name].sudo().with_context(active_test=False).search([], limit=60)
            if not records:
                continue
            missing = records.browse(records.ids[-1] + 100000)
            for user in users:
                for operation in ("read", "write", "unlink"):
                    mine = records.with_user(user)
                    if (
                        not self.env["ir.model.access"]
                        .with_user(user)
                        .check(name, operation, False)
                    ):
                        continue
                    domain = Rule.with_user(user)._compute_domain(name, operation)
                    expected = records - records.filtered_domain(domain) if domain else []
                    with self.subTest(model=name, user=user.login, operation=operation):
                        self.env.invalidate_all()
                        result = mine._check_access(operation)
                        forbidden = set(result[0].ids) if result else set()
                        self.assertEqual(forbidden, set(expected.ids if expected else ()))
                        if domain:
                            result = (mine | missing.with_user(user))._check_access(operation)
                            self.assertIn(missing.id, result[0].ids)
                            # With part of the values loaded, the cache decides where it
                            # can (_cached_verdict), and never otherwise than the platform.
                            self.env.invalidate_all()
                            records.fetch()
                            for record in records:
                                verdict = _cached_verdict(record, domain)
                                if verdict is not None:
                                    self.assertEqual(verdict, record not in expected, record)
                                    decided += 1
                            result = mine._check_access(operation)
                            forbidden = set(result[0].ids) if result else set()
                            self.assertEqual(forbidden, set(expected.ids if expected else ()))
                    compared += 1
        self.assertGreater(compared, 50)
        self.assertGreater(decided, 100)

    def test_colleagues_of_other_providers_need_no_rule_query(self):
        """A coordinator opening a case sees its substitutes from another provider: their
        partner rows, which their names need anyway, decide the rules (internal users),
        without a query for the rules, nor for the names afterwards."""
        colleagues = (self.case_manager_b | self.substitute_a).with_user(self.coordinator_b)
        colleagues.check_access("read")  # the rules themselves are cached per user
        self.env.flush_all()
        self.env.cr.precommit.run()  # the audit of the set-up
        self.env.invalidate_all()
        colleagues.sudo().fetch()  # as the case's read of its substitutes left them
        with self.assertQueryCount(1):
            colleagues.check_access("read")
            colleagues.mapped("display_name")

    def test_wizards_belong_to_who_opened_them(self):
        rules = self.env["ir.rule"].sudo()
        for name in self.env.registry:
            model = self.env[name]
            if not (is_kim_model(name) and model._transient):
                continue
            with self.subTest(model=name):
                own = rules.search([("model_id.model", "=", name), ("global", "=", True)]).filtered(
                    lambda rule: "create_uid" in rule.domain_force
                )
                self.assertTrue(own, f"{name} has no rule for the user who opened it")

    # Related fields ---------------------------------------------------------------------------

    def test_related_fields_read_as_the_user(self):
        for model in kim_models(self.env):
            for name, field in model._fields.items():
                first = field.related and model._fields[field.related.split(".")[0]]
                if (
                    first
                    and not field.store
                    and first.relational
                    and is_guarded_model(first.comodel_name)
                ):
                    if getattr(field, "kim_sudo_reason", None):
                        continue
                    with self.subTest(model=model._name, field=name):
                        self.assertFalse(field.compute_sudo, f"{model._name}.{name} reads as sudo")

    # Special categories -----------------------------------------------------------------------

    def test_special_categories_are_logged_on_every_route(self):
        self.case.sudo().religion = "x"
        Log = self.env["kim.audit.log"].sudo()
        case = self.case.with_user(self.case_manager_a)
        routes = {
            "read": lambda: case.read(["residence_status"]),
            "search_read": lambda: self.Case.search_read(
                [("id", "=", case.id)], ["residence_status"]
            ),
            "web_search_read": lambda: self.Case.web_search_read(
                [("id", "=", case.id)], {"residence_status": {}}
            ),
            "web_read": lambda: case.web_read({"religion": {}}),
            "search": lambda: self.Case.search([("religion", "=", "x"), ("id", "=", case.id)]),
            "grouped": lambda: self.Case.formatted_read_group(
                [("id", "=", case.id)], ["residence_status"], ["__count"]
            ),
        }
        for route, call in routes.items():
            with self.subTest(route=route):
                before = Log.search_count([("case_id", "=", case.id)])
                call()
                entries = Log.search([("case_id", "=", case.id)], limit=1)
                self.assertEqual(Log.search_count([("case_id", "=", case.id)]), before + 1)
                self.assertEqual(entries.action, "read")

    def test_audited_routes_run_on_a_read_only_cursor(self):
        """The web client's read routes of a model with special categories stay read-only
        routes, which a replica may serve: their audit entries are written after them
        (test_audit_requests tries them over HTTP)."""
        routes = (
            "read",
            "web_read",
            "search_read",
            "web_search_read",
            "search_count",
            "web_read_group",
            "formatted_read_group",
            "formatted_read_grouping_sets",
        )
        for model in kim_models(self.env):
            if not model._kim_field_kinds()[2]:
                continue
            for route in routes:
                with self.subTest(model=model._name, route=route):
                    # As the RPC dispatcher decides (web/controllers/dataset.py).
                    readonly = next(
                        getattr(cls, route)._readonly
                        for cls in type(model).mro()
                        if hasattr(getattr(cls, route, None), "_readonly")
                    )
                    self.assertTrue(readonly)

    def test_overview_reads_without_special_categories_are_not_logged(self):
        Log = self.env["kim.audit.log"].sudo()
        before = Log.search_count([("case_id", "=", self.case.id)])
        self.Case.web_search_read([("id", "=", self.case.id)], {"name": {}, "stage_id": {}})
        self.case.with_user(self.case_manager_a).read(["display_name"])
        self.assertEqual(Log.search_count([("case_id", "=", self.case.id)]), before)
        self.case.with_user(self.case_manager_a).web_read({"name": {}, "motto_goal": {}})
        self.assertEqual(Log.search_count([("case_id", "=", self.case.id)]), before + 1)

    # Delegated writes -------------------------------------------------------------------------

    def test_delegated_writes_take_only_links_to_own_records(self):
        Users = self.env["res.users"].with_user(self.traeger_admin_a)
        base = {"name": "Neu", "login": "kim_neu"}
        attempts = {
            "create a provider": {"company_ids": [Command.create({"name": "Schatten-Träger"})]},
            "change a provider": {
                "company_ids": [Command.update(self.provider_a.id, {"name": "Umbenannt"})]
            },
            "link another provider": {"company_ids": [Command.link(self.provider_b.id)]},
            "own provider and a new one": {
                "company_id": self.provider_a.id,
                "company_ids": [
                    Command.link(self.provider_a.id),
                    Command.create({"name": "Schatten-Träger"}),
                ],
            },
            "own provider and a change of another": {
                "company_id": self.provider_a.id,
                "company_ids": [
                    Command.link(self.provider_a.id),
                    Command.update(self.provider_b.id, {"name": "Umbenannt"}),
                ],
            },
            "substitute elsewhere": {
                "kim_substitute_user_ids": [Command.set(self.case_manager_b.ids)]
            },
            "new substitute": {
                "kim_substitute_user_ids": [Command.create({"name": "X", "login": "kim_x"})]
            },
            "groups": {"group_ids": [Command.link(self.env.ref("base.group_system").id)]},
        }
        companies = self.env["res.company"].search_count([])
        for label, vals in attempts.items():
            with self.subTest(attempt=label), self.assertRaises(AccessError):
                Users.create({**base, **vals})
        self.assertEqual(self.env["res.company"].search_count([]), companies)
        self.assertEqual(self.provider_a.name, "Träger A")
        self.assertEqual(self.provider_b.name, "Träger B")
        own = self.case_manager_a.with_user(self.traeger_admin_a)
        with self.assertRaises(AccessError):
            own.write({"kim_substitute_user_ids": [Command.link(self.case_manager_b.id)]})
        own.write({"kim_substitute_user_ids": [Command.link(self.substitute_a.id)]})
        self.assertEqual(self.case_manager_a.kim_substitute_user_ids, self.substitute_a)
