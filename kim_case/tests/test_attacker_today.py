"""The attacker's proof for the household mode of the intake (kim.intake with
``household_id``, ``member_role`` and ``open_case``; ``_file_for`` and
``action_open_case_of``) and for household members in general.

Each role attacks the way its web client would over JSON-RPC: the methods are called
``with_user`` and with the very values a client sends (ids, command lists, context keys).
Every attempt runs in a savepoint that is rolled back (``attempt``).
"""

from contextlib import closing
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from .attacker_common import AttackerCommon

NOT_CHOSEN = "kann hier nicht gewählt werden"


class HouseholdAttack(AttackerCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.household_a = cls.worlds["A"]["household"]
        cls.household_b = cls.worlds["B"]["household"]
        cls.client_a = cls.worlds["A"]["client"]
        cls.client_b = cls.worlds["B"]["client"]
        Partner = cls.env["res.partner"]
        # Contacts of the address book that are no KIM persons: an organisation of the
        # network, its contact person, a private person of another app.
        cls.organisation = Partner.create({"name": "Beratungsstelle Nord", "is_company": True})
        cls.contact_person = Partner.create(
            {"name": "Wera Netzwerkkontakt", "parent_id": cls.organisation.id}
        )
        cls.private_contact = Partner.create({"name": "Paul Adressbuchperson"})

    def values(self, **values):
        """What the intake form sends on save, for a child of the household."""
        return self.intake_values(**{"birthdate": "2016-04-12", **values})

    def members(self, *households):
        """A probe: every (household, person, role) of the households."""

        def probe():
            Member = self.env["kim.household.member"].sudo()
            rows = Member.search([("household_id", "in", [h.id for h in households])])
            return sorted((m.household_id.id, m.partner_id.id, m.role) for m in rows)

        return probe


@tagged("post_install", "-at_install")
class TestAttackHouseholdIntake(HouseholdAttack):
    """Nobody files a member into a household they may not see, nor a case into it, and
    no context key moves the new member elsewhere."""

    def test_no_member_for_a_household_one_may_not_see(self):
        """Provider B's case manager and the roles without case work cannot add a person
        to A's household, by any route; a foreign household answers like a missing one."""
        probe = self.members(self.household_a)
        user = self.case_manager_b
        shapes = set()
        for kind, household_id in (
            ("foreign", self.household_a.id),
            ("missing", self.missing_id("kim.household")),
        ):
            own = self.Intake(user).create(self.values())
            attempts = {
                "create": lambda h=household_id: (
                    self.Intake(user).create(self.values(household_id=h)).action_file()
                ),
                "write": lambda h=household_id, o=own: (
                    o.write({"household_id": h, "open_case": False}),
                    o.action_file(),
                ),
                "default_ context": lambda h=household_id: (
                    self.Intake(user, default_household_id=h).create(self.values()).action_file()
                ),
                "member create": lambda h=household_id: (
                    self.env["kim.household.member"]
                    .with_user(user)
                    .create(
                        {
                            "household_id": h,
                            "partner_id": self.spare_clients[user.id].id,
                            "role": "child",
                        }
                    )
                ),
            }
            for route, func in attempts.items():
                with self.subTest(kind=kind, route=route):
                    outcome = self.attempt(func, probe=probe, user=user)
                    self.assertRefused(outcome, route)
                    self.assertFalse(outcome.changed, route)
                    self.assertNotIn("Ostwald", outcome.message)
                    if route != "member create":
                        shapes.add(outcome.shape())
        self.assertEqual(len(shapes), 1, shapes)
        for user in (self.coordinator_a, self.traeger_admin_a, self.internal_user):
            with self.subTest(user=user.login):
                outcome = self.attempt(
                    lambda u=user: (
                        self.env["kim.household.member"]
                        .with_user(u)
                        .create(
                            {
                                "household_id": self.household_a.id,
                                "partner_id": self.client_a.id,
                                "role": "relative",
                            }
                        )
                    ),
                    probe=probe,
                    user=user,
                )
                self.assertRefused(outcome, user.login)
                self.assertFalse(outcome.changed)

    def test_no_case_in_a_household_one_may_not_see(self):
        """A case of one's own never joins another provider's household: not from the
        intake, not by creating or changing the case."""
        user = self.case_manager_b

        def probe():
            Case = self.env["kim.case"].sudo()
            return Case.search_count([("household_id", "=", self.household_a.id)])

        attempts = {
            "intake with a case": lambda: (
                self.Intake(user)
                .create(self.values(household_id=self.household_a.id, open_case=True))
                .action_file()
            ),
            "case create": lambda: (
                self.env["kim.case"]
                .with_user(user)
                .create(
                    {
                        "partner_id": self.spare_clients[user.id].id,
                        "municipality_id": self.city_a.id,
                        "household_id": self.household_a.id,
                    }
                )
            ),
            "case write": lambda: self.case_b.with_user(user).write(
                {"household_id": self.household_a.id}
            ),
        }
        for route, func in attempts.items():
            with self.subTest(route=route):
                outcome = self.attempt(func, probe=probe, user=user)
                self.assertRefused(outcome, route)
                self.assertFalse(outcome.changed, route)

    def test_context_keys_add_no_member_elsewhere(self):
        """The keys a client sends along with the buttons of the intake neither move the
        new member to another household nor give them another person or role."""
        user = self.case_manager_a
        context = {
            "default_household_id": self.household_b.id,
            "default_partner_id": self.client_b.id,
            "default_role": "head",
        }
        intake = self.Intake(user).create(
            self.values(household_id=self.household_a.id, member_role="child")
        )

        def filed():
            before = self.members(self.household_a, self.household_b)()
            intake.with_context(**context).action_file()
            added = set(self.members(self.household_a, self.household_b)()) - set(before)
            Partner = self.env["res.partner"].sudo()
            return sorted((household, Partner.browse(p).name, role) for household, p, role in added)

        outcome = self.attempt(filed, user=user)
        self.assertTrue(outcome.ok, outcome.describe())
        self.assertEqual(outcome.value, [(self.household_a.id, "Amina Yusuf", "child")])

    def test_a_foreign_person_does_not_join_ones_household(self):
        """Provider B's case manager cannot make A's client a member of B's household
        (and so read them through it): not as the proposed person, not written into the
        wizard, not as a member directly."""
        user = self.case_manager_b
        probe = self.members(self.household_b)
        # The name and birth date of A's client, as the attacker guesses them.
        values = self.values(
            first_name="Olga",
            last_name="Ostwaldklientin",
            birthdate=str(self.client_a.kim_birthdate),
            household_id=self.household_b.id,
            open_case=False,
        )
        intake = self.Intake(user).create(values)
        self.assertFalse(intake.duplicate_ids, "A's client proposed to B")
        attempts = {
            "create": lambda: (
                self.Intake(user)
                .create({**values, "existing_partner_id": self.client_a.id})
                .action_open_case_of()
            ),
            "write": lambda: (
                intake.write({"existing_partner_id": self.client_a.id}),
                intake.action_open_case_of(),
            ),
            "default_ context": lambda: (
                self.Intake(user, default_existing_partner_id=self.client_a.id)
                .create(values)
                .action_open_case_of()
            ),
            "not proposed": lambda: (
                intake.sudo().write({"existing_partner_id": self.client_a.id}),
                intake.action_open_case_of(),
            ),
            "member create": lambda: (
                self.env["kim.household.member"]
                .with_user(user)
                .create({"household_id": self.household_b.id, "partner_id": self.client_a.id})
            ),
            "household write": lambda: self.household_b.with_user(user).write(
                {"member_ids": [Command.create({"partner_id": self.client_a.id})]}
            ),
            "member write": lambda: (
                self.household_b.member_ids[:1]
                .with_user(user)
                .write({"partner_id": self.client_a.id})
            ),
        }
        for route, func in attempts.items():
            with self.subTest(route=route):
                outcome = self.attempt(func, probe=probe, user=user)
                self.assertRefused(outcome, route)
                self.assertFalse(outcome.changed, route)
                self.assertNotIn("Ostwald", outcome.message.replace("Ostwaldklientin", ""))

    def test_nobody_is_a_member_twice(self):
        """The same person chosen again adds nobody; a second row for them is refused in
        German."""
        user = self.case_manager_a
        child = self.worlds["A"]["child"]
        probe = self.members(self.household_a)
        values = self.values(
            first_name=child.name.split()[0],
            last_name=child.name.split()[1],
            birthdate=str(child.kim_birthdate),
            household_id=self.household_a.id,
            open_case=False,
        )

        def again():
            intake = self.Intake(user).create(values)
            intake.existing_partner_id = intake.duplicate_ids
            return intake.action_open_case_of()

        outcome = self.attempt(again, probe=probe, user=user)
        self.assertTrue(outcome.ok, outcome.describe())
        self.assertFalse(outcome.changed)
        # The database refuses the second row; RPC answers with the constraint's German
        # message (odoo.service.model.retrying).
        Member = self.env["kim.household.member"].with_user(user).with_context(lang="de_DE")
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError) as caught,
            closing(self.env.cr.savepoint()),
        ):
            Member.create({"household_id": self.household_a.id, "partner_id": child.id})
            self.env.flush_all()
        self.assertIn("nur einmal Mitglied", Member._sql_error_to_message(caught.exception))
        self.env.invalidate_all()
        self.assertEqual(len(self.household_a.member_ids), 2)


@tagged("post_install", "-at_install")
class TestAttackHouseholdMembers(HouseholdAttack):
    """A household holds KIM persons only. Its members are anonymised with the client
    (kim.data.protection._persons_of) and are visible to whoever sees the household's
    cases: an organisation, a network contact or another app's person put into a client's
    household would be anonymised with the client's withdrawal, and would be hidden from
    everybody else once it had a case."""

    def test_only_kim_persons_join_a_household(self):
        user = self.case_manager_a
        probe = self.members(self.household_a)
        strangers = {
            "organisation": self.organisation,
            "network contact person": self.contact_person,
            "address book person": self.private_contact,
            "a colleague's contact": self.substitute_a.partner_id,
        }
        for label, stranger in strangers.items():
            # All of them are in the address book of every internal user.
            self.assertTrue(self.readable(stranger, user), label)
            attempts = {
                "member create": lambda s=stranger: (
                    self.env["kim.household.member"]
                    .with_user(user)
                    .with_context(lang="de_DE")
                    .create({"household_id": self.household_a.id, "partner_id": s.id})
                ),
                "household write": lambda s=stranger: (
                    self.household_a.with_user(user)
                    .with_context(lang="de_DE")
                    .write(
                        {"member_ids": [Command.create({"partner_id": s.id, "role": "partner"})]}
                    )
                ),
                "member write": lambda s=stranger: (
                    self.household_a.member_ids[:1]
                    .with_user(user)
                    .with_context(lang="de_DE")
                    .write({"partner_id": s.id})
                ),
            }
            for route, func in attempts.items():
                with self.subTest(stranger=label, route=route):
                    outcome = self.attempt(func, probe=probe, user=user)
                    self.assertRefused(outcome, route)
                    self.assertIn(NOT_CHOSEN, outcome.message)
                    self.assertFalse(outcome.changed)

    def test_the_intake_adds_no_contact_of_the_address_book(self):
        """A contact given the name and birth date the intake asks for (a case manager may
        edit contacts) is not made a member through the intake either."""
        user = self.case_manager_a
        probe = self.members(self.household_a)

        def chosen():
            self.contact_person.with_user(user).kim_birthdate = date(1970, 5, 6)
            intake = self.Intake(user).create(
                self.values(
                    first_name="Wera",
                    last_name="Netzwerkkontakt",
                    birthdate="1970-05-06",
                    household_id=self.household_a.id,
                    open_case=False,
                )
            )
            intake.existing_partner_id = self.contact_person
            return intake.action_open_case_of()

        outcome = self.attempt(chosen, probe=probe, user=user)
        self.assertRefused(outcome)
        self.assertFalse(outcome.changed)
        # Had it joined, the client's withdrawal would have anonymised it.
        self.assertEqual(self.contact_person.name, "Wera Netzwerkkontakt")

    def test_a_member_from_the_intake_is_a_kim_person(self):
        user = self.case_manager_a
        intake = self.Intake(user).create(
            self.values(household_id=self.household_a.id, member_role="child")
        )
        self.assertFalse(intake.open_case)
        intake.action_file()
        member = self.household_a.member_ids.filtered(lambda m: m.partner_id.name == "Amina Yusuf")
        self.assertEqual(member.role, "child")
        self.assertTrue(member.partner_id.kim_is_client)
        # Visible to A through the household's case, hidden from provider B.
        self.assertTrue(self.readable(member.partner_id, user))
        self.assertFalse(self.readable(member.partner_id, self.case_manager_b))
