from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KimCase


@tagged("post_install", "-at_install")
class TestCaseBadInput(KimCase):
    """Bad input is refused with a German message, and nothing else changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case = cls._case()
        cls.de = {"lang": "de_DE"}

    def test_birth_date_in_the_future(self):
        client = self.case.partner_id
        client.kim_birthdate = "1990-05-01"
        with self.refused("liegt in der Zukunft"):
            client.with_context(**self.de).write({"kim_birthdate": "2999-01-01", "phone": "0208 1"})
        self.assertEqual(str(client.kim_birthdate), "1990-05-01")
        self.assertFalse(client.phone)

    def test_target_date_before_agreed_date(self):
        Goal = self.env["kim.case.goal"].with_context(**self.de)
        with self.refused("Zieldatum"):
            Goal.create(
                {
                    "case_id": self.case.id,
                    "name": "Ausbildungsplatz",
                    "life_domain_id": self.env.ref("kim_case.life_domain_work").id,
                    "date_agreed": "2026-05-01",
                    "date_target": "2026-04-01",
                }
            )
        self.assertFalse(self.case.goal_ids)

    def test_negative_duration(self):
        Contact = self.env["kim.case.contact"].with_context(**self.de)
        for minutes in (-30, 0):
            with self.refused("mehr als null Minuten"):
                Contact.create({"case_id": self.case.id, "duration": minutes})
        self.assertFalse(self.case.contact_ids)

    def test_postal_code_not_five_digits(self):
        with self.refused("fünf Ziffern"):
            self.env["kim.household"].with_context(**self.de).create({"name": "H", "zip": "4611"})
        client = self.case.partner_id
        for wrong in ("4611", "461177", "46A17"):
            with self.refused("fünf Ziffern"):
                client.with_context(**self.de).zip = wrong
        self.assertFalse(client.zip)
        with self.refused("fünf Ziffern"):
            self.env["kim.social.area"].with_context(**self.de).create(
                {"name": "X", "municipality_id": self.city_a.id, "postal_codes": "46117 4611"}
            )

    def test_postal_code_in_two_social_areas(self):
        Area = self.env["kim.social.area"].with_context(**self.de)
        Area.create({"name": "Nord", "municipality_id": self.city_a.id, "postal_codes": "46145"})
        with self.refused("einem Sozialraum"):
            Area.create(
                {"name": "Mitte", "municipality_id": self.city_a.id, "postal_codes": "46147 46145"}
            )
        Area.create(
            {"name": "Anderswo", "municipality_id": self.city_b.id, "postal_codes": "46145"}
        )

    def test_second_open_case_same_person_same_provider(self):
        with self.refused("bereits einen offenen Fall"):
            self.env["kim.case"].with_user(self.case_manager_a).with_context(**self.de).create(
                {"partner_id": self.case.partner_id.id, "municipality_id": self.city_a.id}
            )
        count = self.env["kim.case"].search_count([("partner_id", "=", self.case.partner_id.id)])
        self.assertEqual(count, 1)

    def test_a_case_is_for_a_person_filed_as_a_client(self):
        """Clients are filed by the intake and stay persons of their own. A contact of the
        address book (even one detached from its organisation first), an organisation, its
        contact person or a user does not become a client by being given a case: others
        look them up, and a case would hide them. Nothing is filed under a client."""
        Partner = self.env["res.partner"].with_context(**self.de)
        actor = Partner.create({"name": "Beratungsstelle", "is_company": True})
        contact_person = Partner.create({"name": "Frau Berater", "parent_id": actor.id})
        detached = Partner.create({"name": "Herr Berater", "parent_id": actor.id})
        detached.with_user(self.case_manager_a).parent_id = False
        Case = self.env["kim.case"].with_context(**self.de)
        values = {"municipality_id": self.city_a.id, "company_id": self.provider_a.id}
        partners = (actor, contact_person, detached, self.case_manager_b.partner_id)
        for partner in partners:
            # A user is refused the choice; the system's own runs by the rule itself.
            with self.subTest(partner=partner.name), self.refused("„Klient*in“"):
                Case.with_user(self.case_manager_a).create({"partner_id": partner.id, **values})
            address_book = "nicht für einen Kontakt des Adressbuchs"
            with self.subTest(partner=partner.name), self.refused(address_book):
                Case.create({"partner_id": partner.id, "user_id": self.case_manager_a.id, **values})
            self.assertFalse(partner.kim_is_client)
            self.assertFalse(self.env["kim.case"].search([("partner_id", "=", partner.id)]))
        # The form offers clients only.
        offered = Partner.search(Case._fields["partner_id"].domain)
        self.assertIn(self.case.partner_id, offered)
        self.assertFalse(offered & Partner.browse([p.id for p in partners]))
        # A client is not filed under an organisation, or made one, afterwards; nothing is
        # filed under a client (a contact there would carry the client's name).
        client = self.case.partner_id.sudo().with_context(**self.de)
        for change in ({"parent_id": actor.id}, {"is_company": True}):
            with self.subTest(change=change), self.refused("eigene Person"):
                client.write(change)
            self.assertFalse(client.parent_id or client.is_company)
        with self.refused("Unter Klient*innen"):
            Partner.create({"name": "Privatadresse", "parent_id": client.id, "type": "other"})
        with self.refused("Unter Klient*innen"):
            contact_person.parent_id = client
        self.assertFalse(client.child_ids)
        # The client of an open case stays its client.
        other = self._client("Andere Klientin")
        with self.refused("„Klient*in“", AccessError):
            self.case.with_user(self.case_manager_a).with_context(**self.de).write(
                {"partner_id": other.id}
            )
        self.assertFalse(other.kim_case_ids)
        # Nor is a client merged with a contact (the platform's merge moves everything
        # past these checks, and case managers may merge contacts).
        contact_person.email = client.email = "beratung@example.org"
        merge = (
            self.env["base.partner.merge.automatic.wizard"]
            .with_user(self.case_manager_a)
            .with_context(**self.de)
            .create(
                {
                    "partner_ids": [Command.set((client | contact_person).ids)],
                    "dst_partner_id": client.id,
                }
            )
        )
        with self.refused("nicht mit anderen Kontakten zusammengeführt", UserError):
            merge.action_merge()
        self.assertTrue(contact_person.exists())
        self.assertFalse(client.parent_id)
        # Nor is a client copied: the copy would outlive their withdrawal.
        with self.refused("nicht kopiert", UserError):
            client.with_user(self.case_manager_a).copy()
        self.assertEqual(Partner.search_count([("name", "=like", f"{client.name}%")]), 1)
        # Nor does a client get a user account (portal access included).
        with self.refused("kein Benutzerkonto"):
            self.env["res.users"].with_context(**self.de).create(
                {"login": "klient", "name": client.name, "partner_id": client.id}
            )

    def test_same_person_at_another_provider_is_fine(self):
        other = self._case(self.case_manager_b, partner_id=self.case.partner_id.id)
        self.assertEqual(other.partner_id, self.case.partner_id)

    def test_new_case_after_closing_is_fine(self):
        self.case.sudo().write(
            {
                "state": "closed",
                "closing_reason": "moved",
                "date_closed": "2026-11-01",
                "date_open": "2026-01-01",
            }
        )
        again = self._case(partner_id=self.case.partner_id.id)
        self.assertEqual(again.state, "open")

    def test_crisis_needs_a_reason(self):
        with self.refused("Grund"):
            self.case.with_context(**self.de).is_crisis = True
        self.assertFalse(self.case.is_crisis)
