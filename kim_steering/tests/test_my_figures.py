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
        figures = Case.kim_my_figures()
        self.assertEqual((figures["reviews_due"], figures["activities_due"]), (1, 1))
        self.assertEqual(figures["referrals_overdue"], 0)
        action = Case.kim_my_todo_action("reviews")
        self.assertEqual(
            self.env["kim.case"].with_user(self.case_manager_a).search(action["domain"]), case
        )
        for kind in ("activities", "referrals"):
            action = Case.kim_my_todo_action(kind)
            self.assertEqual(
                self.env[action["res_model"]]
                .with_user(self.case_manager_a)
                .search_count(action["domain"]),
                figures["activities_due" if kind == "activities" else "referrals_overdue"],
            )
        for hostile in ("res.users", ["reviews"], {"kind": "reviews"}):
            with self.assertRaises(UserError):
                Case.kim_my_todo_action(hostile)

    def test_nothing_for_other_roles(self):
        for user in (self.coordinator_a, self.traeger_admin_a):
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
