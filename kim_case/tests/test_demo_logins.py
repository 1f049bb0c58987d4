from odoo.tests import HttpCase, tagged

from .replica import ReadOnlyRequests

DEMO_LOGINS = [
    "kim.koordination",
    *(
        f"kim.{role}.{provider}"
        for role in ("cm", "admin")
        for provider in ("stadt", "drk", "prowohnen", "zaq", "diakonie", "caritas")
    ),
]


@tagged("post_install", "-at_install")
class TestDemoLogins(ReadOnlyRequests, HttpCase):
    """Each demo user logs in with the README's password and finds the KIM app."""

    def test_each_role_logs_in_and_sees_kim(self):
        kim_menu = self.env.ref("kim_case.menu_kim_root")
        demo_users = self.env["res.users"].search([("login", "in", DEMO_LOGINS)])
        if len(demo_users) != len(DEMO_LOGINS):
            self.skipTest("the database was installed without demo data")
        for login in DEMO_LOGINS:
            with self.subTest(login=login):
                self.authenticate(login, "kim-demo")
                menus = self.url_open("/web/webclient/load_menus").json()
                self.assertIn(str(kim_menu.id), {str(key) for key in menus}, login)
                self.assertEqual(menus[str(kim_menu.id)]["name"], "KIM")

    def test_web_client_opens_municipalities(self):
        if not self.env["res.users"].search([("login", "=", "kim.cm.caritas")]):
            self.skipTest("the database was installed without demo data")
        self.start_tour(
            "/odoo/action-kim_case.kim_municipality_action",
            "kim_case_smoke",
            login="kim.cm.caritas",
        )

    def test_case_manager_records_a_contact_in_the_browser(self):
        case = self.env.ref("kim_case.case_02", raise_if_not_found=False)
        if not case:
            self.skipTest("the database was installed without demo data")
        before = len(case.contact_ids)
        self.start_tour(
            "/odoo/action-kim_case.kim_case_action_my",
            "kim_case_record_contact",
            login="kim.cm.caritas",
        )
        case.invalidate_recordset()
        self.assertEqual(len(case.contact_ids), before + 1)
        self.assertEqual(case.contact_ids.sorted("id")[-1].user_id.login, "kim.cm.caritas")

    def test_case_manager_records_a_consent_in_the_browser(self):
        case = self.env.ref("kim_case.case_12", raise_if_not_found=False)
        if not case:
            self.skipTest("the database was installed without demo data")
        self.assertFalse(case.consent_given)
        self.start_tour(
            "/odoo/action-kim_case.kim_case_action_my",
            "kim_case_record_consent",
            login="kim.cm.stadt",
        )
        case.invalidate_recordset()
        self.assertTrue(case.consent_given)
        # Consent to processing and eight of the nine categories: the landlords struck out.
        self.assertEqual(len(case.consent_ids), 9)
        landlords = self.env.ref("kim_case.recipient_landlords")
        self.assertNotIn(landlords, case.consent_ids.category_id)
        reads = case.audit_log_ids.filtered(lambda e: e.action == "read")
        self.assertIn("kim.cm.stadt", reads.user_id.mapped("login"))
