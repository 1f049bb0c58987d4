from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import KimCase


@tagged("post_install", "-at_install")
class TestCaseAccess(KimCase):
    """Who sees which case, tried as each role would (DESIGN: security model)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.case_a = cls._case(cls.case_manager_a)
        cls.case_b = cls._case(cls.case_manager_b)
        cls.case_in_b = cls._case(cls.case_manager_b, municipality=cls.city_b)
        cls.case_a.sudo().substitute_ids = cls.substitute_a
        cls.goal_a = cls.env["kim.case.goal"].create(
            {
                "case_id": cls.case_a.id,
                "name": "Deutschkurs B1",
                "life_domain_id": cls.env.ref("kim_case.life_domain_language").id,
            }
        )
        cls.contact_a = cls.env["kim.case.contact"].create(
            {"case_id": cls.case_a.id, "duration": 45}
        )
        cls.assessment_a = cls.env["kim.case.assessment"].create(
            {
                "case_id": cls.case_a.id,
                "life_domain_id": cls.env.ref("kim_case.life_domain_housing").id,
                "need_level": "2",
            }
        )
        cls.measure_a = cls.env["kim.case.measure"].create(
            {"goal_id": cls.goal_a.id, "name": "Anmeldung VHS"}
        )
        cls.household_a = cls.env["kim.household"].create({"name": "Haushalt A", "zip": "46117"})
        cls.case_a.sudo().household_id = cls.household_a

    def visible(self, user, records):
        return self.env[records._name].with_user(user).search([("id", "in", records.ids)])

    def test_case_manager_sees_only_own_cases(self):
        cases = self.case_a | self.case_b | self.case_in_b
        self.assertEqual(self.visible(self.case_manager_a, cases), self.case_a)
        self.assertEqual(self.visible(self.case_manager_b, cases), self.case_b | self.case_in_b)
        with self.denied():
            self.case_b.with_user(self.case_manager_a).read(["partner_id"])
        with self.denied():
            self.case_b.with_user(self.case_manager_a).write({"motto_goal": "fremd"})

    def test_substitute_sees_the_substituted_case(self):
        self.assertEqual(self.visible(self.substitute_a, self.case_a | self.case_b), self.case_a)
        self.case_a.with_user(self.substitute_a).motto_goal = "Eine eigene Wohnung"

    def test_coordinator_sees_own_municipality_across_providers(self):
        cases = self.case_a | self.case_b | self.case_in_b
        self.assertEqual(self.visible(self.coordinator_a, cases), self.case_a | self.case_b)
        self.assertEqual(self.visible(self.coordinator_b, cases), self.case_in_b)
        with self.denied():
            self.case_a.with_user(self.coordinator_a).write(
                {"motto_goal": "Fachaufsicht liest nur"}
            )

    def test_provider_admin_and_other_apps_see_no_case(self):
        for user in (self.traeger_admin_a, self.internal_user):
            with self.denied():
                self.env["kim.case"].with_user(user).search([])

    def test_case_details_follow_the_case(self):
        details = [self.goal_a, self.contact_a, self.assessment_a, self.measure_a]
        for record in details:
            with self.subTest(model=record._name):
                self.assertEqual(self.visible(self.case_manager_a, record), record)
                self.assertEqual(self.visible(self.substitute_a, record), record)
                self.assertEqual(self.visible(self.coordinator_a, record), record)
                self.assertFalse(self.visible(self.case_manager_b, record))
                self.assertFalse(self.visible(self.coordinator_b, record))

    def test_household_follows_its_cases(self):
        self.assertEqual(self.visible(self.case_manager_a, self.household_a), self.household_a)
        self.assertEqual(self.visible(self.coordinator_a, self.household_a), self.household_a)
        self.assertFalse(self.visible(self.case_manager_b, self.household_a))
        self.assertFalse(self.visible(self.coordinator_b, self.household_a))

    def test_household_shows_only_the_cases_one_may_see(self):
        partner_b = self._client("Ehemann")
        case_b_member = self._case(self.case_manager_b, partner_id=partner_b.id)
        case_b_member.sudo().household_id = self.household_a
        mine = self.case_a.with_user(self.case_manager_a)
        self.assertFalse(mine.household_case_ids, "another provider's case stays hidden")
        coordinated = self.env["kim.case"].with_user(self.coordinator_a).browse(self.case_a.id)
        self.assertEqual(coordinated.household_case_ids, case_b_member)

    def test_client_list_shows_only_clients_of_visible_cases(self):
        action = self.env.ref("kim_case.res_partner_action_kim_clients")
        domain = safe_eval(action.domain)
        clients = self.env["res.partner"].with_user(self.case_manager_a).search(domain)
        self.assertIn(self.case_a.partner_id, clients)
        self.assertNotIn(self.case_b.partner_id, clients)
        seen_by_coordinator = self.env["res.partner"].with_user(self.coordinator_a).search(domain)
        self.assertIn(self.case_b.partner_id, seen_by_coordinator)
        self.assertNotIn(self.case_in_b.partner_id, seen_by_coordinator)

    def test_case_manager_cannot_open_a_case_for_another_provider(self):
        with self.denied():
            self.env["kim.case"].with_user(self.case_manager_a).create(
                {
                    "partner_id": self._client("Fremd").id,
                    "company_id": self.provider_b.id,
                    "municipality_id": self.city_a.id,
                    "user_id": self.case_manager_a.id,
                }
            )

    def test_caseload_rows(self):
        Caseload = self.env["kim.caseload"]
        own = Caseload.with_user(self.case_manager_a).search([])
        self.assertEqual(own.user_id, self.case_manager_a)
        seen = Caseload.with_user(self.coordinator_a).search([])
        self.assertIn(self.case_manager_b, seen.user_id)
        self.assertNotIn(
            self.city_b, seen.municipality_id, "a coordinator sees only their municipality"
        )


@tagged("post_install", "-at_install")
class TestCaseWorkers(KimCase):
    """kim_worker_ids, the condition of every case manager's rule: searched as one union
    in SQL, computed in memory; both must name the same cases, also right after a
    change in the same transaction."""

    def _compare(self):
        cases = self.env["kim.case"].with_context(active_test=False).search([])
        users = cases.user_id | cases.substitute_ids
        self.assertTrue(users)
        for user in users:
            with self.subTest(user=user.login):
                expected = cases.filtered(lambda c, u=user: u in c.user_id | c.substitute_ids)
                found = cases.search([("kim_worker_ids", "in", [user.id])])
                self.assertEqual(found, expected)
                self.assertEqual(cases.filtered(lambda c, u=user: u in c.kim_worker_ids), expected)

    def test_search_and_compute_agree_through_changes(self):
        case = self._case()
        self._case(self.case_manager_b)
        self._compare()
        case.substitute_ids = self.substitute_a
        self._compare()
        case.substitute_ids = False
        case.user_id = self.substitute_a
        self._compare()

    def test_own_cases_follow_a_reassignment_at_once(self):
        case = self._case()
        as_substitute = self.env["kim.case"].with_user(self.substitute_a)
        self.assertNotIn(case, as_substitute.search([]))
        case.substitute_ids = self.substitute_a
        self.assertIn(case, as_substitute.search([]))
        case.with_user(self.substitute_a).check_access("read")
        case.substitute_ids = False
        self.assertNotIn(case, as_substitute.search([]))

    def test_hostile_values_find_nothing_more(self):
        case = self._case()
        mine = self.env["kim.case"].with_user(self.case_manager_a)
        for value in (["x"], [True], [None], [case.user_id.id, "1; DROP TABLE kim_case"], []):
            with self.subTest(value=value):
                found = mine.search([("kim_worker_ids", "in", value)])
                self.assertLessEqual(set(found.ids), set(mine.search([]).ids))
                self.assertEqual(case in found, case.user_id.id in value)

    def test_a_loaded_case_is_checked_without_a_query(self):
        """The rule tests kim_worker_ids, which is computed from the loaded manager and
        substitutes: the check of a case already read asks the database nothing."""
        case = self._case()
        mine = case.with_user(self.case_manager_a)
        mine.check_access("read")  # the rules themselves are cached per user
        self.env.flush_all()
        self.env.cr.precommit.run()
        self.env.invalidate_all()
        mine.sudo().fetch(["user_id", "substitute_ids", "company_id"])
        (mine.sudo().user_id | mine.sudo().substitute_ids).fetch(["active"])
        with self.assertQueryCount(0):
            mine.check_access("read")
