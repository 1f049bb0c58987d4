from odoo import Command
from odoo.tests import Form, HttpCase, tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.kim_case.tests.common import KimCase


@tagged("post_install", "-at_install")
class TestActors(KimCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.action = cls.env.ref("kim_network.kim_actor_action")

    def test_case_manager_adds_an_actor_from_the_menu(self):
        partners = (
            self.env["res.partner"]
            .with_user(self.case_manager_a)
            .with_context(**safe_eval(self.action.context))
        )
        with Form(partners) as form:
            form.name = "Schuldnerberatung Teststadt"
        actor = form.record
        self.assertTrue(actor.is_company)
        self.assertTrue(actor.kim_actor)
        listed = partners.search(safe_eval(self.action.domain))
        self.assertIn(actor, listed)

    def test_people_are_not_listed_as_actors(self):
        person = self.env["res.partner"].create({"name": "Privatperson", "kim_actor": True})
        self.assertNotIn(person, self.env["res.partner"].search(safe_eval(self.action.domain)))

    def test_who_stands_in_the_network_does_not_become_a_client(self):
        """Every KIM user reads the actors and the networks' external contacts: they are
        contacts of the address book, and a case (which would hide them) is opened only for
        a person the intake filed as a client."""
        contact = self.env["res.partner"].create({"name": "Frau Netzwerk"})
        self.env["kim.network"].create(
            {
                "name": "Netzwerk Teststadt",
                "municipality_id": self.city_a.id,
                "member_ids": [Command.create({"partner_id": contact.id})],
            }
        )
        actor = self.env["res.partner"].create({"name": "Einzelperson", "kim_actor": True})
        for partner in (contact, actor):
            with self.subTest(partner=partner.name), self.refused("„Klient*in“"):
                self.env["kim.case"].with_user(self.case_manager_a).with_context(
                    lang="de_DE"
                ).create({"partner_id": partner.id, "municipality_id": self.city_a.id})
            self.assertFalse(partner.kim_is_client)
        # Nor is a client listed as an actor, whom services and networks name to everybody.
        client = self._case().partner_id.with_user(self.case_manager_a).with_context(lang="de_DE")
        with self.refused("kein Netzwerkakteur"):
            client.kim_actor = True
        with self.refused("kein Netzwerkakteur"):
            self.env["res.partner"].with_context(lang="de_DE").create(
                {"name": "Neue Klientin", "kim_is_client": True, "kim_actor": True}
            )
        self.assertFalse(client.sudo().kim_actor)


@tagged("post_install", "-at_install")
class TestActorsInTheBrowser(HttpCase):
    def test_actors_open_for_a_case_manager(self):
        if not self.env.ref("kim_network.oberhausen_actor_jobcenter_ob", raise_if_not_found=False):
            self.skipTest("the database was installed without demo data")
        self.start_tour(
            "/odoo/action-kim_network.kim_actor_action",
            "kim_network_actors",
            login="kim.cm.caritas",
        )


@tagged("post_install", "-at_install")
class TestReferralInTheBrowser(HttpCase):
    def test_case_manager_refers_a_client_warmly(self):
        case = self.env.ref("kim_case.case_24", raise_if_not_found=False)
        if not case or not self.env.ref(
            "kim_network.oberhausen_service_kim_cm_cv", raise_if_not_found=False
        ):
            self.skipTest("the database was installed without demo data")
        before = self.env["kim.referral"].search_count([("case_id", "=", case.id)])
        self.start_tour(
            f"/odoo/action-kim_case.kim_case_action_my/{case.id}",
            "kim_network_referral",
            login=case.user_id.login,
        )
        referrals = self.env["kim.referral"].search([("case_id", "=", case.id)])
        self.assertEqual(len(referrals), before + 1)
        self.assertEqual(referrals[0].state, "requested")
