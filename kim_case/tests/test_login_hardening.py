import json
import re

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, JsonRpcException, tagged

from .common import KimCase


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


@tagged("post_install", "-at_install")
class TestOnlyAdministratorsSwitchTheSecondFactor(KimCase, HttpCase):
    """The switch kim_case.require_2fa is the system administrators' alone."""

    KEY = "kim_case.require_2fa"

    def setUp(self):
        super().setUp()
        self.params = self.env["ir.config_parameter"].sudo()
        self.params.set_param(self.KEY, "1")
        self.roles = (
            self.case_manager_a,
            self.substitute_a,
            self.traeger_admin_a,
            self.coordinator_a,
            self.internal_user,
        )

    def test_no_kim_role_changes_it_over_the_orm(self):
        param = self.params.search([("key", "=", self.KEY)])
        for user in self.roles:
            Params = self.env["ir.config_parameter"].with_user(user)
            attempts = {
                "set_param": lambda Params=Params: Params.set_param(self.KEY, "0"),
                "write": lambda Params=Params: Params.browse(param.id).write({"value": "0"}),
                "unlink": lambda Params=Params: Params.browse(param.id).unlink(),
                "create": lambda Params=Params: Params.create({"key": self.KEY, "value": "0"}),
                "read": lambda Params=Params: Params.get_param(self.KEY),
            }
            for name, attempt in attempts.items():
                with self.subTest(user=user.login, attempt=name), self.assertRaises(AccessError):
                    attempt()
        self.assertEqual(self.params.get_param(self.KEY), "1")
        self.assertEqual(self.case_manager_a._mfa_type(), "totp_mail")

    def test_no_settings_field_exposes_it(self):
        Settings = self.env["res.config.settings"]
        exposing = [
            name
            for name, field in Settings._fields.items()
            if getattr(field, "config_parameter", None) == self.KEY
        ]
        self.assertFalse(exposing)
        for user in self.roles:
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Settings.with_user(user).create({}).execute()

    def test_no_kim_role_changes_it_over_rpc(self):
        user = self.traeger_admin_a
        self.authenticate(user.login, user.login)
        for method, args in (
            ("set_param", [self.KEY, "0"]),
            ("search_read", [[("key", "=", self.KEY)]]),
        ):
            with self.subTest(method=method), self.assertRaises(JsonRpcException):
                self.make_jsonrpc_request(
                    f"/web/dataset/call_kw/ir.config_parameter/{method}",
                    {"model": "ir.config_parameter", "method": method, "args": args, "kwargs": {}},
                )
        self.assertEqual(self.params.get_param(self.KEY), "1")

    def test_system_administrator_may_change_it(self):
        Params = self.env["ir.config_parameter"].with_user(self.env.ref("base.user_admin"))
        Params.set_param(self.KEY, "0")
        self.assertIsNone(self.case_manager_a._mfa_type())


@tagged("post_install", "-at_install")
class TestSessionAndLoginLimits(KimCase, HttpCase):
    """An idle KIM session locks, every KIM session ends, failed logins slow down."""

    def test_kim_roles_lock_after_15_idle_minutes(self):
        for user in (self.case_manager_a, self.traeger_admin_a, self.coordinator_a):
            with self.subTest(user=user.login):
                self.assertEqual(user._get_lock_timeout_inactivity(), 15 * 60)
                timeouts = user._get_lock_timeouts()
                # The session ends after 12 hours, and the next login asks the second factor.
                self.assertEqual(timeouts["lock_timeout"], [(12 * 3600, True)])
        self.assertIsNone(self.internal_user._get_lock_timeout_inactivity())

    def test_the_setting_lives_in_one_group(self):
        group = self.env.ref("kim_case.group_kim_session_lock")
        for role in (
            "kim_case.group_kim_case_manager",
            "kim_case.group_kim_traeger_admin",
            "kim_case.group_kim_coordinator",
        ):
            self.assertIn(group, self.env.ref(role).all_implied_ids, role)
        group.lock_timeout_inactivity = 30
        self.assertEqual(self.case_manager_a._get_lock_timeout_inactivity(), 30 * 60)

    def _login(self, login, password):
        page = self.url_open("/web/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        return self.url_open(
            "/web/login",
            data={"login": login, "password": password, "csrf_token": token},
            allow_redirects=False,
        )

    def test_failed_logins_are_rate_limited(self):
        params = self.env["ir.config_parameter"].sudo()
        self.assertEqual(params.get_param("base.login_cooldown_after"), "5")
        self.assertEqual(params.get_param("base.login_cooldown_duration"), "300")
        params.set_param("kim_case.require_2fa", "0")
        # Odoo counts failures per address in the registry; leave none for other tests.
        registry = self.env.registry
        self.addCleanup(lambda: getattr(registry, "_login_failures", {}).clear())
        login = self.case_manager_a.login
        for _attempt in range(5):
            self.assertEqual(self._login(login, "falsch-geraten").status_code, 200)
        # Now even the right password is not tried for five minutes.
        response = self._login(login, login)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Location", response.headers)
        registry._login_failures.clear()
        self.assertIn(self._login(login, login).status_code, (302, 303))
