"""Staff in daily use (issue 13): the caseload counts under the case manager's employer,
substitute pickers can ask for case managers, and a Träger admin sends a new colleague
the invitation e-mail, to the own provider's staff only."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError, MissingError
from odoo.tests import tagged

from odoo.addons.mail.tests.common import MockEmail

from .common import KimCase

IS_CASE_MANAGER = [("kim_is_case_manager", "=", True)]


@tagged("post_install", "-at_install")
class TestCaseloadEmployer(KimCase):
    def test_the_row_counts_under_the_employer(self):
        """A case manager who changed employer keeps her open cases of the former
        provider until they are transferred; her caseload is her new employer's."""
        self._case()
        self.case_manager_a.write(
            {
                "company_ids": [Command.link(self.provider_b.id)],
                "company_id": self.provider_b.id,
            }
        )
        Caseload = self.env["kim.caseload"]
        row = Caseload.search([("user_id", "=", self.case_manager_a.id)])
        self.assertEqual(len(row), 1)
        self.assertEqual(row.company_id, self.provider_b)
        self.assertEqual(row.open_cases, 1)
        # Filtered by provider, as the Träger admins' record rule does.
        self.assertIn(row, Caseload.search([("company_id", "in", self.provider_b.ids)]))
        self.assertNotIn(row, Caseload.search([("company_id", "in", self.provider_a.ids)]))

    def test_one_row_per_municipality(self):
        self.provider_a.kim_municipality_ids |= self.town
        self._case()
        self._case(
            partner_id=self._client("In der Gemeinde").id,
            municipality=self.town,
        )
        rows = self.env["kim.caseload"].search([("user_id", "=", self.case_manager_a.id)])
        self.assertEqual(rows.municipality_id, self.city_a | self.town)
        self.assertEqual(rows.company_id, self.provider_a)


@tagged("post_install", "-at_install")
class TestCaseManagerField(KimCase):
    def test_marks_case_managers_only(self):
        found = self.env["res.users"].with_context(active_test=False).search(IS_CASE_MANAGER)
        self.assertIn(self.case_manager_a, found)
        self.assertIn(self.case_manager_b, found)
        self.assertIn(self.substitute_a, found)
        for user in (
            self.traeger_admin_a,
            self.coordinator_a,
            self.internal_user,
            self.env.ref("base.user_admin"),
        ):
            self.assertNotIn(user, found, user.login)
        self.assertEqual(found, found.filtered("kim_is_case_manager"))

    def test_negation_is_the_rest(self):
        Users = self.env["res.users"].with_context(active_test=False)
        everybody = Users.search([])
        case_managers = Users.search(IS_CASE_MANAGER)
        for domain in (
            [("kim_is_case_manager", "!=", True)],
            [("kim_is_case_manager", "=", False)],
        ):
            with self.subTest(domain=domain):
                self.assertEqual(Users.search(domain), everybody - case_managers)

    def test_follows_the_role(self):
        Users = self.env["res.users"]
        self.substitute_a.kim_is_traeger_admin = True
        self.substitute_a.kim_is_case_manager = False
        self.assertNotIn(self.substitute_a, Users.search(IS_CASE_MANAGER))
        self.traeger_admin_a.kim_is_case_manager = True
        self.assertIn(self.traeger_admin_a, Users.search(IS_CASE_MANAGER))

    def test_a_group_implying_the_role_counts(self):
        team = self.env["res.groups"].create(
            {
                "name": "KIM-Team",
                "implied_ids": [Command.link(self.env.ref("kim_case.group_kim_case_manager").id)],
            }
        )
        self.internal_user.group_ids = [Command.link(team.id)]
        self.assertIn(self.internal_user, self.env["res.users"].search(IS_CASE_MANAGER))

    def test_a_picker_of_a_case_manager_offers_the_colleagues_who_work_cases(self):
        """As the substitute drop-down of a case searches."""
        Users = self.env["res.users"].with_user(self.case_manager_a)
        domain = [*IS_CASE_MANAGER, ("company_ids", "in", self.provider_a.ids)]
        offered = Users.browse(
            [user_id for user_id, _name in Users.name_search("", domain, limit=None)]
        )
        self.assertIn(self.substitute_a, offered)
        self.assertNotIn(self.traeger_admin_a, offered)
        self.assertNotIn(self.coordinator_a, offered)
        self.assertNotIn(self.case_manager_b, offered)

    def test_hidden_from_users_without_kim(self):
        """Who works cases is a KIM field: searching by it is refused like reading it."""
        with self.assertRaises(AccessError):
            self.env["res.users"].with_user(self.internal_user).search_count(IS_CASE_MANAGER)

    def test_the_search_is_one_cheap_query(self):
        Users = self.env["res.users"].with_user(self.case_manager_a)
        Users.search(IS_CASE_MANAGER)  # the groups' implications are cached by the platform
        with self.assertQueryCount(1):
            Users.search(IS_CASE_MANAGER)


@tagged("post_install", "-at_install")
class TestStaffInvitation(KimCase, MockEmail):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Users = cls.env["res.users"].with_user(cls.traeger_admin_a)
        # Created without the invitation that creating sends, which the tests send.
        cls.colleague = cls.Users.with_context(no_reset_password=True).create(
            {
                "name": "Neue Kollegin",
                "login": "neue.kollegin@traeger-a.example",
                "email": "neue.kollegin@traeger-a.example",
                "kim_is_case_manager": True,
            }
        )

    def _sent_to(self):
        return [address for mail in self._mails for address in mail["email_to"]]

    def test_invites_a_new_colleague_of_the_own_provider(self):
        with self.mock_mail_gateway():
            result = self.Users.browse(self.colleague.id).action_kim_send_invitation()
        self.assertEqual(self._sent_to(), ["neue.kollegin@traeger-a.example"])
        self.assertEqual(self.colleague.partner_id.sudo().signup_type, "signup")
        self.assertEqual(result["tag"], "display_notification")
        self.assertIn("Neue Kollegin", result["params"]["message"])

    def test_a_colleague_who_logged_in_gets_a_password_reset(self):
        self.case_manager_a.with_user(self.case_manager_a)._update_last_login()
        with self.mock_mail_gateway():
            self.Users.browse(self.case_manager_a.id).action_kim_send_invitation()
        self.assertEqual(self._sent_to(), [self.case_manager_a.email])
        self.assertEqual(self.case_manager_a.partner_id.sudo().signup_type, "reset")

    def test_refused_for_another_providers_user(self):
        for users in (self.case_manager_b, self.colleague | self.case_manager_b):
            with (
                self.subTest(users=users.mapped("login")),
                self.mock_mail_gateway(),
                self.assertRaises(AccessError) as caught,
            ):
                self.Users.browse(users.ids).action_kim_send_invitation()
            self.assertIn(self.case_manager_b.name, str(caught.exception))
            self.assertFalse(self._mails)

    def test_refused_for_coordinators_of_the_own_provider(self):
        with self.mock_mail_gateway(), self.assertRaises(AccessError) as caught:
            self.Users.browse(self.coordinator_a.id).action_kim_send_invitation()
        self.assertIn(self.coordinator_a.name, str(caught.exception))
        self.assertFalse(self._mails)

    def test_refused_for_users_without_administration(self):
        for user in (self.case_manager_a, self.coordinator_a, self.internal_user):
            with (
                self.subTest(user=user.login),
                self.mock_mail_gateway(),
                self.assertRaises(AccessError),
            ):
                self.colleague.with_user(user).action_kim_send_invitation()
            self.assertFalse(self._mails)

    def test_an_administrator_invites_anybody(self):
        admin = self.env.ref("base.user_admin")
        with self.mock_mail_gateway():
            self.case_manager_b.with_user(admin).action_kim_send_invitation()
        self.assertEqual(self._sent_to(), [self.case_manager_b.email])

    def test_the_staff_form_opens_for_a_new_colleague(self):
        """The form's onchange reads the new record: it has no stored user behind it to
        refuse. The login, when an address, becomes the e-mail the invitation goes to."""
        spec = {"name": {}, "login": {}, "email": {}, "company_id": {}, "kim_is_case_manager": {}}
        defaults = self.Users.onchange({}, [], spec)["value"]
        self.assertEqual(defaults["company_id"], self.provider_a.id)
        values = {"name": "Noch eine Kollegin", "login": "noch.eine@traeger-a.example"}
        changed = self.Users.onchange(values, ["login"], spec)["value"]
        self.assertEqual(changed["email"], "noch.eine@traeger-a.example")
        # Another provider's user stays missing, also through the onchange.
        with self.assertRaises(MissingError):
            self.Users.browse(self.case_manager_b.id).onchange({}, [], spec)

    def test_staff_screens_offer_it_in_kim_words(self):
        for xml_id in ("res_users_view_list_kim_staff", "res_users_view_form_kim_staff"):
            with self.subTest(view=xml_id):
                arch = etree.fromstring(self.env.ref(f"kim_case.{xml_id}").arch)
                self.assertTrue(arch.xpath("//header/button[@name='action_kim_send_invitation']"))
                self.assertEqual(arch.xpath("//field[@name='company_id']/@string"), ["Provider"])
                self.assertEqual(arch.xpath("//field[@name='login']/@string"), ["Login name"])
