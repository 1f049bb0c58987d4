import json
import re

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from .common import KimCase


@tagged("post_install", "-at_install")
class TestUserAdmin(KimCase):
    """Träger admins manage their own provider's staff and nothing beyond (point 8)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Users = cls.env["res.users"].with_user(cls.traeger_admin_a).with_context(lang="de_DE")

    def _staff(self, user):
        return self.Users.browse(user.id)

    def test_creates_a_case_manager_of_their_provider(self):
        user = self.Users.create(
            {
                "name": "Neue Kollegin",
                "login": "neue.kollegin@traeger-a.example",
                "kim_is_case_manager": True,
                "kim_weekly_hours": 19.5,
            }
        )
        self.assertTrue(user.has_group("kim_case.group_kim_case_manager"))
        self.assertFalse(user.has_group("kim_case.group_kim_coordinator"))
        self.assertEqual(user.company_ids, self.provider_a)
        self.assertEqual(user.kim_weekly_hours, 19.5)

    def test_assigns_roles_hours_and_deactivates(self):
        staff = self._staff(self.substitute_a)
        staff.write({"kim_is_traeger_admin": True, "kim_weekly_hours": 30})
        self.assertTrue(self.substitute_a.has_group("kim_case.group_kim_traeger_admin"))
        staff.kim_is_case_manager = False
        self.assertFalse(self.substitute_a.has_group("kim_case.group_kim_case_manager"))
        staff.active = False
        self.assertFalse(self.substitute_a.active)

    def test_standing_substitutes_join_open_and_new_cases(self):
        case = self._case()
        self._staff(self.case_manager_a).kim_substitute_user_ids = self.substitute_a
        self.assertIn(self.substitute_a, case.substitute_ids)
        new = self._case(partner_id=self._client("Noch eine Klientin").id)
        self.assertIn(self.substitute_a, new.substitute_ids)
        # The Träger admin still sees no case.
        with self.assertRaises(AccessError):
            self.env["kim.case"].with_user(self.traeger_admin_a).search([])

    def test_cannot_grant_coordinator_or_system_rights(self):
        staff = self._staff(self.case_manager_a)
        for group in (
            "kim_case.group_kim_coordinator",
            "base.group_system",
            "base.group_erp_manager",
        ):
            with self.subTest(group=group), self.refused("Träger-Administrator", AccessError):
                staff.write({"group_ids": [Command.link(self.env.ref(group).id)]})
            self.assertFalse(self.case_manager_a.has_group(group))

    def test_cannot_touch_another_providers_users(self):
        staff = self._staff(self.case_manager_b)
        with self.refused("anderen Träger", AccessError):
            staff.write({"kim_weekly_hours": 10})
        with self.refused("anderen Träger", AccessError):
            staff.write({"active": False})
        self.assertTrue(self.case_manager_b.active)
        self.assertEqual(self.case_manager_b.kim_weekly_hours, 39)

    def test_cannot_create_users_elsewhere(self):
        with self.refused("selbst verwalten", AccessError):
            self.Users.create(
                {"name": "Fremd", "login": "fremd@example.org", "company_id": self.provider_b.id}
            )
        with self.refused("Träger-Administrator", AccessError):
            self._staff(self.substitute_a).write(
                {"company_ids": [Command.link(self.provider_b.id)]}
            )
        self.assertFalse(self.env["res.users"].search([("login", "=", "fremd@example.org")]))

    def test_cannot_raise_themselves_or_change_coordinators(self):
        with self.refused("eigenen Rollen", AccessError):
            self._staff(self.traeger_admin_a).write({"kim_is_case_manager": True})
        with self.refused("Träger-Administrator", AccessError):
            self._staff(self.traeger_admin_a).write(
                {"group_ids": [Command.link(self.env.ref("kim_case.group_kim_coordinator").id)]}
            )
        with self.refused("Koordination", AccessError):
            self._staff(self.coordinator_a).write({"kim_weekly_hours": 20})
        self.assertFalse(self.traeger_admin_a.has_group("kim_case.group_kim_coordinator"))

    def test_cannot_take_over_an_account(self):
        staff = self._staff(self.case_manager_a)
        for vals in ({"login": "mein.zweitkonto"}, {"password": "Uebernahme-2026!"}):
            with self.subTest(vals=vals), self.refused("Träger-Administrator", AccessError):
                staff.write(vals)

    def test_case_managers_and_other_users_cannot_administer(self):
        for user in (self.case_manager_a, self.internal_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["res.users"].with_user(user).browse(self.substitute_a.id).write(
                    {"kim_weekly_hours": 1}
                )

    def test_own_preferences_stay_possible(self):
        self.env["res.users"].with_user(self.traeger_admin_a).browse(self.traeger_admin_a.id).write(
            {"tz": "Europe/Berlin"}
        )
        self.assertEqual(self.traeger_admin_a.tz, "Europe/Berlin")


@tagged("post_install", "-at_install")
class TestLoginHardening(KimCase, HttpCase):
    """Second factor for KIM roles, and a password policy (point 9)."""

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("kim_case.require_2fa", "1")

    def test_kim_roles_need_a_second_factor(self):
        for user in (self.case_manager_a, self.coordinator_a, self.traeger_admin_a):
            self.assertEqual(user._mfa_type(), "totp_mail", user.login)
            self.assertEqual(user._mfa_url(), "/web/login/totp")
        self.assertIsNone(self.internal_user._mfa_type())

    def test_second_factor_can_be_switched_off(self):
        self.env["ir.config_parameter"].sudo().set_param("kim_case.require_2fa", "0")
        self.assertIsNone(self.case_manager_a._mfa_type())

    def test_login_ends_in_the_second_factor_step(self):
        self.case_manager_a.password = "Sichere-Anmeldung-2026"
        page = self.url_open("/web/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(
            "/web/login",
            data={
                "login": self.case_manager_a.login,
                "password": "Sichere-Anmeldung-2026",
                "csrf_token": token,
            },
            allow_redirects=False,
        )
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login/totp", response.headers["Location"])

    def test_rpc_needs_an_api_key(self):
        self.assertTrue(self.case_manager_a._rpc_api_keys_only())
        payload = {
            "jsonrpc": "2.0",
            "params": {
                "db": self.env.cr.dbname,
                "login": self.case_manager_a.login,
                "password": self.case_manager_a.login,
            },
        }
        response = self.url_open(
            "/web/session/authenticate",
            data=json.dumps(payload),
            headers={"Content-Type": "application/json"},
        ).json()
        self.assertFalse((response.get("result") or {}).get("uid"))

    def test_weak_passwords_are_refused_in_german(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("kim_case.password_policy", "1")
        params.set_param("auth_password_policy.minlength", "12")
        user = self.case_manager_a.with_context(lang="de_DE")
        for weak, text in (
            ("kurz", "mindestens 12 Zeichen"),
            ("sonnenblumenwiese", "drei Arten"),
            ("Kim_Test_CM_A-2026", "Anmeldenamen"),
        ):
            with self.subTest(password=weak), self.refused(text, UserError):
                user.password = weak
        user.password = "Sonnenblume-42-Weg"
