from odoo.exceptions import AccessError

from odoo.addons.kim_case.tests.common import KimCase

# Each analysis and what it counts: the records it shows, one row each.
SUBJECTS = {
    "kim.contact.analysis": "kim.case.contact",
    "kim.goal.analysis": "kim.case.goal",
    "kim.measure.analysis": "kim.case.measure",
    "kim.assessment.analysis": "kim.case.assessment",
}


class TestAnalysisSubjects(KimCase):
    """Every analysis of what hangs on a case counts exactly what the same user may read
    of its source, split by gender."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))
        cls.topics = cls.env["kim.topic"].search([], limit=3)
        cls.domain = cls.env["kim.life.domain"].search([], limit=1)
        cls.case_a = cls._case(partner_id=cls._client("Amal Haddad", kim_gender="w").id)
        cls.case_b = cls._case(
            user=cls.case_manager_b, partner_id=cls._client("Yusuf Demir", kim_gender="m").id
        )
        cls.case_c = cls._case(
            user=cls.case_manager_b,
            municipality=cls.city_b,
            partner_id=cls._client("Lina Nasser", kim_gender="w").id,
        )
        for case in (cls.case_a, cls.case_b, cls.case_c):
            user = case.user_id
            cls.env["kim.case.contact"].with_user(user).create(
                [
                    {"case_id": case.id, "duration": 90, "topic_ids": [(6, 0, cls.topics.ids)]},
                    {"case_id": case.id, "duration": 30, "topic_ids": [(6, 0, cls.topics[:1].ids)]},
                ]
            )
            cls.env["kim.case.assessment"].with_user(user).create(
                {
                    "case_id": case.id,
                    "life_domain_id": cls.domain.id,
                    "need_level": "2",
                    "self_rating": "2",
                    "manager_rating": "3",
                }
            )
            goal = (
                cls.env["kim.case.goal"]
                .with_user(user)
                .create(
                    {"case_id": case.id, "name": "Wohnung finden", "life_domain_id": cls.domain.id}
                )
            )
            cls.env["kim.case.measure"].with_user(user).create(
                {"case_id": case.id, "goal_id": goal.id, "name": "Termin beim Wohnungsamt"}
            )
        cls.env.flush_all()

    def test_each_analysis_counts_what_the_user_may_read(self):
        for user in (self.case_manager_a, self.case_manager_b, self.coordinator_a,
                     self.coordinator_b):  # fmt: skip
            for analysis, source in SUBJECTS.items():
                with self.subTest(user=user.login, analysis=analysis):
                    groups = (
                        self.env[analysis].with_user(user)._read_group([], ["gender"], ["__count"])
                    )
                    total = sum(count for _gender, count in groups)
                    self.assertEqual(total, self.env[source].with_user(user).search_count([]))
                    self.assertGreater(total, 0)

    def test_topics_share_the_contact_time(self):
        Topics = self.env["kim.topic.analysis"].with_user(self.case_manager_a)
        rows = Topics.search([])
        self.assertEqual(len(rows), 4)  # three topics, then one
        self.assertAlmostEqual(sum(rows.mapped("hours")), 2.0, places=1)
        self.assertEqual(set(rows.case_id.ids), {self.case_a.id})
        by_topic = dict(Topics._read_group([], ["topic_id"], ["__count"]))
        self.assertEqual(by_topic[self.topics[0]], 2)

    def test_assessments_compare_self_and_case_manager(self):
        row = self.env["kim.assessment.analysis"].with_user(self.case_manager_a).search([])
        self.assertEqual(len(row), 1)
        self.assertFalse(row.ratings_agree)
        self.assertEqual((row.self_rating, row.manager_rating), ("2", "3"))

    def test_goals_with_their_measures(self):
        row = (
            self.env["kim.goal.analysis"]
            .with_user(self.coordinator_a)
            .search([("case_id", "=", self.case_b.id)])
        )
        self.assertEqual((row.measure_count, row.measures_done), (1, 0))
        self.assertEqual(row.days_after_opening, 0)

    def test_no_figures_for_other_roles(self):
        for analysis in (*SUBJECTS, "kim.topic.analysis"):
            for user in (self.traeger_admin_a, self.internal_user):
                with (
                    self.subTest(analysis=analysis, user=user.login),
                    self.assertRaises(AccessError),
                ):
                    self.env[analysis].with_user(user).search([])
