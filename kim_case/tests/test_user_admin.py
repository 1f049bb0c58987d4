from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, MissingError
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools.safe_eval import safe_eval

from .common import KimCase

# What a Träger admin may set on a user of their provider (res_users.py delegates no more).
DELEGATED = {
    "name",
    "login",
    "email",
    "company_id",
    "company_ids",
    "lang",
    "tz",
    "active",
    "kim_weekly_hours",
    "kim_is_case_manager",
    "kim_is_traeger_admin",
    "kim_substitute_user_ids",
}


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
class TestPlatformScreens(KimCase, HttpCase):
    """Träger admins work in their staff list only; the platform's screens for user
    administration stay with the administrators of the database (issue 8, class 11)."""

    PLATFORM_ACTIONS = (
        "base.action_res_users",
        "users",  # the same action by its path, /odoo/users
        "base.action_res_groups",
        "base.action_res_company_form",
        "base.change_password_wizard_action",
        "base_setup.action_general_configuration",
    )
    SETTINGS_MENUS = ("base.menu_administration", "base.menu_users", "base.menu_action_res_users")

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("kim_case.require_2fa", "0")
        self.admin = self.env.ref("base.user_admin")
        self.staff_action = self.env.ref("kim_case.res_users_action_kim_staff")

    def _load_action(self, login, password, action):
        self.authenticate(login, password)
        return self.make_jsonrpc_request("/web/action/load", {"action_id": action})

    def test_traeger_admin_cannot_load_the_platform_user_screens(self):
        for action in self.PLATFORM_ACTIONS:
            with self.subTest(action=action), self.assertRaisesRegex(JsonRpcException, "Access"):
                self._load_action(self.traeger_admin_a.login, self.traeger_admin_a.login, action)

    def test_other_kim_roles_cannot_load_them_either(self):
        for user in (self.case_manager_a, self.coordinator_a):
            with self.subTest(user=user.login), self.assertRaises(JsonRpcException):
                self._load_action(user.login, user.login, "base.action_res_users")

    def test_traeger_admin_loads_the_staff_list(self):
        action = self._load_action(
            self.traeger_admin_a.login, self.traeger_admin_a.login, self.staff_action.id
        )
        self.assertEqual(action["res_model"], "res.users")

    def test_system_admin_keeps_settings_users(self):
        action = self._load_action("admin", "admin", "base.action_res_users")
        self.assertEqual(action["res_model"], "res.users")
        menus = self.env["ir.ui.menu"].with_user(self.admin).load_menus(debug=False)
        for xml_id in self.SETTINGS_MENUS:
            self.assertIn(self.env.ref(xml_id).id, menus, xml_id)

    def test_settings_menus_are_hidden_from_kim_roles(self):
        for user in (self.traeger_admin_a, self.case_manager_a, self.coordinator_a):
            menus = self.env["ir.ui.menu"].with_user(user).load_menus(debug=True)
            for xml_id in self.SETTINGS_MENUS:
                with self.subTest(user=user.login, menu=xml_id):
                    self.assertNotIn(self.env.ref(xml_id).id, menus)
            with self.subTest(user=user.login, menu="staff"):
                staff_menu = self.env.ref("kim_case.menu_kim_staff").id
                if user == self.traeger_admin_a:
                    self.assertIn(staff_menu, menus)
                else:
                    self.assertNotIn(staff_menu, menus)

    def test_change_password_is_not_offered_on_the_staff_list(self):
        bindings = (
            self.env["ir.actions.actions"]
            .with_user(self.traeger_admin_a)
            .get_bindings("res.users")
            .get("action", [])
        )
        names = {binding["id"] for binding in bindings}
        self.assertNotIn(self.env.ref("base.change_password_wizard_action").id, names)

    def test_staff_list_shows_only_the_own_providers_staff(self):
        domain = safe_eval(self.staff_action.domain, {"allowed_company_ids": self.provider_a.ids})
        staff = (
            self.env["res.users"]
            .with_user(self.traeger_admin_a)
            .with_context(active_test=False)
            .search(domain)
        )
        self.assertEqual(staff, self.case_manager_a | self.substitute_a | self.traeger_admin_a)
        # Not another provider's case manager, nor coordinators or the administrators.
        for user in (self.case_manager_b, self.coordinator_a, self.admin):
            self.assertNotIn(user, staff)

    def test_staff_form_shows_only_the_delegated_fields(self):
        form = self.env.ref("kim_case.res_users_view_form_kim_staff")
        views = self.env["res.users"].with_user(self.traeger_admin_a).get_views([(form.id, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        shown = {
            node.get("name")
            for node in arch.iter("field")
            if node.get("invisible") not in ("1", "True", "true")
        }
        self.assertLessEqual(shown, DELEGATED)
        self.assertNotIn("group_ids", shown)

    def test_platform_user_form_hides_the_groups_from_other_users(self):
        form = self.env.ref("base.view_users_form")
        for user in (self.traeger_admin_a, self.case_manager_a, self.coordinator_a):
            with self.subTest(user=user.login):
                views = self.env["res.users"].with_user(user).get_views([(form.id, "form")])
                arch = views["views"]["form"]["arch"]
                self.assertNotIn('name="group_ids"', arch)
                self.assertNotIn("<notebook", arch)
        admin_views = self.env["res.users"].with_user(self.admin).get_views([(form.id, "form")])
        self.assertIn('name="group_ids"', admin_views["views"]["form"]["arch"])

    def test_links_to_a_user_open_the_staff_form(self):
        staff_form = self.env.ref("kim_case.res_users_view_form_kim_staff")
        Users = self.env["res.users"].with_user(self.traeger_admin_a)
        self.assertEqual(Users.browse(self.case_manager_a.id).get_formview_id(), staff_form.id)
        # /odoo/res.users/<id> asks for the default form: a Träger admin gets the staff form.
        arch = Users.get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn("kim_is_case_manager", arch)
        self.assertNotIn("group_ids", arch)
        # The administrator keeps the platform's form.
        admin_form = self.env["res.users"].with_user(self.admin).get_views([(False, "form")])
        self.assertIn("group_ids", admin_form["views"]["form"]["arch"])

    def test_staff_form_of_another_provider_answers_as_missing(self):
        """/odoo/res.users/<id> of another provider's user or of an administrator shows
        nothing to a Träger admin; their own staff opens."""
        Users = self.env["res.users"].with_user(self.traeger_admin_a)
        spec = {"login": {}, "kim_weekly_hours": {}}
        for user in (self.case_manager_b, self.env.ref("base.user_admin")):
            with self.subTest(user=user.login), self.assertRaises(MissingError):
                Users.browse(user.id).web_read(spec)
        self.assertEqual(
            Users.browse(self.case_manager_a.id).web_read(spec)[0]["id"], self.case_manager_a.id
        )
        # Names stay readable for chatter and mentions.
        Users.browse(self.case_manager_b.id).web_read({"display_name": {}})
