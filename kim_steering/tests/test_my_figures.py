from datetime import date

from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.kim_case.tests.common import KimCase


class TestMyFigures(KimCase):
    def test_figures_of_the_case_manager(self):
        cases = self._case() | self._case()
        self._case(user=self.case_manager_b)
        self.env["kim.case.contact"].with_user(self.case_manager_a).create(
            {"case_id": cases[0].id, "duration": 90, "date": date.today()}
        )
        self.case_manager_a.sudo().kim_weekly_hours = 19.5
        figures = self.env["kim.case"].with_user(self.case_manager_a).kim_my_figures()
        self.assertEqual(figures["open_cases"], 2)
        self.assertEqual(figures["capacity"], 18.3)  # 40 × (19.5 − 3) / 36
        self.assertEqual(figures["load_percent"], 11)
        self.assertEqual(figures["status"], "ok")
        self.assertEqual((figures["contacts_month"], figures["hours_month"]), (1, 1.5))

    def test_what_waits_today(self):
        case = self._case()
        self._case(user=self.case_manager_b)
        # A goal due for review today: the case's review is due, and so is the review
        # activity the goal puts on the case manager's list.
        self.env["kim.case.goal"].with_user(self.case_manager_a).create(
            {
                "case_id": case.id,
                "name": "Wohnung finden",
                "life_domain_id": self.env.ref("kim_case.life_domain_housing").id,
                "review_date": date.today(),
            }
        )
        Case = self.env["kim.case"].with_user(self.case_manager_a)
        todo = {item["kind"]: item["count"] for item in Case.kim_my_figures()["todo"]}
        self.assertEqual(todo, {"reviews": 1, "activities": 1, "referrals": 0})
        action = Case.kim_my_todo_action("reviews")
        self.assertEqual(
            self.env["kim.case"].with_user(self.case_manager_a).search(action["domain"]), case
        )
        self._assert_lists_match(self.case_manager_a)
        for hostile in ("res.users", ["reviews"], {"kind": "reviews"}, "over_key"):
            with self.assertRaises(UserError):
                Case.kim_my_todo_action(hostile)

    def _assert_lists_match(self, user):
        """Each count is what its list shows the same user."""
        Case = self.env["kim.case"].with_user(user)
        for item in Case.kim_my_figures()["todo"]:
            action = Case.kim_my_todo_action(item["kind"])
            # Cards on a phone: every list behind a figure has a kanban view to open.
            self.assertEqual(action["mobile_view_mode"], "kanban")
            self.assertTrue(
                self.env["ir.ui.view"].search_count(
                    [("model", "=", action["res_model"]), ("type", "=", "kanban")]
                ),
                action["res_model"],
            )
            self.assertEqual(
                self.env[action["res_model"]].with_user(user).search_count(action["domain"]),
                item["count"],
                item["kind"],
            )

    def test_what_waits_for_the_coordinator(self):
        case_a = self._case()
        case_b = self._case(user=self.case_manager_b, municipality=self.city_b)
        for case in case_a | case_b:
            self.env["kim.case.goal"].create(
                {
                    "case_id": case.id,
                    "name": "Deutschkurs",
                    "life_domain_id": self.env.ref("kim_case.life_domain_housing").id,
                    "date_agreed": date(2020, 1, 1),
                    "review_date": date(2020, 2, 1),
                }
            )
        # Four cases against a full-time key of 2 put case manager A above it.
        self.city_a.caseload_key = 2
        for _i in range(3):
            self._case()
        figures = self.env["kim.case"].with_user(self.coordinator_a).kim_my_figures()
        todo = {item["kind"]: item["count"] for item in figures["todo"]}
        self.assertEqual(
            list(todo),
            [
                "conference_requests",
                "conferences",
                "reviews_overdue",
                "referrals_waiting",
                "transfers",
                "over_key",
            ],
        )
        # Only the coordinator's own municipality counts; no case manager's own figures.
        self.assertEqual((todo["reviews_overdue"], todo["over_key"]), (1, 1))
        self.assertNotIn("open_cases", figures)
        self._assert_lists_match(self.coordinator_a)
        todo_b = {
            item["kind"]: item["count"]
            for item in self.env["kim.case"].with_user(self.coordinator_b).kim_my_figures()["todo"]
        }
        self.assertEqual((todo_b["reviews_overdue"], todo_b["over_key"]), (1, 0))

    def test_nothing_for_other_roles(self):
        for user in (self.traeger_admin_a, self.internal_user):
            self.assertEqual(self.env["kim.case"].with_user(user).kim_my_figures(), {})


@tagged("post_install", "-at_install")
class TestMyFiguresInTheBrowser(HttpCase):
    def test_case_manager_sees_own_figures(self):
        if not self.env["res.users"].search([("login", "=", "kim.cm.caritas")]):
            self.skipTest("the database was installed without demo data")
        self.start_tour(
            "/odoo/action-kim_case.kim_case_action_my",
            "kim_steering_my_figures",
            login="kim.cm.caritas",
        )

    def test_coordinator_sees_what_waits_in_the_municipality(self):
        if not self.env["res.users"].search([("login", "=", "kim.koordination")]):
            self.skipTest("the database was installed without demo data")
        self.start_tour(
            "/odoo/action-kim_case.kim_case_action_all",
            "kim_steering_coordinator_today",
            login="kim.koordination",
        )
