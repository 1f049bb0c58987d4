"""The attacker's proof for the daily-use features (commit 13b3b9c): the intake of a new
client (kim.intake), the stage bar and quick entry methods of kim.case, the case-manager
pickers, the invitation e-mail of the staff list and the caseload by employer.

Each role attacks the way its web client would over JSON-RPC: the methods are called
``with_user`` and with the very values a client sends (ids, command lists, context keys).
Every attempt runs in a savepoint that is rolled back (``attempt``); ``user=`` makes the
attacker the transaction's origin user, as in a request of theirs (Odoo runs the nested
commands on res.partner as that user).

"""

import functools

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.service.model import get_public_method
from odoo.tests import new_test_user, tagged

from odoo.addons.mail.tests.common import MockEmail

from .attacker_common import AttackerCommon

BIRTHDATE_A = "1985-03-04"  # the birth date of A's client in the attacker's worlds


class DailyUseAttack(AttackerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.client_a = cls.worlds["A"]["client"]
        cls.client_b = cls.worlds["B"]["client"]

    def file(self, user, context=None, **values):
        """Saves the intake and presses "File person and open case"; the case filed."""
        intake = self.Intake(user, **(context or {})).create(self.intake_values(**values))
        action = intake.action_file()
        return self.env["kim.case"].browse(action["res_id"])

    def case_count(self, partner):
        return lambda: self.env["kim.case"].sudo().search_count([("partner_id", "=", partner.id)])


@tagged("post_install", "-at_install")
class TestAttackIntake(DailyUseAttack):
    """kim.intake: foreign references, nested commands, other users' wizards, probing and
    context keys."""

    def test_only_case_managers_open_an_intake(self):
        for user in (
            self.coordinator_a,
            self.coordinator_b,
            self.traeger_admin_a,
            self.internal_user,
        ):
            with self.subTest(user=user.login):
                outcome = self.attempt(lambda u=user: self.Intake(u).create(self.intake_values()))
                self.assertEqual(outcome.error, "AccessError", outcome.describe())

    def test_a_foreign_client_cannot_be_chosen_and_answers_like_a_missing_one(self):
        user = self.case_manager_b
        values = {"first_name": "Olga", "last_name": "Ostwaldklientin", "birthdate": BIRTHDATE_A}
        own = self.Intake(user).create(self.intake_values(**values))
        for kind, partner_id in (
            ("foreign", self.client_a.id),
            ("missing", self.missing_id("res.partner")),
        ):
            attempts = {
                "create": lambda p=partner_id: self.Intake(user).create(
                    self.intake_values(**values, existing_partner_id=p)
                ),
                "web_save": lambda p=partner_id: self.Intake(user).web_save(
                    self.intake_values(**values, existing_partner_id=p),
                    {"existing_partner_id": {"fields": {"display_name": {}}}},
                ),
                "write": lambda p=partner_id: own.write({"existing_partner_id": p}),
                "default_ context": lambda p=partner_id: self.Intake(
                    user, default_existing_partner_id=p
                ).create(self.intake_values(**values)),
            }
            shapes = set()
            for route, func in attempts.items():
                with self.subTest(kind=kind, route=route):
                    outcome = self.attempt(func, probe=self.case_count(self.client_a), user=user)
                    self.assertRefused(outcome, route)
                    self.assertFalse(outcome.changed)
                    self.assertNotIn("Ostwald", outcome.message.replace("Ostwaldklientin", ""))
                    shapes.add(outcome.shape())
            self.assertEqual(len(shapes), 1, shapes)
        # The refusal of the foreign and of the missing person read the same.
        foreign = self.attempt(
            lambda: own.write({"existing_partner_id": self.client_a.id}), user=user
        )
        missing = self.attempt(
            lambda: own.write({"existing_partner_id": self.missing_id("res.partner")}), user=user
        )
        self.assertEqual(foreign.shape(), missing.shape())

    def test_the_onchange_names_no_foreign_client(self):
        spec = {
            "existing_partner_id": {"fields": {"display_name": {}}},
            "duplicate_ids": {"fields": {"display_name": {}, "phone": {}, "city": {}}},
        }
        values = self.intake_values(
            first_name="Olga",
            last_name="Ostwaldklientin",
            birthdate=BIRTHDATE_A,
            existing_partner_id=self.client_a.id,
        )
        for changed in (["existing_partner_id"], ["birthdate"]):
            with self.subTest(changed=changed):
                outcome = self.attempt(
                    lambda c=changed: self.Intake(self.case_manager_b).onchange(values, c, spec)
                )
                self.assertNotIn(str(self.client_a.id), str(outcome.value.get("value", {})))
                self.assertNotIn(self.worlds["A"]["names"]["email"], outcome.text)
                self.assertNotIn("+49 201", outcome.text)

    def test_no_foreign_person_is_proposed_nor_stops_the_filing(self):
        """B files a person with the name and birth date of A's client: B is told nothing,
        neither by the proposal nor by the filing, and files B's own record."""
        user = self.case_manager_b
        spec = {"duplicate_ids": {"fields": {"display_name": {}, "city": {}, "phone": {}}}}
        for first, last in (("Olga", "Ostwaldklientin"), ("ostwaldklientin,", "olga"), ("%", "%")):
            with self.subTest(name=(first, last)):
                values = self.intake_values(first_name=first, last_name=last, birthdate=BIRTHDATE_A)
                intake = self.Intake(user).create(values)
                # B's own client shares the birth date: "%" finds her, and only her.
                proposed = intake.duplicate_ids
                self.assertNotIn(self.client_a, proposed)
                self.assertEqual(proposed, proposed._filtered_access("read"))
                shown = intake.web_read(spec)[0]["duplicate_ids"]
                self.assertNotIn(self.client_a.id, [row["id"] for row in shown])
                outcome = self.attempt(
                    lambda v=values: self.Intake(user).onchange(v, ["birthdate"], spec)
                )
                commands = outcome.value["value"].get("duplicate_ids", [])
                self.assertNotIn(self.client_a.id, [command[1] for command in commands])
                self.assertNotIn(self.worlds["A"]["names"]["email"], outcome.text)
        case = self.file(
            user, first_name="Olga", last_name="Ostwaldklientin", birthdate=BIRTHDATE_A
        )
        self.assertNotEqual(case.partner_id, self.client_a)
        self.assertEqual(case.company_id, self.provider_b)
        # A's client stays A's alone.
        self.assertFalse(self.client_a.with_user(user).has_access("read"))

    def test_the_case_of_a_foreign_person_is_not_opened(self):
        """Even with a foreign person slipped into the record (as if a check had been
        passed), "Open their case" files nothing for them."""
        user = self.case_manager_b
        intake = self.Intake(user).create(
            self.intake_values(
                first_name="Olga", last_name="Ostwaldklientin", birthdate=BIRTHDATE_A
            )
        )
        intake.sudo().existing_partner_id = self.client_a
        outcome = self.attempt(
            intake.action_open_case_of, probe=self.case_count(self.client_a), user=user
        )
        self.assertEqual(outcome.error, "UserError", outcome.describe())
        self.assertFalse(outcome.changed)
        self.assertNotIn("Ostwald", outcome.message)

    def test_duplicates_written_directly_reach_no_foreign_person(self):
        """duplicate_ids is computed: what a client writes into it is either refused or
        recomputed; nested commands run as the user and reach no foreign person."""
        user = self.case_manager_a
        intake = self.Intake(user).create(self.intake_values())
        foreign = self.client_b
        spare_b = self.spare_clients[self.case_manager_b.id]
        attacks = {
            "set": ([Command.set(foreign.ids)], lambda: None),
            "link": ([Command.link(foreign.id)], lambda: None),
            "update": ([Command.update(foreign.id, {"city": "Angriff"})], lambda: foreign.city),
            "delete": ([Command.delete(spare_b.id)], lambda: spare_b.exists().ids),
        }
        for name, (commands, probe) in attacks.items():
            for route in ("write", "web_save"):
                with self.subTest(command=name, route=route):
                    if route == "write":
                        func = lambda c=commands: intake.write({"duplicate_ids": c})  # noqa: E731
                    else:
                        func = lambda c=commands: intake.web_save(  # noqa: E731
                            {"duplicate_ids": c}, {"duplicate_ids": {}}
                        )
                    outcome = self.attempt(func, probe=probe, user=user)
                    self.assertRefused(outcome, name)
                    self.assertFalse(outcome.changed)
        # A visible person who is not the same: written into the list, not openable.
        spare = self.spare_clients[user.id]

        def open_spare():
            intake.write({"duplicate_ids": [Command.set(spare.ids)]})
            intake.existing_partner_id = spare
            return intake.action_open_case_of()

        outcome = self.attempt(open_spare, probe=self.case_count(spare), user=user)
        self.assertEqual(outcome.error, "UserError", outcome.describe())
        self.assertFalse(outcome.changed)

    def test_nationalities_take_no_nested_commands(self):
        germany = self.env.ref("base.de")
        countries = self.env["res.country"].sudo().with_context(active_test=False)
        attacks = {
            "create": [Command.create({"name": "Atlantis", "code": "XQ"})],
            "update": [Command.update(germany.id, {"name": "Angriff"})],
            "delete": [Command.delete(germany.id)],
        }
        for name, commands in attacks.items():
            with self.subTest(command=name):
                outcome = self.attempt(
                    lambda c=commands: self.file(self.case_manager_a, nationality_ids=c),
                    probe=lambda: (countries.search_count([]), germany.name),
                    user=self.case_manager_a,
                )
                self.assertEqual(outcome.error, "AccessError", outcome.describe())
                self.assertFalse(outcome.changed)

    def test_another_users_intake_stays_hidden(self):
        intake = self.Intake(self.case_manager_a).create(
            self.intake_values(first_name="Geheim", last_name="Vorname", phone="+49 201 42")
        )
        for user in (self.case_manager_b, self.substitute_a):
            theirs = intake.with_user(user).with_context(lang="de_DE")
            attempts = {
                "read": lambda t=theirs: t.read(["first_name", "phone"]),
                "web_read": lambda t=theirs: t.web_read({"first_name": {}, "duplicate_ids": {}}),
                "write": lambda t=theirs: t.write({"first_name": "Angriff"}),
                "web_save": lambda t=theirs: t.web_save({"first_name": "Angriff"}, {}),
                "action_file": lambda t=theirs: t.action_file(),
                "action_open_case_of": lambda t=theirs: t.action_open_case_of(),
                "unlink": lambda t=theirs: t.unlink(),
            }
            for method, func in attempts.items():
                with self.subTest(user=user.login, method=method):
                    outcome = self.attempt(
                        func,
                        probe=lambda: (
                            intake.exists() and intake.first_name,
                            self.row_print(intake),
                        ),
                        user=user,
                    )
                    self.assertRefused(outcome, method)
                    self.assertFalse(outcome.changed)
                    self.assertNotIn("Geheim", outcome.text)
            found = self.env["kim.intake"].with_user(user).search_read([], ["first_name"])
            self.assertNotIn("Geheim", str(found))

    def test_the_log_columns_cannot_make_an_intake_someone_elses(self):
        user = self.case_manager_b
        outcome = self.attempt(
            lambda: (
                self.Intake(user)
                .create(self.intake_values(create_uid=self.case_manager_a.id))
                .sudo()
                .create_uid
            ),
            user=user,
        )
        self.assertTrue(outcome.refused or outcome.value == user, outcome.describe())
        intake = self.Intake(user).create(self.intake_values())
        self.attempt(lambda: intake.write({"create_uid": self.case_manager_a.id}), user=user)
        self.assertEqual(intake.sudo().create_uid, user)

    def test_context_keys_do_not_file_elsewhere(self):
        """Context keys sent with the buttons of the intake reach no other provider, no
        foreign record and no workflow state."""
        user = self.case_manager_a
        world_b = self.worlds["B"]
        attacks = {
            "default_company_id": {"default_company_id": self.provider_b.id},
            "allowed_company_ids": {
                "default_company_id": self.provider_b.id,
                "allowed_company_ids": [self.provider_b.id],
            },
            "default_user_id alone": {"default_user_id": self.case_manager_b.id},
            "default_parent_id": {"default_parent_id": self.client_b.id},
            "default_household_id": {"default_household_id": world_b["household"].id},
            "default_state": {"default_state": "closed"},
            "default_kim_access_case_ids": {
                "default_kim_access_case_ids": [[6, 0, self.case_b.ids]]
            },
            "default_kim_access_municipality_ids": {
                "default_kim_access_municipality_ids": [[6, 0, self.city_b.ids]]
            },
            "default_kim_access_user_ids": {
                "default_kim_access_user_ids": [[6, 0, self.case_manager_b.ids]]
            },
            "default_existing_partner_id": {"default_existing_partner_id": self.client_b.id},
        }

        def filed(context):
            case = self.file(user, context=context).sudo()
            return (
                case.company_id,
                case.user_id,
                case.substitute_ids,
                case.state,
                case.household_id,
                case.partner_id.parent_id,
                case.partner_id.user_id,
            )

        own = (
            self.provider_a,
            user,
            self.env["res.users"],
            "open",
            self.env["kim.household"],
            self.env["res.partner"],
            self.env["res.users"],
        )
        for label, context in attacks.items():
            with self.subTest(context=label):
                outcome = self.attempt(lambda c=context: filed(c), user=user)
                # Refused, or the intake's own values only: the keys are ignored.
                if not outcome.refused:
                    self.assertEqual(outcome.value, own, label)

    def test_no_context_files_a_case_without_its_audit_entry(self):
        user = self.case_manager_a

        def filed(context):
            case = self.file(user, context=context)
            self.env.cr.precommit.run()
            log = self.env["kim.audit.log"].sudo().search([("case_ids", "in", case.ids)])
            return log.mapped("action")

        for context in (
            {"tracking_disable": True, "mail_create_nolog": True, "mail_notrack": True},
            {"kim_audit_skip": True, "kim_audit_nested": True},
            {"install_mode": True, "import_file": True},
        ):
            with self.subTest(context=context):
                outcome = self.attempt(functools.partial(filed, context), user=user)
                self.assertTrue(outcome.ok, outcome.describe())
                self.assertIn("create", outcome.value)

    # Filing a case in a municipality the provider does not serve would show it, with the
    # client's special categories, to that municipality's coordinator without a disclosure.
    def test_no_case_in_a_municipality_the_provider_does_not_serve(self):
        user = self.case_manager_a
        city_c = self.env["kim.municipality"].create({"name": "Teststadt C", "kind": "city"})
        self.assertNotIn(city_c, self.provider_a.kim_municipality_ids)

        outcome = self.attempt(lambda: self.file(user, municipality_id=city_c.id), user=user)
        self.assertTrue(outcome.refused, f"intake in city C: {outcome.describe()}")
        outcome = self.attempt(
            lambda: self.case_a.with_user(user).write({"municipality_id": city_c.id}),
            user=user,
        )
        self.assertTrue(outcome.refused, f"case moved to city C: {outcome.describe()}")

    # The consent gate (nothing beyond intake without consent) also holds for a stage sent
    # on create, directly or as default_stage_id with the intake's buttons.
    def test_no_case_is_filed_beyond_intake_without_consent(self):
        user = self.case_manager_a
        later = self.stage("assessment")
        outcome = self.attempt(
            lambda: self.file(user, context={"default_stage_id": later.id}).stage_id,
            user=user,
        )
        self.assertTrue(
            outcome.refused or outcome.value == self.stage("erstberatung"),
            f"intake with default_stage_id: {outcome.describe()}",
        )
        outcome = self.attempt(
            lambda: (
                self.env["kim.case"]
                .with_user(user)
                .create(
                    {
                        "partner_id": self.spare_clients[user.id].id,
                        "municipality_id": self.city_a.id,
                        "stage_id": later.id,
                    }
                )
                .stage_id
            ),
            user=user,
        )
        self.assertTrue(
            outcome.refused or outcome.value == self.stage("erstberatung"),
            f"kim.case.create with stage_id: {outcome.describe()}",
        )

    # The intake files its own values only: a default_user_id sent along would make another
    # provider's case manager the client's salesperson and the case's manager, notified
    # with the new client's name.
    def test_the_intake_context_assigns_no_other_providers_user(self):
        user, other = self.case_manager_a, self.case_manager_b
        context = {"default_user_id": other.id, "default_substitute_ids": [[6, 0, [user.id]]]}

        def filed():
            case = self.file(user, context=context)
            self.env.flush_all()
            notified = (
                self.env["mail.message"]
                .sudo()
                .search(
                    [
                        ("partner_ids", "in", other.partner_id.ids),
                        ("model", "=", "res.partner"),
                        ("res_id", "=", case.partner_id.id),
                    ]
                )
            )
            return case.user_id, case.partner_id.user_id, notified.mapped("subject")

        outcome = self.attempt(filed, user=user)
        self.assertTrue(outcome.ok or outcome.refused, outcome.describe())
        if outcome.ok:
            case_manager, salesperson, notified = outcome.value
            self.assertEqual(case_manager, user, "the case is managed by provider B's user")
            self.assertNotEqual(salesperson, other, "B's user is the client's salesperson")
            self.assertFalse(notified, "B's user is told the new client's name")


@tagged("post_install", "-at_install")
class TestAttackCaseActions(DailyUseAttack):
    """kim.case: the stage bar, quick entry and the case-manager fields."""

    def test_stage_blockers_of_a_foreign_case_answer_like_a_missing_one(self):
        target = self.stage("assessment").id
        missing = self.env["kim.case"].browse(self.missing_id("kim.case"))
        for user in (
            self.case_manager_b,
            self.coordinator_b,
            self.traeger_admin_a,
            self.internal_user,
        ):
            with self.subTest(user=user.login):
                foreign = self.attempt(
                    lambda u=user: self.case_a.with_user(u).kim_stage_blockers(target)
                )
                self.assertRefused(foreign)
                absent = self.attempt(
                    lambda u=user: missing.with_user(u).kim_stage_blockers(target)
                )
                self.assertRefused(absent)
                if user.has_group("kim_case.group_kim_case_manager") or user.has_group(
                    "kim_case.group_kim_coordinator"
                ):
                    self.assertEqual(foreign.shape(), absent.shape())

    def test_stage_blockers_with_odd_stage_ids_report_nothing(self):
        case = self.case_a.with_user(self.case_manager_a)
        other_set = self.env.ref("kim_case.stage_set_herne").stage_ids[-1:]
        for stage_id in (self.missing_id("kim.case.stage"), other_set.id, 0, -1, False, None):
            with self.subTest(stage_id=stage_id):
                before = self.row_print(self.case_a)
                self.assertEqual(case.kim_stage_blockers(stage_id), [])
                self.assertEqual(self.row_print(self.case_a), before)

    # A malformed stage id (a list, a dict, a text) is refused, not crashed on.
    def test_stage_blockers_refuse_malformed_ids(self):
        case = self.case_a.with_user(self.case_manager_a)
        stages = self.stage("erstberatung") | self.stage("assessment")
        for stage_id in (stages.ids, {"id": 1}, "abc"):
            with self.subTest(stage_id=stage_id):
                outcome = self.attempt(lambda s=stage_id: case.kim_stage_blockers(s))
                self.assertTrue(outcome.ok or outcome.refused, outcome.describe())

    def test_quick_entry_on_foreign_missing_and_closed_cases(self):
        missing = self.env["kim.case"].browse(self.missing_id("kim.case"))
        for method in ("action_record_contact", "action_agree_goal"):
            for user in (self.case_manager_b, self.coordinator_b, self.internal_user):
                with self.subTest(method=method, user=user.login):
                    foreign = self.attempt(
                        lambda u=user, m=method: getattr(self.case_a.with_user(u), m)()
                    )
                    self.assertRefused(foreign)
                    self.assertNotIn("Ostwald", foreign.text)
                    absent = self.attempt(
                        lambda u=user, m=method: getattr(missing.with_user(u), m)()
                    )
                    self.assertEqual(foreign.shape(), absent.shape())
            # Coordinators see the case but record nothing on it.
            outcome = self.attempt(
                lambda m=method: getattr(self.case_a.with_user(self.coordinator_a), m)()
            )
            self.assertEqual(outcome.error, "AccessError", outcome.describe())
        closed = self._case(
            partner_id=self.spare_clients[self.case_manager_a.id].id,
            case_type="short",
        )
        closed.sudo().write({"closing_reason": closed._fields["closing_reason"].selection[0][0]})
        closed.sudo().action_close()
        outcome = self.attempt(closed.with_user(self.case_manager_a).action_record_contact)
        self.assertEqual(outcome.error, "UserError", outcome.describe())

    def test_the_quick_entry_context_does_not_open_a_foreign_case(self):
        """The dialog's context names the case; B sending A's case id there is refused."""
        action = self.case_b.with_user(self.case_manager_b).action_record_contact()
        context = {**action["context"], "default_case_id": self.case_a.id}
        for model, values in (
            ("kim.case.contact", {"note": "Angriff"}),
            ("kim.case.goal", {"name": "Angriff"}),
        ):
            with self.subTest(model=model):
                outcome = self.attempt(
                    lambda m=model, v=values: (
                        self.env[m].with_user(self.case_manager_b).with_context(**context).create(v)
                    ),
                    probe=lambda m=model: (
                        self.env[m].sudo().search_count([("case_id", "=", self.case_a.id)])
                    ),
                    user=self.case_manager_b,
                )
                self.assertRefused(outcome)
                self.assertFalse(outcome.changed)

    def test_private_helpers_cannot_be_called_over_rpc(self):
        private = {
            "kim.case": ("_quick_entry", "_form_action", "_stage_blockers", "_check_stage_gate"),
            "kim.intake": ("_find_duplicates", "_partner_values", "_case_values"),
            "res.users": ("_kim_check_own_staff", "_search_kim_is_case_manager"),
        }
        for model, names in private.items():
            for name in names:
                with self.subTest(method=f"{model}.{name}"):
                    outcome = self.attempt(
                        lambda m=model, n=name: get_public_method(self.env[m], n)
                    )
                    self.assertEqual(outcome.error, "AccessError", outcome.describe())

    def test_the_audit_log_of_a_foreign_case_shows_nothing(self):
        outcome = self.attempt(self.case_a.with_user(self.case_manager_b).action_open_audit_log)
        self.assertRefused(outcome)
        self.assertNotIn(self.case_a.name, outcome.text)
        for context in ({}, {"search_default_not_read": 1}, {"active_test": False}):
            found = (
                self.env["kim.audit.log"]
                .with_user(self.case_manager_b)
                .with_context(**context)
                .search_read([("case_ids", "in", self.case_a.ids)], ["detail", "case_ids"])
            )
            self.assertEqual(found, [])

    def test_a_foreign_substitute_sees_nothing(self):
        """The substitute picker offers case managers of the provider only; one of
        another provider, entered anyway, still reads nothing of the case."""
        case = self._case(partner_id=self.spare_clients[self.case_manager_a.id].id)
        self.attempt(
            lambda: case.with_user(self.case_manager_a).write(
                {"substitute_ids": [Command.link(self.case_manager_b.id)]}
            ),
            user=self.case_manager_a,
        )
        case = self.env["kim.case"].browse(case.id)
        self.assertNotIn(self.case_manager_b, case.sudo().substitute_ids)
        # Not even server code makes another provider's case manager a substitute.
        with self.assertRaises(ValidationError):
            case.sudo().substitute_ids |= self.case_manager_b
        self.assertFalse(case.with_user(self.case_manager_b).has_access("read"))
        self.assertFalse(case.partner_id.with_user(self.case_manager_b).has_access("read"))

    # The case manager and substitutes are case managers of the case's provider, checked
    # by the server: otherwise another provider's case manager would follow the case,
    # receive its mail and carry it in their caseload.
    def test_the_case_manager_is_a_case_manager_of_the_provider(self):
        user = self.case_manager_a
        case = self.env["kim.case"].browse(self._case(partner_id=self.spare_clients[user.id].id).id)
        for stranger in (self.case_manager_b, self.internal_user, self.traeger_admin_a):
            with self.subTest(stranger=stranger.login):
                outcome = self.attempt(
                    lambda s=stranger: case.with_user(user).write(
                        {"user_id": s.id, "substitute_ids": [Command.set(user.ids)]}
                    ),
                    user=user,
                )
                self.assertTrue(outcome.refused, outcome.describe())

    # A user's own contact never becomes a client: the record rule would then hide it from
    # them and their colleagues.
    def test_a_users_contact_does_not_become_a_client(self):
        user = self.case_manager_a
        victim = self.coordinator_b
        outcome = self.attempt(
            lambda: (
                self.env["kim.case"]
                .with_user(user)
                .create({"partner_id": victim.partner_id.id, "municipality_id": self.city_a.id})
                .partner_id.sudo()
                .kim_is_client
            ),
            user=user,
        )
        self.assertTrue(outcome.refused, outcome.describe())
        self.assertTrue(victim.partner_id.with_user(victim).has_access("read"))


@tagged("post_install", "-at_install")
class TestAttackStaff(DailyUseAttack, MockEmail):
    """res.users: the case manager role in searches and the invitation e-mail; the
    caseload by employer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = new_test_user(
            cls.env,
            login="kim_test_portal_a",
            groups="base.group_portal",
            company_id=cls.provider_a.id,
            company_ids=[Command.set(cls.provider_a.ids)],
        )
        cls.cm_ab = cls._kim_user("cm_ab", "kim_case.group_kim_case_manager", cls.provider_a)
        cls.cm_ab.company_ids |= cls.provider_b

    def _sent_to(self):
        return [address for mail in self._mails for address in mail["email_to"]]

    def test_the_role_stays_hidden_from_users_without_kim(self):
        user = self.internal_user
        Users = self.env["res.users"].with_user(user)
        Partners = self.env["res.partner"].with_user(user)
        attempts = {
            "= True": lambda: Users.search([("kim_is_case_manager", "=", True)]),
            "!= False": lambda: Users.search([("kim_is_case_manager", "!=", False)]),
            "= False": lambda: Users.search([("kim_is_case_manager", "=", False)]),
            "not in": lambda: Users.search([("kim_is_case_manager", "not in", [True])]),
            "search_count": lambda: Users.search_count([("kim_is_case_manager", "=", True)]),
            "name_search": lambda: Users.name_search("", [("kim_is_case_manager", "=", True)]),
            "web_search_read": lambda: Users.web_search_read(
                [("kim_is_case_manager", "=", True)], {"display_name": {}}
            ),
            "read_group count": lambda: Users.formatted_read_group(
                [("kim_is_case_manager", "=", True)], [], ["__count"]
            ),
            "negated": lambda: Users.search(["!", ("kim_is_case_manager", "=", True)]),
            "through partners": lambda: Partners.search(
                [("user_ids.kim_is_case_manager", "=", True)]
            ),
            "through any": lambda: Partners.search(
                [("user_ids", "any", [("kim_is_case_manager", "=", True)])]
            ),
        }
        for label, func in attempts.items():
            with self.subTest(route=label):
                outcome = self.attempt(func)
                self.assertEqual(outcome.error, "AccessError", outcome.describe())

    def test_invitations_go_to_the_own_staff_only(self):
        admin = self.traeger_admin_a
        Users = self.env["res.users"].with_user(admin)
        targets = {
            "case manager B": self.case_manager_b,
            "coordinator of the own provider": self.coordinator_a,
            "coordinator B": self.coordinator_b,
            "administrator": self.env.ref("base.user_admin"),
            "portal user of the own provider": self.portal_a,
            "case manager of A and B": self.cm_ab,
            "own and foreign": self.substitute_a | self.case_manager_b,
        }
        for label, users in targets.items():
            for context in ({}, {"allowed_company_ids": self.provider_a.ids}):
                with self.subTest(target=label, context=context), self.mock_mail_gateway():
                    outcome = self.attempt(
                        lambda u=users, c=context: (
                            Users.browse(u.ids).with_context(**c).action_kim_send_invitation()
                        ),
                        user=admin,
                    )
                    self.assertRefused(outcome, label)
                    self.assertFalse(self._mails)
        with self.mock_mail_gateway():
            missing = Users.browse(self.missing_id("res.users"))
            outcome = self.attempt(missing.action_kim_send_invitation, user=admin)
            self.assertRefused(outcome, "missing user")
            self.assertFalse(self._mails)

    def test_nobody_else_sends_invitations(self):
        for user in (
            self.case_manager_a,
            self.coordinator_a,
            self.coordinator_b,
            self.internal_user,
            self.portal_a,
        ):
            for target in (self.substitute_a, user):
                with self.subTest(user=user.login, target=target.login), self.mock_mail_gateway():
                    outcome = self.attempt(
                        lambda u=user, t=target: t.with_user(u).action_kim_send_invitation(),
                        user=user,
                    )
                    self.assertRefused(outcome)
                    self.assertFalse(self._mails)

    def test_a_case_manager_cannot_redirect_a_colleagues_invitation(self):
        """The invitation goes to the user's address; nobody but an administrator changes
        the address of a colleague's contact."""
        for attacker, victim in (
            (self.case_manager_a, self.substitute_a),
            (self.case_manager_a, self.traeger_admin_a),
            (self.case_manager_b, self.case_manager_a),
            (self.coordinator_a, self.case_manager_a),
            (self.traeger_admin_a, self.case_manager_a),
        ):
            for model in ("res.partner", "res.users"):
                record = victim.partner_id if model == "res.partner" else victim
                with self.subTest(attacker=attacker.login, victim=victim.login, model=model):
                    outcome = self.attempt(
                        lambda a=attacker, r=record: r.with_user(a).write(
                            {"email": "angriff@example.org"}
                        ),
                        probe=lambda v=victim: v.partner_id.email,
                        user=attacker,
                    )
                    self.assertRefused(outcome)
                    self.assertFalse(outcome.changed)

    def test_the_caseload_shows_each_role_its_own(self):
        expected = {
            self.case_manager_a: {self.case_manager_a},
            self.case_manager_b: {self.case_manager_b},
            self.traeger_admin_a: {self.case_manager_a},
            self.coordinator_b: set(),
        }
        for user, users in expected.items():
            with self.subTest(user=user.login):
                rows = self.env["kim.caseload"].with_user(user).search([])
                self.assertEqual(set(rows.sudo().user_id), users)
                self.assertLessEqual(
                    set(rows.sudo().company_id), set(user.company_ids) | {self.provider_a}
                )
        outcome = self.attempt(
            lambda: self.env["kim.caseload"].with_user(self.internal_user).search_read([])
        )
        self.assertEqual(outcome.error, "AccessError")
